import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { type BonusScheme, bonusPeriodKinds, roles } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../lib/api";
import { handleFormError } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { UnitSelect } from "../org/unit-select";
import { unitsQuery } from "../org/units-api";
import { UserMultiPicker } from "../org/user-multi-picker";
import { BandsEditor } from "./bands-editor";
import { checkSchemeDraft, type DraftError, type SchemeBody, type SchemeDraft, schemeFieldOf } from "./scheme-draft";
import { describeScheme } from "./scheme-words";

interface BonusSchemeFormProps {
  initial: SchemeDraft;
  /** The stored scheme being edited; absent for a new one. */
  scheme?: BonusScheme;
  onSubmit: (body: SchemeBody) => Promise<unknown>;
  onCancel: () => void;
  /** Someone else saved the scheme meanwhile (409): the list reloads and the dialog closes. */
  onStale: () => void;
}

/** The editor: who, which period, which base, the bands, and the optional parts, with the scheme in words. */
export function BonusSchemeForm({ initial, scheme, onSubmit, onCancel, onStale }: BonusSchemeFormProps) {
  const { t, i18n } = useTranslation();
  const units = useQuery(unitsQuery);
  const form = useFormState<SchemeDraft>(initial);
  const { values, errors, setField } = form;
  const [saving, setSaving] = useState(false);
  const message = (error: DraftError) => t(`bonuses.schemes.errors.${error.key}`, error.values ?? {});

  const checked = useMemo(() => checkSchemeDraft(values), [values]);
  const preview = checked.ok ? describeScheme(checked.body, t, i18n.language) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!checked.ok) {
      form.setErrors(
        Object.fromEntries(Object.entries(checked.errors).map(([field, error]) => [field, message(error)])),
      );
      return;
    }
    setSaving(true);
    try {
      await onSubmit(checked.body);
    } catch (error) {
      handleFormError(error, undefined, onStale);
      // The server names fields by the API's paths (`body.bands.1.rate`); the editor's are its own.
      if (error instanceof ProblemError) {
        const byField: Record<string, string> = {};
        for (const problem of error.errors) byField[schemeFieldOf(problem.path)] ??= problem.message;
        form.setErrors(byField);
      }
    } finally {
      setSaving(false);
    }
  };

  // Editing a band clears every band message: one change can settle the order of the others.
  const setBands = (bands: SchemeDraft["bands"]) => {
    setField("bands", bands);
    form.setErrors(Object.fromEntries(Object.entries(errors).filter(([field]) => !field.startsWith("bands"))));
  };
  const appliesError = errors.appliesTo;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label={t("bonuses.schemes.fields.name")} required data-autofocus {...form.text("name")} />
        <Select
          label={t("bonuses.schemes.fields.period")}
          data={bonusPeriodKinds.map((kind) => ({ value: kind, label: t(`bonuses.period.kinds.${kind}`) }))}
          value={values.period}
          onChange={(value) => value && setField("period", value as SchemeDraft["period"])}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Fieldset legend={t("bonuses.schemes.fields.appliesTo")} variant="filled" p="sm">
          <Text size="xs" c="dimmed" mb={6}>
            {t("bonuses.schemes.fields.appliesToHint")}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
            <Select
              label={t("bonuses.schemes.fields.role")}
              placeholder={t("bonuses.schemes.fields.anyRole")}
              data={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
              value={values.role}
              onChange={(value) => setField("role", value as SchemeDraft["role"])}
              clearable
              error={errors.role}
              comboboxProps={{ withinPortal: true }}
            />
            <UnitSelect
              label={t("bonuses.schemes.fields.unit")}
              placeholder={t("bonuses.schemes.fields.anyUnit")}
              units={units.data ?? []}
              value={values.unitId}
              onChange={(value) => setField("unitId", value)}
              clearable
              error={errors.unitId}
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
          <UserMultiPicker
            mt="sm"
            label={t("bonuses.schemes.fields.users")}
            placeholder={values.users.length === 0 ? t("bonuses.schemes.fields.addUsers") : undefined}
            value={values.users}
            onChange={(users) => setField("users", users)}
            error={errors.users}
            comboboxProps={{ withinPortal: true }}
          />
          {appliesError && (
            <Text size="xs" c="red" mt={6} role="alert">
              {appliesError}
            </Text>
          )}
        </Fieldset>
        {/* One above the other: «Выручка подразделения» does not fit half of the dialog. */}
        <SimpleGrid cols={1} spacing="sm" verticalSpacing="sm">
          <LabelledChoice
            label={t("bonuses.schemes.fields.base")}
            value={values.base}
            onChange={(value) => setField("base", value)}
            options={(["own", "unit"] as const).map((base) => ({
              value: base,
              label: t(`bonuses.schemes.base.${base}`),
            }))}
          />
          <LabelledChoice
            label={t("bonuses.schemes.fields.mode")}
            value={values.mode}
            onChange={(value) => setField("mode", value)}
            options={(["step", "linear"] as const).map((mode) => ({
              value: mode,
              label: t(`bonuses.schemes.mode.${mode}`),
            }))}
          />
        </SimpleGrid>
        <BandsEditor bands={values.bands} onChange={setBands} errors={errors} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
          <NumberInput
            label={t("bonuses.schemes.fields.fixed")}
            value={values.fixed}
            onChange={(value) => setField("fixed", value)}
            min={0}
            thousandSeparator=" "
            decimalSeparator=","
            decimalScale={2}
            hideControls
            rightSection="₸"
            error={errors.fixed}
          />
          <NumberInput
            label={t("bonuses.schemes.fields.cap")}
            description={t("bonuses.schemes.fields.capHint")}
            value={values.cap}
            onChange={(value) => setField("cap", value)}
            min={0}
            thousandSeparator=" "
            decimalSeparator=","
            decimalScale={2}
            hideControls
            rightSection="₸"
            error={errors.cap}
            inputWrapperOrder={["label", "input", "description", "error"]}
          />
        </SimpleGrid>
        <Group align="flex-end" gap="md" wrap="wrap">
          <Checkbox
            label={t("bonuses.schemes.fields.coefficient")}
            checked={values.useCoefficient}
            onChange={(event) => setField("useCoefficient", event.currentTarget.checked)}
            mb={8}
          />
          {values.useCoefficient && (
            <NumberInput
              label={t("bonuses.schemes.fields.floor")}
              value={values.floor}
              onChange={(value) => setField("floor", value)}
              min={0}
              max={120}
              decimalScale={2}
              decimalSeparator=","
              hideControls
              rightSection="%"
              error={errors.floor}
              w={140}
            />
          )}
        </Group>
        <Switch
          label={t("bonuses.schemes.fields.active")}
          checked={values.active}
          onChange={(event) => setField("active", event.currentTarget.checked)}
        />
        {preview && (
          <Alert variant="light" color="blue" title={t("bonuses.schemes.fields.preview")} data-testid="scheme-preview">
            {preview}
          </Alert>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={saving}>
            {scheme ? t("common.save") : t("bonuses.schemes.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A titled choice of a few values (the base, the bands' mode), full width. */
function LabelledChoice<Value extends string>({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: Value;
  onChange: (value: Value) => void;
  options: { value: Value; label: string }[];
}) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <SegmentedControl
        aria-label={label}
        value={value}
        onChange={(next) => onChange(next as Value)}
        data={options}
        fullWidth
      />
    </Stack>
  );
}
