import { Box, Group, Paper, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { isoWeekday } from "@planerka/common";
import dayjs from "dayjs";
import type { CSSProperties, ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface CalendarDay {
  date: string;
  working: boolean;
  exception: "holiday" | "workday" | null;
  name: string | null;
}

interface CalendarMonthProps {
  month: string;
  days: CalendarDay[];
  workingDays: number;
  weekStart: number;
  workingWeekdays: number[];
  today: string;
  selectedDate: string | null;
  onSelect: (day: CalendarDay) => void;
  /** Wraps the selected day, e.g. in a popover with actions. */
  renderSelected: (day: CalendarDay, cell: ReactNode) => ReactNode;
}

export function dayStyle(day: CalendarDay): CSSProperties {
  if (day.exception === "holiday") {
    return { background: "var(--mantine-color-red-6)", color: "var(--mantine-color-white)", fontWeight: 600 };
  }
  if (day.exception === "workday") {
    return {
      background: "var(--mantine-color-teal-0)",
      color: "var(--mantine-color-teal-9)",
      boxShadow: "inset 0 0 0 1px var(--mantine-color-teal-5)",
      fontWeight: 600,
    };
  }
  if (!day.working) return { background: "var(--mantine-color-red-0)", color: "var(--mantine-color-red-7)" };
  return {};
}

export function useDayStatus() {
  const { t } = useTranslation();
  return (day: CalendarDay) => {
    if (day.exception === "holiday") return t("settings.calendar.holiday");
    if (day.exception === "workday") return t("settings.calendar.workday");
    return day.working ? t("settings.calendar.working") : t("settings.calendar.weekend");
  };
}

export function CalendarMonth(props: CalendarMonthProps) {
  const { t } = useTranslation();
  const status = useDayStatus();
  const { month, days, weekStart, today, selectedDate } = props;
  const first = days[0];
  const leading = first ? (isoWeekday(first.date) - weekStart + 7) % 7 : 0;
  const order = Array.from({ length: 7 }, (_, index) => ((weekStart - 1 + index) % 7) + 1);
  const title = dayjs(`${month}-01`).format("MMMM");

  return (
    <Paper withBorder radius="md" p="sm">
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Text fw={600} tt="capitalize">
          {title}
        </Text>
        <Text size="xs" c="dimmed">
          {t("settings.calendar.monthTotal", { count: props.workingDays })}
        </Text>
      </Group>
      <Box style={{ display: "grid", gridTemplateColumns: "repeat(7, 1fr)", gap: 2 }}>
        {order.map((weekday) => (
          <Text
            key={weekday}
            size="xs"
            c={props.workingWeekdays.includes(weekday) ? "dimmed" : "red.7"}
            ta="center"
            fw={500}
            py={2}
          >
            {t(`settings.weekdaysShort.${String(weekday) as "1"}`)}
          </Text>
        ))}
        {leading > 0 && <span style={{ gridColumn: `span ${leading}` }} />}
        {days.map((day) => {
          const label = `${dayjs(day.date).format("D MMMM YYYY")}: ${status(day)}${day.name ? ` — ${day.name}` : ""}`;
          const cell = (
            <UnstyledButton
              key={day.date}
              onClick={() => props.onSelect(day)}
              aria-label={label}
              aria-pressed={selectedDate === day.date}
              style={{
                ...dayStyle(day),
                width: "100%",
                height: 30,
                borderRadius: 6,
                fontSize: 13,
                textAlign: "center",
                outline: day.date === today ? "2px solid var(--mantine-color-indigo-5)" : undefined,
                outlineOffset: -2,
              }}
            >
              {Number(day.date.slice(8))}
            </UnstyledButton>
          );
          if (selectedDate === day.date) return <Box key={day.date}>{props.renderSelected(day, cell)}</Box>;
          if (!day.name) return cell;
          return (
            <Tooltip key={day.date} label={day.name} withArrow openDelay={150}>
              {cell}
            </Tooltip>
          );
        })}
      </Box>
    </Paper>
  );
}
