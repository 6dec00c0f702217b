import { Button, Group, SimpleGrid, Text, TextInput } from "@mantine/core";
import { type Company, companyWriteSchema, type Me } from "@planerka/common";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { formErrors } from "../../lib/form-validation";
import { useFormState } from "../../lib/use-form-state";
import { UserPicker } from "../org/user-picker";
import { accessLevel } from "./crm-common";
import { DuplicateWarning } from "./duplicate-warning";
import { CrmForm, diff, EmailsInput, PhonesInput, textOrNull } from "./form-kit";

export interface CompanyFormValues {
  [key: string]: unknown;
  name: string;
  bin: string;
  phones: string[];
  emails: string[];
  address: string;
  city: string;
  industry: string;
  ownerId: string | null;
  ownerName: string | null;
}

export function newCompanyValues(me: Me): CompanyFormValues {
  return {
    name: "",
    bin: "",
    phones: [],
    emails: [],
    address: "",
    city: "",
    industry: "",
    ownerId: me.id,
    ownerName: me.name,
  };
}

export function companyValues(company: Company): CompanyFormValues {
  return {
    name: company.name,
    bin: company.bin ?? "",
    phones: company.phones,
    emails: company.emails,
    address: company.address ?? "",
    city: company.city ?? "",
    industry: company.industry ?? "",
    ownerId: company.ownerId,
    ownerName: company.ownerName,
  };
}

function toInput(values: CompanyFormValues) {
  return {
    name: values.name.trim(),
    bin: textOrNull(values.bin),
    phones: values.phones,
    emails: values.emails.map((email) => email.trim().toLowerCase()),
    address: textOrNull(values.address),
    city: textOrNull(values.city),
    industry: textOrNull(values.industry),
    ownerId: values.ownerId ?? undefined,
  };
}

const binCheck = companyWriteSchema.pick({ bin: true });

interface CompanyFormProps {
  initial: CompanyFormValues;
  original?: CompanyFormValues;
  /** Editing: this company is not its own duplicate. */
  companyId?: string;
  onSubmit: (input: Record<string, unknown>) => Promise<unknown>;
  onCancel: () => void;
  onStale?: () => void;
}

export function CompanyForm({ initial, original, companyId, onSubmit, onCancel, onStale }: CompanyFormProps) {
  const { t } = useTranslation();
  const me = useMe();
  const form = useFormState<CompanyFormValues>(initial);
  const { values, errors, setField } = form;
  const bin = values.bin.trim();
  // Told as soon as all 12 digits are typed; a shorter one when saving.
  const binError = bin.length === 12 ? formErrors(binCheck, { bin }, t).bin : undefined;

  // What is sent: the whole company when creating, the changed fields when editing.
  const input = () => (original ? diff(toInput(original), toInput(values)) : toInput(values));
  const validate = () =>
    formErrors(original ? companyWriteSchema.partial() : companyWriteSchema, input(), t, {
      typed: { emails: values.emails },
    });

  // The server refuses a BIN another company holds (whoever's it is); heads, tops and admins may
  // register it anyway, e.g. for a branch filed under its parent's BIN.
  const mayAllowDuplicate = me.abilities.allowDuplicateBin;
  const [takenBin, setTakenBin] = useState<string | null>(null);
  const allowDuplicate = useRef(false);
  const binTaken = takenBin !== null && takenBin === bin;

  const submit = async () => {
    const body = input();
    const allow = allowDuplicate.current;
    allowDuplicate.current = false;
    try {
      await onSubmit(allow ? { ...body, allowDuplicateBin: true } : body);
    } catch (error) {
      // Shown on the field, with the choice to save anyway; not as a failure toast.
      if (isProblem(error, 409) && error.errors.some((entry) => entry.path === "bin")) return setTakenBin(bin);
      throw error;
    }
  };

  return (
    <CrmForm form={form} validate={validate} onSubmit={submit} onCancel={onCancel} onStale={onStale}>
      <TextInput label={t("crm.fields.companies.name")} required data-autofocus {...form.text("name")} />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
        <TextInput
          label={t("crm.fields.companies.bin")}
          inputMode="numeric"
          maxLength={12}
          value={values.bin}
          onChange={(event) => setField("bin", event.currentTarget.value.replace(/\D/g, ""))}
          error={
            binTaken
              ? t(mayAllowDuplicate ? "crm.form.binTaken" : "crm.form.binTakenAskHead")
              : (errors.bin ?? binError)
          }
          description={t("crm.form.binHint")}
        />
        <TextInput label={t("crm.fields.companies.city")} {...form.text("city")} />
      </SimpleGrid>
      {binTaken && mayAllowDuplicate && (
        <Group gap="sm" wrap="nowrap">
          <Text size="sm" c="dimmed" flex={1}>
            {t("crm.form.binTakenHint")}
          </Text>
          <Button
            variant="light"
            color="orange"
            size="xs"
            style={{ flexShrink: 0 }}
            onClick={(event) => {
              allowDuplicate.current = true;
              event.currentTarget.form?.requestSubmit();
            }}
          >
            {t("crm.form.saveAnyway")}
          </Button>
        </Group>
      )}
      <PhonesInput
        label={t("crm.fields.companies.phones")}
        value={values.phones}
        onChange={(value) => setField("phones", value)}
        error={errors.phones}
      />
      <EmailsInput
        label={t("crm.fields.companies.emails")}
        value={values.emails}
        onChange={(value) => setField("emails", value)}
        error={errors.emails}
      />
      <DuplicateWarning
        entity="companies"
        name={values.name}
        bin={bin}
        phones={values.phones}
        emails={values.emails}
        excludeId={companyId}
      />
      <TextInput label={t("crm.fields.companies.address")} {...form.text("address")} />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
        <TextInput label={t("crm.fields.companies.industry")} {...form.text("industry")} />
        <UserPicker
          label={t("crm.fields.companies.ownerId")}
          value={values.ownerId}
          initialOption={values.ownerId && values.ownerName ? { id: values.ownerId, name: values.ownerName } : null}
          onChange={(value) => setField("ownerId", value ?? me.id)}
          disabled={accessLevel(me, "companies", "write") === "own"}
          error={errors.ownerId}
        />
      </SimpleGrid>
    </CrmForm>
  );
}
