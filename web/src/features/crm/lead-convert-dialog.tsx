import {
  Alert,
  Button,
  Divider,
  Fieldset,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useMediaQuery } from "@mantine/hooks";
import { formatPhone, isValidBin, type Lead, normalizePhone } from "@planerka/common";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../lib/api";
import { isStaleVersion, notifyError, notifySuccess, problemText } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { convertLead, type LeadConversion, pipelinesQuery } from "./crm-api";
import { parseMoney } from "./crm-common";
import { DuplicateWarning } from "./duplicate-warning";
import { isEmail, textOrNull } from "./form-kit";
import { RecordPicker } from "./record-picker";

type Mode = "existing" | "new" | "none";

interface Values {
  [key: string]: unknown;
  companyMode: Mode;
  companyId: string | null;
  companyName: string;
  companyBin: string;
  companyCity: string;
  contactMode: Mode;
  contactId: string | null;
  contactName: string;
  contactPosition: string;
  contactPhone: string;
  contactEmail: string;
  dealTitle: string;
  dealAmount: number | string;
  dealStageId: string | null;
  dealExpectedCloseDate: string | null;
}

/** Where the server's field paths go in this form. */
const errorFields: Record<string, string> = {
  companyId: "companyId",
  "newCompany.name": "companyName",
  "newCompany.bin": "companyBin",
  "newCompany.city": "companyCity",
  contactId: "contactId",
  "newContact.name": "contactName",
  "newContact.position": "contactPosition",
  "newContact.phones": "contactPhone",
  "newContact.emails": "contactEmail",
  "deal.title": "dealTitle",
  "deal.amount": "dealAmount",
  "deal.stageId": "dealStageId",
  "deal.expectedCloseDate": "dealExpectedCloseDate",
};

function mapErrors(error: ProblemError): Record<string, string> {
  const mapped: Record<string, string> = {};
  for (const item of error.errors) {
    const path = item.path.replace(/^body\.?/, "");
    const key = Object.keys(errorFields).find((prefix) => path === prefix || path.startsWith(`${prefix}.`));
    if (key) mapped[errorFields[key] as string] ??= item.message;
  }
  return mapped;
}

interface LeadConvertDialogProps {
  lead: Lead;
  opened: boolean;
  onClose: () => void;
  onStale: () => void;
}

/** «Конвертировать в сделку»: pick or create the company and contact, name the deal, and open it. */
export function LeadConvertDialog({ lead, opened, onClose, onStale }: LeadConvertDialogProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 48em)");
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>{t("crm.convert.title")}</Text>}
      size="lg"
      fullScreen={phone}
    >
      {opened && <ConvertForm lead={lead} onClose={onClose} onStale={onStale} />}
    </Modal>
  );
}

