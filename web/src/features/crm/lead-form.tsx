import { Select, SimpleGrid, Textarea, TextInput } from "@mantine/core";
import { formatPhone, type Lead, leadWriteSchema, type Me } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formErrors } from "../../lib/form-validation";
import { useFormState } from "../../lib/use-form-state";
import { UserPicker } from "../org/user-picker";
import { accessLevel } from "./crm-common";
import { CrmForm, diff, textOrNull } from "./form-kit";

export type EditableLeadStatus = "new" | "in_work" | "junk";

export interface LeadFormValues {
  [key: string]: unknown;
  title: string;
  source: string;
  status: EditableLeadStatus;
  contactName: string;
  companyName: string;
  phone: string;
  email: string;
  comment: string;
  ownerId: string | null;
  ownerName: string | null;
}

export function newLeadValues(me: Me): LeadFormValues {
  return {
    title: "",
    source: "",
    status: "new",
    contactName: "",
    companyName: "",
    phone: "",
    email: "",
    comment: "",
    ownerId: me.id,
    ownerName: me.name,
  };
}

export function leadValues(lead: Lead): LeadFormValues {
  return {
    title: lead.title,
    source: lead.source ?? "",
    status: lead.status === "converted" ? "in_work" : lead.status,
    contactName: lead.contactName ?? "",
    companyName: lead.companyName ?? "",
    phone: lead.phone ? formatPhone(lead.phone) : "",
    email: lead.email ?? "",
    comment: lead.comment ?? "",
    ownerId: lead.ownerId,
    ownerName: lead.ownerName,
  };
}

function toInput(values: LeadFormValues) {
  return {
    title: values.title.trim(),
    source: textOrNull(values.source),
    status: values.status,
    contactName: textOrNull(values.contactName),
    companyName: textOrNull(values.companyName),
    phone: textOrNull(values.phone),
    email: textOrNull(values.email.toLowerCase()),
    comment: textOrNull(values.comment),
    ownerId: values.ownerId ?? undefined,
  };
}

interface LeadFormProps {
  initial: LeadFormValues;
  original?: LeadFormValues;
  onSubmit: (input: Record<string, unknown>) => Promise<unknown>;
  onCancel: () => void;
  onStale?: () => void;
}

export function LeadForm({ initial, original, onSubmit, onCancel, onStale }: LeadFormProps) {
  const { t } = useTranslation();
  const me = useMe();
  const form = useFormState<LeadFormValues>(initial);
  const { values, errors, setField } = form;

  // What is sent: the whole lead when creating, the changed fields when editing.
  const input = () => (original ? diff(toInput(original), toInput(values)) : toInput(values));
  const validate = () =>
    formErrors(original ? leadWriteSchema.partial() : leadWriteSchema, input(), t, {
      typed: { phone: values.phone, email: values.email },
    });
  const submit = () => onSubmit(input());

  return (
    <CrmForm form={form} validate={validate} onSubmit={submit} onCancel={onCancel} onStale={onStale}>
      <TextInput label={t("crm.fields.leads.title")} required data-autofocus {...form.text("title")} />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
        <TextInput label={t("crm.fields.leads.source")} {...form.text("source")} />
        <Select
          label={t("crm.fields.leads.status")}
          data={(["new", "in_work", "junk"] as const).map((value) => ({
            value,
            label: t(`crm.leadStatuses.${value}`),
          }))}
          value={values.status}
          onChange={(value) => value && setField("status", value as EditableLeadStatus)}
          allowDeselect={false}
          error={errors.status}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
        <TextInput label={t("crm.fields.leads.contactName")} {...form.text("contactName")} />
        <TextInput label={t("crm.fields.leads.companyName")} {...form.text("companyName")} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
        <TextInput
          label={t("crm.fields.leads.phone")}
          type="tel"
          placeholder="+7 701 555 12 34"
          {...form.text("phone")}
        />
        <TextInput label={t("crm.fields.leads.email")} type="email" {...form.text("email")} />
      </SimpleGrid>
      <Textarea
        label={t("crm.fields.leads.comment")}
        autosize
        minRows={2}
        maxRows={6}
        value={values.comment}
        onChange={(event) => setField("comment", event.currentTarget.value)}
        error={errors.comment}
      />
      <UserPicker
        label={t("crm.fields.leads.ownerId")}
        value={values.ownerId}
        initialOption={values.ownerId && values.ownerName ? { id: values.ownerId, name: values.ownerName } : null}
        onChange={(value) => setField("ownerId", value ?? me.id)}
        disabled={accessLevel(me, "leads", "write") === "own"}
        error={errors.ownerId}
      />
    </CrmForm>
  );
}
