import { Group, MultiSelect, NumberInput, Select, TextInput } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useDebouncedCallback } from "@mantine/hooks";
import type { Pipeline } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { UnitSelect } from "../org/unit-select";
import { unitsQuery } from "../org/units-api";
import { UserPicker } from "../org/user-picker";
import { userQuery } from "../org/users-api";
import { type CrmEntity, crmRecordQuery } from "./crm-api";
import { seesOthers } from "./crm-common";
import type { CrmListSearch } from "./crm-search";
import { RecordPicker } from "./record-picker";

type Update = (changes: Partial<CrmListSearch>) => void;

interface FilterProps {
  search: CrmListSearch;
  update: Update;
}

/** Owner and unit filters, for people who see more than their own records. */
export function OwnerUnitFilters({ search, update, entity }: FilterProps & { entity: CrmEntity }) {
  const { t } = useTranslation();
  const me = useMe();
  const units = useQuery({ ...unitsQuery, enabled: seesOthers(me, entity) }).data ?? [];
  const ownerId = search.ownerId?.split(",")[0] ?? null;
  const owner = useQuery({ ...userQuery(ownerId ?? ""), enabled: Boolean(ownerId) }).data;
  if (!seesOthers(me, entity)) return null;
  return (
    <>
      <UserPicker
        label={t("crm.filters.owner")}
        placeholder={t("crm.filters.anyone")}
        value={ownerId}
        initialOption={owner ? { id: owner.id, name: owner.name } : null}
        onChange={(value) => update({ ownerId: value ?? undefined })}
        clearable
      />
      <UnitSelect
        label={t("crm.filters.unit")}
        placeholder={t("crm.filters.anyUnit")}
        units={units}
        value={search.unitId ?? null}
        onChange={(unitId) => update({ unitId: unitId ?? undefined })}
        clearable
      />
    </>
  );
}

type RangeKeys = ["createdFrom", "createdTo"] | ["expectedFrom", "expectedTo"] | ["closedFrom", "closedTo"];

export function DateRangeFilter({ search, update, keys, label }: FilterProps & { keys: RangeKeys; label: string }) {
  const { t } = useTranslation();
  const [fromKey, toKey] = keys;
  return (
    <DatePickerInput
      type="range"
      label={label}
      placeholder={t("crm.filters.anyDate")}
      value={[search[fromKey] ?? null, search[toKey] ?? null]}
      onChange={([from, to]) => {
        // A half-chosen range waits for its end; a cleared one clears both.
        if (from && !to) return;
        update({ [fromKey]: from ?? undefined, [toKey]: to ?? undefined });
      }}
      valueFormat="D MMM YYYY"
      clearable
      allowSingleDateInRange
    />
  );
}

type TextKeys = "city" | "industry" | "source";

/** A free-text filter applied after a pause in typing (the server matches it exactly). */
export function TextFilter({ search, update, field, label }: FilterProps & { field: TextKeys; label: string }) {
  const current = search[field] ?? "";
  const [text, setText] = useState(current);
  const apply = useDebouncedCallback((value: string) => update({ [field]: value.trim() || undefined }), 500);
  useEffect(() => setText((typed) => (typed.trim() === current ? typed : current)), [current]);
  return (
    <TextInput
      label={label}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        apply(event.currentTarget.value);
      }}
    />
  );
}

function AmountInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  const [text, setText] = useState<string | number>(value ? Number(value) : "");
  const apply = useDebouncedCallback((next: string | number) => {
    const number = typeof next === "number" ? next : Number(next);
    onChange(next === "" || !Number.isFinite(number) || number < 0 ? undefined : String(number));
  }, 600);
  useEffect(
    () => setText((current) => (String(current) === (value ?? "") ? current : value ? Number(value) : "")),
    [value],
  );
  return (
    <NumberInput
      label={label}
      value={text}
      onChange={(next) => {
        setText(next);
        apply(next);
      }}
      thousandSeparator=" "
      decimalSeparator=","
      decimalScale={2}
      min={0}
      hideControls
    />
  );
}

export function AmountFilter({ search, update }: FilterProps) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" grow wrap="nowrap" align="flex-end">
      <AmountInput
        label={t("crm.filters.amountMin")}
        value={search.amountMin}
        onChange={(amountMin) => update({ amountMin })}
      />
      <AmountInput
        label={t("crm.filters.amountMax")}
        value={search.amountMax}
        onChange={(amountMax) => update({ amountMax })}
      />
    </Group>
  );
}

export function SemanticFilter({ search, update }: FilterProps) {
  const { t } = useTranslation();
  return (
    <Select
      label={t("crm.filters.semantic")}
      placeholder={t("crm.filters.anyState")}
      data={(["open", "won", "lost"] as const).map((value) => ({ value, label: t(`crm.semantics.${value}`) }))}
      value={search.semantic ?? null}
      onChange={(value) => update({ semantic: (value as CrmListSearch["semantic"]) ?? undefined })}
      clearable
    />
  );
}

export function StageFilter({ search, update, pipeline }: FilterProps & { pipeline: Pipeline | undefined }) {
  const { t } = useTranslation();
  const value = search.stageId ? search.stageId.split(",") : [];
  return (
    <MultiSelect
      label={t("crm.filters.stage")}
      placeholder={value.length ? undefined : t("crm.filters.anyStage")}
      data={(pipeline?.stages ?? []).map((stage) => ({ value: stage.id, label: stage.name }))}
      value={value}
      onChange={(next) => update({ stageId: next.length ? next.join(",") : undefined })}
      clearable
    />
  );
}

export function PipelineFilter({ search, update, pipelines }: FilterProps & { pipelines: Pipeline[] }) {
  const { t } = useTranslation();
  if (pipelines.length < 2) return null;
  return (
    <Select
      label={t("crm.filters.pipeline")}
      data={pipelines.map((pipeline) => ({ value: pipeline.id, label: pipeline.name }))}
      value={search.pipelineId ?? pipelines.find((pipeline) => pipeline.isDefault)?.id ?? pipelines[0]?.id ?? null}
      onChange={(value) => update({ pipelineId: value ?? undefined, stageId: undefined })}
      allowDeselect={false}
    />
  );
}

export function LeadStatusFilter({ search, update }: FilterProps) {
  const { t } = useTranslation();
  return (
    <Select
      label={t("crm.filters.status")}
      placeholder={t("crm.filters.anyStatus")}
      data={(["new", "in_work", "converted", "junk"] as const).map((value) => ({
        value,
        label: t(`crm.leadStatuses.${value}`),
      }))}
      value={search.status ?? null}
      onChange={(value) => update({ status: (value as CrmListSearch["status"]) ?? undefined })}
      clearable
    />
  );
}

/** Records of one company; the chosen company's name is loaded when the filter comes from the URL. */
export function CompanyFilter({ search, update, label }: FilterProps & { label: string }) {
  const companyId = search.companyId ?? null;
  const company = useQuery({ ...crmRecordQuery("companies", companyId ?? ""), enabled: Boolean(companyId) }).data;
  return (
    <RecordPicker
      entity="companies"
      label={label}
      value={companyId}
      initialOption={company ? { id: company.id, name: company.name } : null}
      onChange={(id) => update({ companyId: id ?? undefined })}
    />
  );
}
