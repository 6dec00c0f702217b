import { Button, Group, Select, Stack, TextInput } from "@mantine/core";
import { type Unit, type UnitKind, unitKinds, unitWriteSchema } from "@planerka/common";
import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { formErrors } from "../../lib/form-validation";
import { handleFormError } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { UnitSelect } from "./unit-select";
import { subtreeIds } from "./unit-tree-model";
import type { UnitInput } from "./units-api";
import { UserPicker } from "./user-picker";

interface UnitFormProps {
  units: Unit[];
  /** The unit being edited; absent when creating. */
  unit?: Unit;
  initial: UnitInput;
  onSubmit: (values: UnitInput) => Promise<unknown>;
  onCancel: () => void;
  onStale?: () => void;
}

export function UnitForm({ units, unit, initial, onSubmit, onCancel, onStale }: UnitFormProps) {
  const { t } = useTranslation();
  const form = useFormState<{ [key: string]: unknown } & UnitInput>({ ...initial });
  const [submitting, setSubmitting] = useState(false);
  const { values } = form;
  // A unit cannot move under itself or below; the root stays the root.
  const excluded = useMemo(() => (unit ? subtreeIds(units, [unit.id]) : undefined), [units, unit]);
  const isRoot = unit ? unit.parentId === null : units.length === 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: UnitInput = { ...values, name: values.name.trim() };
    const errors = formErrors(unitWriteSchema, input, t);
    // The schema lets the root have no parent; any other unit needs one.
    if (!isRoot && !values.parentId) errors.parentId = t("errors.required");
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setSubmitting(true);
    try {
      await onSubmit(input);
    } catch (error) {
      handleFormError(error, form, onStale);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label={t("units.fields.name")} required data-autofocus {...form.text("name")} />
        <Select
          label={t("units.fields.kind")}
          required
          data={unitKinds.map((kind) => ({ value: kind, label: t(`unitKinds.${kind}`) }))}
          value={values.kind}
          onChange={(kind) => kind && form.setField("kind", kind as UnitKind)}
          allowDeselect={false}
          error={form.errors.kind}
        />
        {!isRoot && (
          <UnitSelect
            label={t("units.fields.parent")}
            required
            units={units}
            exclude={excluded}
            value={values.parentId}
            onChange={(parentId) => form.setField("parentId", parentId)}
            error={form.errors.parentId}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <UserPicker
          label={t("units.fields.head")}
          value={values.headUserId}
          onChange={(headUserId) => form.setField("headUserId", headUserId)}
          initialOption={
            unit?.headUserId && unit.headUserName ? { id: unit.headUserId, name: unit.headUserName } : null
          }
          clearable
          error={form.errors.headUserId}
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel} disabled={submitting}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={submitting}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A new unit sits one level below its parent: company → region → city → department. */
export function childKind(parent: Unit | undefined): UnitKind {
  if (!parent) return "company";
  const index = unitKinds.indexOf(parent.kind);
  return unitKinds[Math.min(index + 1, unitKinds.length - 1)] ?? "department";
}
