import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import type { Settings } from "@planerka/common";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { languages } from "../../i18n/locale";
import { handleFormError, notifySuccess, problemText } from "../../lib/notify";
import { timeZoneGroups } from "../../lib/time-zones";
import { useFormState } from "../../lib/use-form-state";
import { type SettingsPatch, settingsQuery, updateSettings } from "./settings-api";

const currencies = ["KZT", "RUB", "USD", "EUR", "CNY", "UZS", "KGS"];
const weekdays = ["1", "2", "3", "4", "5", "6", "7"] as const;

export function CompanySettingsPage() {
  const { t } = useTranslation();
  const { data: settings, error, refetch } = useQuery(settingsQuery);
  const [formKey, setFormKey] = useState(0);

  return (
    <Stack gap="md" maw={760}>
      <Title order={2}>{t("settings.company.title")}</Title>
      {error ? (
        <Text c="red">{problemText(error)}</Text>
      ) : !settings ? (
        <Skeleton h={420} />
      ) : (
        <CompanySettingsForm
          key={`${settings.version}-${formKey}`}
          settings={settings}
          onStale={async () => {
            await refetch();
            setFormKey((key) => key + 1);
          }}
        />
      )}
    </Stack>
  );
}

interface FormProps {
  settings: Settings;
  onStale: () => Promise<void>;
}

function CompanySettingsForm({ settings, onStale }: FormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const form = useFormState({
    companyName: settings.companyName,
    timeZone: settings.timeZone,
    currency: settings.currency,
    weekStart: String(settings.weekStart),
    workingWeekdays: settings.workingWeekdays.map(String),
    locale: settings.locale as string,
    hangingDealDays: settings.hangingDealDays as number | string,
  });
  const { values } = form;

  const zoneData = useMemo(
    () => timeZoneGroups(settings.timeZone, t("settings.company.zonesKazakhstan"), t("settings.company.zonesOther")),
    [settings.timeZone, t],
  );

  const currencyData = currencies.includes(settings.currency) ? currencies : [settings.currency, ...currencies];
  const localeData = languages.map((value) => ({ value, label: t(`languages.${value}`) }));
  const weekdayData = weekdays.map((day) => ({ value: day, label: t(`settings.weekdays.${day}`) }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!values.companyName.trim()) errors.companyName = t("errors.required");
    if (values.workingWeekdays.length === 0) errors.workingWeekdays = t("settings.company.noWorkingDays");
    const hangingDays = Number(values.hangingDealDays);
    if (values.hangingDealDays === "" || !Number.isInteger(hangingDays) || hangingDays < 1 || hangingDays > 365)
      errors.hangingDealDays = t("start.setting.range");
    if (Object.keys(errors).length > 0) return form.setErrors(errors);

    const patch: SettingsPatch = { version: settings.version };
    if (values.companyName.trim() !== settings.companyName) patch.companyName = values.companyName.trim();
    if (values.timeZone !== settings.timeZone) patch.timeZone = values.timeZone;
    if (values.currency !== settings.currency) patch.currency = values.currency;
    if (Number(values.weekStart) !== settings.weekStart) patch.weekStart = Number(values.weekStart);
    const working = values.workingWeekdays.map(Number).sort((a, b) => a - b);
    if (working.join() !== [...settings.workingWeekdays].sort((a, b) => a - b).join()) patch.workingWeekdays = working;
    if (values.locale !== settings.locale) patch.locale = values.locale as Settings["locale"];
    if (hangingDays !== settings.hangingDealDays) patch.hangingDealDays = hangingDays;

    setSaving(true);
    try {
      const saved = await updateSettings(patch);
      queryClient.setQueryData(settingsQuery.queryKey, saved);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["me"] }),
        queryClient.invalidateQueries({ queryKey: ["setup"] }),
        queryClient.invalidateQueries({ queryKey: ["calendar"] }),
        queryClient.invalidateQueries({ queryKey: ["start"] }),
      ]);
      notifySuccess(t("settings.company.saved"));
    } catch (caught) {
      handleFormError(caught, form, () => void onStale());
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper withBorder radius="md" p={{ base: "md", sm: "lg" }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label={t("settings.company.name")} required {...form.text("companyName")} />
          <Select
            label={t("settings.company.timeZone")}
            description={t("settings.company.timeZoneHint")}
            data={zoneData}
            value={values.timeZone}
            onChange={(zone) => zone && form.setField("timeZone", zone)}
            searchable
            allowDeselect={false}
            maxDropdownHeight={320}
            error={form.errors.timeZone}
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
            <Select
              label={t("settings.company.currency")}
              data={currencyData}
              value={values.currency}
              onChange={(currency) => currency && form.setField("currency", currency)}
              allowDeselect={false}
              error={form.errors.currency}
            />
            <Select
              label={t("settings.company.weekStart")}
              data={weekdayData}
              value={values.weekStart}
              onChange={(day) => day && form.setField("weekStart", day)}
              allowDeselect={false}
              error={form.errors.weekStart}
            />
            <Select
              label={t("settings.company.locale")}
              data={localeData}
              value={values.locale}
              onChange={(locale) => locale && form.setField("locale", locale)}
              allowDeselect={false}
              error={form.errors.locale}
            />
          </SimpleGrid>
          <Checkbox.Group
            label={t("settings.company.workingWeekdays")}
            value={values.workingWeekdays}
            onChange={(days) => form.setField("workingWeekdays", days)}
            error={form.errors.workingWeekdays}
          >
            <Group gap="md" mt={8}>
              {weekdays.map((day) => (
                <Checkbox key={day} value={day} label={t(`settings.weekdays.${day}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <NumberInput
            label={t("start.setting.label")}
            description={t("start.setting.hint")}
            min={1}
            max={365}
            allowDecimal={false}
            allowNegative={false}
            maw={260}
            value={values.hangingDealDays}
            onChange={(days) => form.setField("hangingDealDays", days)}
            error={form.errors.hangingDealDays}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={saving}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
