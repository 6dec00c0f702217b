import { Button, Group } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";

export interface Period {
  from: string;
  to: string;
}

/** This month so far: the reports' default period. */
export function defaultPeriod(today: string): Period {
  return { from: `${today.slice(0, 7)}-01`, to: today };
}

interface PeriodControlsProps {
  period: Period;
  today: string;
  onChange: (period: Period) => void;
}

/** From and to, with the periods people ask for most: this week, this month, last month. */
export function PeriodControls({ period, today, onChange }: PeriodControlsProps) {
  const { t } = useTranslation();
  const day = dayjs(today);
  // ISO weeks start on Monday; dayjs counts Sunday as 0.
  const monday = day.subtract((day.day() + 6) % 7, "day");
  const lastMonth = day.subtract(1, "month");
  const presets: { label: string; period: Period }[] = [
    { label: t("tasks.report.thisWeek"), period: { from: monday.format("YYYY-MM-DD"), to: today } },
    { label: t("tasks.report.thisMonth"), period: defaultPeriod(today) },
    {
      label: t("tasks.report.lastMonth"),
      period: {
        from: lastMonth.startOf("month").format("YYYY-MM-DD"),
        to: lastMonth.endOf("month").format("YYYY-MM-DD"),
      },
    },
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
