import { Button, Group } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useTranslation } from "react-i18next";
import { type Period, periodPresets } from "./report-period";

interface PeriodControlsProps {
  period: Period;
  today: string;
  onChange: (period: Period) => void;
}

/** From and to, with the periods people ask for most: this week, this month, last month. */
export function PeriodControls({ period, today, onChange }: PeriodControlsProps) {
  const { t } = useTranslation();
  const { thisWeek, thisMonth, lastMonth } = periodPresets(today);
  const presets: { label: string; period: Period }[] = [
    { label: t("tasks.report.thisWeek"), period: thisWeek },
    { label: t("tasks.report.thisMonth"), period: thisMonth },
    { label: t("tasks.report.lastMonth"), period: lastMonth },
  ];
  return (
    <>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <DatePickerInput
          label={t("tasks.report.from")}
          value={period.from}
          onChange={(value) => value && onChange({ ...period, from: value })}
          valueFormat="D MMM YYYY"
          maxDate={period.to}
          w={150}
        />
        <DatePickerInput
          label={t("tasks.report.to")}
          value={period.to}
          onChange={(value) => value && onChange({ ...period, to: value })}
          valueFormat="D MMM YYYY"
          minDate={period.from}
          w={150}
        />
      </Group>
      <Group gap={4} wrap="wrap">
        {presets.map((preset) => {
          const active = preset.period.from === period.from && preset.period.to === period.to;
          return (
            <Button
              key={preset.label}
              size="compact-sm"
              variant={active ? "light" : "subtle"}
              onClick={() => onChange(preset.period)}
              aria-pressed={active}
            >
              {preset.label}
            </Button>
          );
        })}
      </Group>
    </>
  );
}
