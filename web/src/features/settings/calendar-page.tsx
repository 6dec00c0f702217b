import { ActionIcon, Box, Group, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { companyToday } from "../../lib/dates";
import { PageHeader } from "../../lib/list-page";
import { notifyError, problemText } from "../../lib/notify";
import { CalendarDayPopover } from "./calendar-day-popover";
import { type CalendarDay, CalendarMonth, dayStyle } from "./calendar-month";
import { calendarQuery, setCalendarDay, settingsQuery } from "./settings-api";

function LegendItem({ day, label }: { day: CalendarDay; label: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Box
        w={18}
        h={18}
        style={{ ...dayStyle(day), borderRadius: 4, border: "1px solid var(--mantine-color-gray-3)" }}
      />
      <Text size="xs">{label}</Text>
    </Group>
  );
}

export function CalendarPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const search = useSearch({ from: "/app/settings/calendar" });
  const navigate = useNavigate({ from: "/settings/calendar" });
  const today = companyToday(me.timeZone);
  const year = search.year ?? Number(today.slice(0, 4));
  const { data: calendar, error } = useQuery(calendarQuery(year));
  const weekStart = useQuery(settingsQuery).data?.weekStart ?? 1;
  const [selected, setSelected] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: (input: { date: string; kind: "holiday" | "workday" | null; name: string | null }) =>
      setCalendarDay(input.date, input.kind, input.name),
    onSuccess: (updated) => {
      queryClient.setQueryData(calendarQuery(updated.year).queryKey, updated);
      setSelected(null);
    },
    onError: notifyError,
  });

  const goTo = (next: number) => {
    setSelected(null);
    void navigate({ search: { year: next }, replace: true });
  };

  const sample = (working: boolean, exception: CalendarDay["exception"]): CalendarDay => ({
    date: "",
    working,
    exception,
    name: null,
  });

  return (
    <Stack gap="md">
      <PageHeader
        title={t("settings.calendar.title")}
        intro={t("settings.calendar.hint")}
        action={
          <Group gap="xs" wrap="nowrap">
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => goTo(year - 1)}
              aria-label={t("settings.calendar.prevYear")}
              disabled={year <= 2000}
            >
              <IconChevronLeft size={18} />
            </ActionIcon>
            <Text fw={700} fz="xl" w={64} ta="center" aria-live="polite">
              {year}
            </Text>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => goTo(year + 1)}
              aria-label={t("settings.calendar.nextYear")}
              disabled={year >= 2100}
            >
              <IconChevronRight size={18} />
            </ActionIcon>
          </Group>
        }
      />

      <Group justify="space-between" gap="sm">
        <Text fw={600}>{calendar ? t("settings.calendar.yearTotal", { count: calendar.workingDays }) : " "}</Text>
        <Group gap="md">
          <LegendItem day={sample(true, null)} label={t("settings.calendar.legendWorking")} />
          <LegendItem day={sample(false, null)} label={t("settings.calendar.legendWeekend")} />
          <LegendItem day={sample(false, "holiday")} label={t("settings.calendar.legendHoliday")} />
          <LegendItem day={sample(true, "workday")} label={t("settings.calendar.legendWorkday")} />
        </Group>
      </Group>

      {error ? (
        <Text c="red">{problemText(error)}</Text>
      ) : !calendar ? (
        <Skeleton h={600} />
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: 4 }} spacing="md">
          {calendar.months.map((month) => (
            <CalendarMonth
              key={month.month}
              month={month.month}
              workingDays={month.workingDays}
              days={calendar.days.filter((day) => day.date.startsWith(month.month))}
              weekStart={weekStart}
              workingWeekdays={calendar.workingWeekdays}
              today={today}
              selectedDate={selected}
              onSelect={(day) => setSelected(day.date)}
              renderSelected={(day, cell) => (
                <CalendarDayPopover
                  key={day.date}
                  day={day}
                  saving={mutation.isPending}
                  onClose={() => setSelected(null)}
                  onSet={(kind, name) => mutation.mutate({ date: day.date, kind, name })}
                >
                  {cell}
                </CalendarDayPopover>
              )}
            />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