function ConvertForm({ lead, onClose, onStale }: { lead: Lead; onClose: () => void; onStale: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const pipelines = useQuery(pipelinesQuery).data ?? [];
  const pipeline = pipelines.find((item) => item.isDefault) ?? pipelines[0];
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const form = useFormState<Values>({
    companyMode: lead.companyName ? "new" : "none",
    companyId: null,
    companyName: lead.companyName ?? "",
    companyBin: "",
    companyCity: "",
    contactMode: lead.contactName ? "new" : "none",
    contactId: null,
    contactName: lead.contactName ?? "",
    contactPosition: "",
    contactPhone: lead.phone ? formatPhone(lead.phone) : "",
    contactEmail: lead.email ?? "",
    dealTitle: lead.title,
    dealAmount: "",
    dealStageId: null,
    dealExpectedCloseDate: null,
  });
  const { values, errors, setField } = form;

  const validate = () => {
    const found: Record<string, string> = {};
    if (values.companyMode === "existing" && !values.companyId) found.companyId = t("errors.required");
    if (values.companyMode === "new") {
      if (!values.companyName.trim()) found.companyName = t("errors.required");
      if (values.companyBin.trim() && !isValidBin(values.companyBin.trim())) found.companyBin = t("crm.form.badBin");
    }
    if (values.contactMode === "existing" && !values.contactId) found.contactId = t("errors.required");
    if (values.contactMode === "new") {
      if (!values.contactName.trim()) found.contactName = t("errors.required");
      if (values.contactPhone.trim() && !normalizePhone(values.contactPhone))
        found.contactPhone = t("crm.form.badPhone", { value: values.contactPhone });
      if (values.contactEmail.trim() && !isEmail(values.contactEmail))
        found.contactEmail = t("crm.form.badEmail", { value: values.contactEmail });
    }
    if (!values.dealTitle.trim()) found.dealTitle = t("errors.required");
    const amount = parseMoney(values.dealAmount);
    if (values.dealAmount !== "" && (amount === null || amount < 0)) found.dealAmount = t("crm.form.badAmount");
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate();
    if (Object.keys(found).length > 0) return form.setErrors(found);
    const input: LeadConversion = {
      deal: {
        title: values.dealTitle.trim(),
        amount: parseMoney(values.dealAmount) ?? 0,
        ...(values.dealStageId ? { stageId: values.dealStageId } : {}),
        expectedCloseDate: values.dealExpectedCloseDate || null,
      },
      version: lead.version,
    };
    if (values.companyMode === "existing" && values.companyId) input.companyId = values.companyId;
    if (values.companyMode === "new") {
      input.newCompany = {
        name: values.companyName.trim(),
        bin: textOrNull(values.companyBin),
        city: textOrNull(values.companyCity),
      };
    }
    if (values.contactMode === "existing" && values.contactId) input.contactId = values.contactId;
    if (values.contactMode === "new") {
      input.newContact = {
        name: values.contactName.trim(),
        position: textOrNull(values.contactPosition),
        phones: values.contactPhone.trim() ? [values.contactPhone.trim()] : [],
        emails: values.contactEmail.trim() ? [values.contactEmail.trim().toLowerCase()] : [],
      };
    }
    setSubmitting(true);
    setFailure(null);
    try {
      const result = await convertLead(lead.id, input);
      notifySuccess(t("crm.convert.done"));
      await queryClient.invalidateQueries({ queryKey: ["crm"] });
      onClose();
      void navigate({ to: "/crm/deals/$dealId", params: { dealId: result.dealId } });
    } catch (error) {
      if (error instanceof ProblemError && error.errors.length > 0) {
        form.setErrors(mapErrors(error));
        notifyError(error);
      } else {
        setFailure(error);
      }
      // A changed lead answers 409; the card reloads so the next try carries the new version.
      if (isStaleVersion(error) || (error instanceof ProblemError && error.status === 409)) onStale();
    } finally {
      setSubmitting(false);
    }
  };

  const companyModes = [
    { value: "existing", label: t("crm.convert.existing") },
    { value: "new", label: t("crm.convert.createNew") },
    { value: "none", label: t("crm.convert.none") },
  ];
  const contactModes = [
    { value: "existing", label: t("crm.convert.existingContact") },
    { value: "new", label: t("crm.convert.createNewContact") },
    { value: "none", label: t("crm.convert.noneContact") },
  ];

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Fieldset legend={t("crm.convert.company")} radius="md">
          <Stack gap="sm">
            <SegmentedControl
              aria-label={t("crm.convert.company")}
              data={companyModes}
              value={values.companyMode}
              onChange={(value) => setField("companyMode", value as Mode)}
              fullWidth
              size="xs"
            />
            {values.companyMode === "existing" && (
              <RecordPicker
                entity="companies"
                label={t("crm.convert.pickCompany")}
                value={values.companyId}
                onChange={(id) => setField("companyId", id)}
                error={errors.companyId}
                required
              />
            )}
            {values.companyMode === "new" && (
              <>
                <TextInput label={t("crm.fields.companies.name")} required {...form.text("companyName")} />
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                  <TextInput
                    label={t("crm.fields.companies.bin")}
                    inputMode="numeric"
                    maxLength={12}
                    value={values.companyBin}
                    onChange={(event) => setField("companyBin", event.currentTarget.value.replace(/\D/g, ""))}
                    error={
                      errors.companyBin ??
                      (values.companyBin.length === 12 && !isValidBin(values.companyBin)
                        ? t("crm.form.badBin")
                        : undefined)
                    }
                  />
                  <TextInput label={t("crm.fields.companies.city")} {...form.text("companyCity")} />
                </SimpleGrid>
                <DuplicateWarning
                  entity="companies"
                  name={values.companyName}
                  bin={values.companyBin}
                  phones={[]}
                  emails={[]}
                />
              </>
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend={t("crm.convert.contact")} radius="md">
          <Stack gap="sm">
            <SegmentedControl
              aria-label={t("crm.convert.contact")}
              data={contactModes}
              value={values.contactMode}
              onChange={(value) => setField("contactMode", value as Mode)}
              fullWidth
              size="xs"
            />
            {values.contactMode === "existing" && (
              <RecordPicker
                entity="contacts"
                label={t("crm.convert.pickContact")}
                value={values.contactId}
                companyId={values.companyMode === "existing" ? values.companyId : null}
                onChange={(id) => setField("contactId", id)}
                error={errors.contactId}
                required
              />
            )}
            {values.contactMode === "new" && (
              <>
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                  <TextInput label={t("crm.fields.contacts.name")} required {...form.text("contactName")} />
                  <TextInput label={t("crm.fields.contacts.position")} {...form.text("contactPosition")} />
                  <TextInput label={t("crm.fields.leads.phone")} type="tel" {...form.text("contactPhone")} />
                  <TextInput label={t("crm.fields.leads.email")} type="email" {...form.text("contactEmail")} />
                </SimpleGrid>
                <DuplicateWarning
                  entity="contacts"
                  name={values.contactName}
                  phones={values.contactPhone ? [values.contactPhone] : []}
                  emails={values.contactEmail ? [values.contactEmail] : []}
                />
              </>
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend={t("crm.convert.deal")} radius="md">
          <Stack gap="sm">
            <TextInput label={t("crm.fields.deals.title")} required {...form.text("dealTitle")} />
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <NumberInput
                label={t("crm.fields.deals.amount")}
                value={values.dealAmount}
                onChange={(value) => setField("dealAmount", value)}
                thousandSeparator=" "
                decimalSeparator=","
                decimalScale={2}
                min={0}
                hideControls
                rightSection="₸"
                error={errors.dealAmount}
              />
              <Select
                label={t("crm.fields.deals.stageId")}
                placeholder={t("crm.form.firstStage")}
                data={(pipeline?.stages ?? []).map((stage) => ({ value: stage.id, label: stage.name }))}
                value={values.dealStageId}
                onChange={(value) => setField("dealStageId", value)}
                clearable
                error={errors.dealStageId}
              />
            </SimpleGrid>
            <DateInput
              label={t("crm.fields.deals.expectedCloseDate")}
              value={values.dealExpectedCloseDate}
              onChange={(value) => setField("dealExpectedCloseDate", value)}
              valueFormat="D MMMM YYYY"
              clearable
              error={errors.dealExpectedCloseDate}
            />
          </Stack>
        </Fieldset>

        {failure !== null && (
          <Alert color="red" role="alert">
            {problemText(failure)}
          </Alert>
        )}
        <Divider />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={submitting}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={submitting}>
            {t("crm.convert.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
