import { SimpleGrid, TextInput } from "@mantine/core";
import { type Contact, contactWriteSchema, type Me } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formErrors } from "../../lib/form-validation";
import { useFormState } from "../../lib/use-form-state";
import { UserPicker } from "../org/user-picker";
import { accessLevel } from "./crm-common";
import { DuplicateWarning } from "./duplicate-warning";
import { CrmForm, diff, EmailsInput, PhonesInput, textOrNull } from "./form-kit";
import { RecordPicker } from "./record-picker";

export interface ContactFormValues {
  [key: string]: unknown;
  name: string;
  position: string;
  phones: string[];
  emails: string[];
  companyId: string | null;
  companyName: string | null;
  ownerId: string | null;
  ownerName: string | null;
}

export function newContactValues(me: Me, preset: Partial<ContactFormValues> = {}): ContactFormValues {
  return {
    name: "",
    position: "",
    phones: [],
    emails: [],
    companyId: null,
    companyName: null,
    ownerId: me.id,
    ownerName: me.name,
    ...preset,
  };
}

export function contactValues(contact: Contact): ContactFormValues {
  return {
    name: contact.name,
    position: contact.position ?? "",
    phones: contact.phones,
    emails: contact.emails,
    companyId: contact.companyId,
    companyName: contact.company?.name ?? null,
    ownerId: contact.ownerId,
    ownerName: contact.ownerName,
  };
}

function toInput(values: ContactFormValues) {
  return {
    name: values.name.trim(),
    position: textOrNull(values.position),
    phones: values.phones,
    emails: values.emails.map((email) => email.trim().toLowerCase()),
    companyId: values.companyId,
    ownerId: values.ownerId ?? undefined,
  };
}

interface ContactFormProps {
  initial: ContactFormValues;
  original?: ContactFormValues;
  contactId?: string;
  onSubmit: (input: Record<string, unknown>) => Promise<unknown>;
  onCancel: () => void;
  onStale?: () => void;
}

export function ContactForm({ initial, original, contactId, onSubmit, onCancel, onStale }: ContactFormProps) {
  const { t } = useTranslation();
  const me = useMe();
  const form = useFormState<ContactFormValues>(initial);
  const { values, errors, setField } = form;

  // What is sent: the whole contact when creating, the changed fields when editing.
  const input = () => (original ? diff(toInput(original), toInput(values)) : toInput(values));
  const validate = () =>
    formErrors(original ? contactWriteSchema.partial() : contactWriteSchema, input(), t, {
      typed: { emails: values.emails },
    });
  const submit = () => onSubmit(input());

  return (
    <CrmForm form={form} validate={validate} onSubmit={submit} onCancel={onCancel} onStale={onStale}>
      <TextInput label={t("crm.fields.contacts.name")} required data-autofocus {...form.text("name")} />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
        <TextInput label={t("crm.fields.contacts.position")} {...form.text("position")} />
        <RecordPicker
          entity="companies"
          label={t("crm.fields.contacts.companyId")}
          value={values.companyId}
          initialOption={
            values.companyId && values.companyName ? { id: values.companyId, name: values.companyName } : null
          }
          onChange={(id, name) => {
            setField("companyId", id);
            setField("companyName", name);
          }}
          error={errors.companyId}
        />
      </SimpleGrid>
      <PhonesInput
        label={t("crm.fields.contacts.phones")}
        value={values.phones}
        onChange={(value) => setField("phones", value)}
        error={errors.phones}
      />
      <EmailsInput
        label={t("crm.fields.contacts.emails")}
        value={values.emails}
        onChange={(value) => setField("emails", value)}
        error={errors.emails}
      />
      <DuplicateWarning
        entity="contacts"
        name={values.name}
        phones={values.phones}
        emails={values.emails}
        excludeId={contactId}
      />
      <UserPicker
        label={t("crm.fields.contacts.ownerId")}
        value={values.ownerId}
        initialOption={values.ownerId && values.ownerName ? { id: values.ownerId, name: values.ownerName } : null}
        onChange={(value) => setField("ownerId", value ?? me.id)}
        disabled={accessLevel(me, "contacts", "write") === "own"}
        error={errors.ownerId}
      />
    </CrmForm>
  );
}
