import { NumberInput, Select, SimpleGrid, TextInput } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { type Deal, dealWriteSchema, type Me, type Pipeline } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formErrors } from "../../lib/form-validation";
import { useFormState } from "../../lib/use-form-state";
import { UserPicker } from "../org/user-picker";
import { CompanyContactPickers } from "./company-contact-pickers";
import { pipelinesQuery } from "./crm-api";
import { accessLevel, parseMoney } from "./crm-common";
import { CrmForm, diff, textOrNull } from "./form-kit";

export interface DealFormValues {
  [key: string]: unknown;
  title: string;
  amount: number | string;
  stageId: string | null;
  companyId: string | null;
  companyName: string | null;
  contactId: string | null;
  contactName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  expectedCloseDate: string | null;
  source: string;
}

export function newDealValues(me: Me, preset: Partial<DealFormValues> = {}): DealFormValues {
  return {
    title: "",
    amount: "",
    stageId: null,
    companyId: null,
    companyName: null,
    contactId: null,
    contactName: null,
    ownerId: me.id,
    ownerName: me.name,
    expectedCloseDate: null,
    source: "",
    ...preset,
  };
}

export function dealValues(deal: Deal): DealFormValues {
  return {
    title: deal.title,
    amount: deal.amount,
    stageId: deal.stageId,
    companyId: deal.companyId,
    companyName: deal.company?.name ?? null,
    contactId: deal.contactId,
    contactName: deal.contact?.name ?? null,
    ownerId: deal.ownerId,
    ownerName: deal.ownerName,
    expectedCloseDate: deal.expectedCloseDate,
    source: deal.source ?? "",
  };
}

function stageData(pipelines: Pipeline[]) {
  if (pipelines.length === 1) {
    return (pipelines[0]?.stages ?? []).map((stage) => ({ value: stage.id, label: stage.name }));
  }
  return pipelines.map((pipeline) => ({
    group: pipeline.name,
    items: pipeline.stages.map((stage) => ({ value: stage.id, label: stage.name })),
  }));
}

/** The API body from the form: the stage also names its pipeline. */
function toInput(values: DealFormValues, pipelines: Pipeline[]) {
  const pipeline = pipelines.find((item) => item.stages.some((stage) => stage.id === values.stageId));
  return {
    title: values.title.trim(),
    amount: parseMoney(values.amount) ?? 0,
    ...(values.stageId ? { stageId: values.stageId, pipelineId: pipeline?.id } : {}),
    companyId: values.companyId,
    contactId: values.contactId,
    ownerId: values.ownerId ?? undefined,
    expectedCloseDate: values.expectedCloseDate || null,
    source: textOrNull(values.source),
  };
}

interface DealFormProps {
  initial: DealFormValues;
  /** Editing: the record as loaded, so only changed fields are sent. */
  original?: DealFormValues;
  onSubmit: (input: Record<string, unknown>) => Promise<unknown>;
  onCancel: () => void;
  onStale?: () => void;
  submitLabel?: string;
}

export function DealForm({ initial, original, onSubmit, onCancel, onStale, submitLabel }: DealFormProps) {
  const { t } = useTranslation();
  const me = useMe();
  const pipelines = useQuery(pipelinesQuery).data ?? [];
  const form = useFormState<DealFormValues>(initial);
  const { values, errors, setField } = form;

  // What is sent: the whole deal when creating, the changed fields when editing.
  const input = () =>
    original ? diff(toInput(original, pipelines), toInput(values, pipelines)) : toInput(values, pipelines);
  const validate = () => {
    const badAmount = () => t("crm.form.badAmount");
    const found = formErrors(original ? dealWriteSchema.partial() : dealWriteSchema, input(), t, {
      texts: { amount: badAmount },
    });
    // An amount that is no number at all goes as 0 in the input, where the schema cannot see it.
    if (values.amount !== "" && parseMoney(values.amount) === null) found.amount = badAmount();
    return found;
  };
  const submit = () => onSubmit(input());

  return (
    <CrmForm
      form={form}
      validate={validate}
      onSubmit={submit}
      onCancel={onCancel}
      onStale={onStale}
      submitLabel={submitLabel}
    >
      <TextInput label={t("crm.fields.deals.title")} required data-autofocus {...form.text("title")} />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
        <NumberInput
          label={t("crm.fields.deals.amount")}
          value={values.amount}
          onChange={(value) => setField("amount", value)}
          thousandSeparator=" "
          decimalSeparator=","
          decimalScale={2}
          min={0}
          hideControls
          rightSection="₸"
          error={errors.amount}
        />
        <Select
          label={t("crm.fields.deals.stageId")}
          placeholder={t("crm.form.firstStage")}
          data={stageData(pipelines)}
          value={values.stageId}
          onChange={(value) => setField("stageId", value)}
          clearable={!original}
          allowDeselect={!original}
          error={errors.stageId ?? errors.pipelineId}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
        <CompanyContactPickers
          values={values}
          errors={errors}
          setField={setField}
          labels={{ company: t("crm.fields.deals.companyId"), contact: t("crm.fields.deals.contactId") }}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
        <UserPicker
          label={t("crm.fields.deals.ownerId")}
          value={values.ownerId}
          initialOption={values.ownerId && values.ownerName ? { id: values.ownerId, name: values.ownerName } : null}
          onChange={(value) => setField("ownerId", value ?? me.id)}
          disabled={accessLevel(me, "deals", "write") === "own"}
          error={errors.ownerId}
        />
        <DateInput
          label={t("crm.fields.deals.expectedCloseDate")}
          value={values.expectedCloseDate}
          onChange={(value) => setField("expectedCloseDate", value)}
          valueFormat="D MMMM YYYY"
          clearable
          error={errors.expectedCloseDate}
        />
      </SimpleGrid>
      <TextInput label={t("crm.fields.deals.source")} {...form.text("source")} />
    </CrmForm>
  );
}
