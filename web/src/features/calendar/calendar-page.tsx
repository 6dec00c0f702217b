import { ActionIcon, Alert, Box, Button, Group, Paper, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { type Activity, activitySchema, addDays, type CalendarYear, type PersonRef } from "@planerka/common";
import { IconChevronLeft, IconChevronRight, IconPlus } from "@tabler/icons-react";
import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { useRealtime } from "../../lib/realtime";
import { ActivityFormDialog } from "../crm/activity-form-dialog";
import { UserMultiPicker } from "../org/user-multi-picker";
import { userQuery } from "../org/users-api";
import { calendarQuery } from "../settings/settings-api";
import styles from "./calendar.module.css";
import { calendarRangeQuery, eventQuery, refreshCalendarViews } from "./calendar-api";
import {
  type EntryTone,
  mergeEntries,
  rangeOf,
  type ShownEntry,
  shiftDate,
  toCalendarEvent,
  toneColor,
  wallDay,
  wallPicker,
  wallToday,
} from "./calendar-entries";
import { dayAfterImport } from "./calendar-import";
import { CalendarImportButton, type CalendarImportResult } from "./calendar-import-button";
import { calendarViews, type CalendarView as View } from "./calendar-search";
import { CalendarView, type DayOff } from "./calendar-view";
import { EventDrawer } from "./event-drawer";
import { EventFormDialog, type EventFormTarget } from "./event-form-dialog";
import { useEntryMove } from "./use-entry-move";

/**
 * «Календарь»: my events, activities and task deadlines by day, week, month or as a list, with
 * colleagues' calendars beside mine; a click on an empty slot plans an event there, a drag moves
 * what I may change, a click opens the event (or the activity's deal, the task's card).
 */
export function CalendarPage() {
  const { t } = useTranslation();
  const me = useMe();
  const zone = me.calendarTimeZone;
  const queryClient = useQueryClient();
  const search = useSearch({ from: "/app/calendar" });
  const navigate = useNavigate({ from: "/calendar" });
  const phone = useMediaQuery("(max-width: 48em)", undefined, { getInitialValueInEffect: false }) ?? false;
  const view: View = search.view ?? (phone ? "agenda" : "week");
  const today = wallToday(zone);
  const date = search.date ?? today;
  const colleagueIds = useMemo(
    () => (search.userIds?.split(",") ?? []).filter((id) => id !== me.id),
    [search.userIds, me.id],
  );
  const [shown, setShown] = useState<{ from: string; to: string; title: string } | null>(null);
  const [form, setForm] = useState<EventFormTarget | null>(null);
  const [activity, setActivity] = useState<Activity | null>(null);
  const [importError, setImportError] = useState<string | null>(null);

  const colleagues = useColleagues(colleagueIds);
  const names = useMemo(() => new Map(colleagues.map((person) => [person.id, shortName(person.name)])), [colleagues]);
  const userIds = colleagueIds.length > 0 ? [me.id, ...colleagueIds] : [];
  const range = calendarRangeQuery({ from: shown?.from ?? date, to: shown?.to ?? date, userIds });
  const entries = useQuery({ ...range, enabled: shown !== null });
  const daysOff = useDaysOff(shown?.from ?? date, shown?.to ?? date);
  const move = useEntryMove(range.queryKey, zone);

  // An invitation, a changed meeting or an answer to mine: the calendar and the open event follow.
  useRealtime("notification", ({ notification }) => {
    if (!notification.kind.startsWith("event_")) return;
    const eventId = notification.link?.match(/[?&]event=([0-9a-f-]{36})/i)?.[1];
    refreshCalendarViews(queryClient, eventId);
  });

  const events = useMemo(
    () =>
      mergeEntries(entries.data?.items ?? [], me.id).map((entry) =>
        toCalendarEvent(entry, {
          timeZone: zone,
          meId: me.id,
          busyTitle: t("calendar.busy"),
          names,
          classOf: (token) => styles[token] ?? token,
        }),
      ),
    [entries.data, me.id, zone, names, t],
  );

  const setSearch = (patch: Partial<typeof search>) =>
    void navigate({ search: (current) => ({ ...current, ...patch }) });

  const openEntry = async (entry: ShownEntry) => {
    if (entry.busyOnly) return;
    if (entry.kind === "event") return setSearch({ event: entry.id });
    if (entry.kind === "task") return void navigate({ to: "/tasks/$taskId", params: { taskId: entry.id } });
    try {
      const found = await queryClient.fetchQuery({
        queryKey: ["activities", "one", entry.id],
        queryFn: () => api(`/activities/${entry.id}`, activitySchema),
        staleTime: 0,
      });
      if (found.dealId) await navigate({ to: "/crm/deals/$dealId", params: { dealId: found.dealId }, search: {} });
      else if (found.leadId) await navigate({ to: "/crm/leads/$leadId", params: { leadId: found.leadId }, search: {} });
      else if (found.companyId)
        await navigate({ to: "/crm/companies/$companyId", params: { companyId: found.companyId }, search: {} });
      else if (found.contactId)
        await navigate({ to: "/crm/contacts/$contactId", params: { contactId: found.contactId }, search: {} });
      else setActivity(found);
    } catch (error) {
      notifyError(error);
    }
  };

  const imported = async (result: CalendarImportResult) => {
    notifySuccess(t("calendar.import.done", { number: result.created }));
    refreshCalendarViews(queryClient);
    const first = result.events[0];
    if (!first || !shown) return;
    try {
      const event = await queryClient.fetchQuery(eventQuery(first.id));
      const day = dayAfterImport(event, zone, shown, today);
      if (day) setSearch({ date: day });
    } catch {
      // The events are stored; the calendar just stays where it is.
    }
  };

  const planAt = (slot: { start: Date; end: Date; allDay: boolean }) => {
    const attendees = colleagues.filter((person) => person.name);
    if (slot.allDay) {
      const first = wallDay(slot.start);
      const last = addDays(wallDay(slot.end), -1);
      return setForm({ initial: { allDay: true, start: `${first} 09:00:00`, end: `${last} 10:00:00`, attendees } });
    }
    // A click selects one half-hour slot; a meeting is an hour unless a longer stretch was dragged.
    const minutes = (slot.end.getTime() - slot.start.getTime()) / 60_000;
    const end = minutes <= 30 ? new Date(slot.start.getTime() + 60 * 60_000) : slot.end;
    setForm({ initial: { start: wallPicker(slot.start), end: wallPicker(end), attendees } });
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={2}>{t("calendar.title")}</Title>
        <Group gap="xs" wrap="nowrap">
          <CalendarImportButton onImported={(result) => void imported(result)} onError={setImportError} />
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setForm({ initial: { attendees: colleagues.filter((person) => person.name) } })}
          >
            {t("calendar.create")}
          </Button>
        </Group>
      </Group>
      {importError !== null && (
        <Alert
          color="red"
          role="alert"
          title={t("calendar.import.failed")}
          withCloseButton
          closeButtonLabel={t("common.close")}
          onClose={() => setImportError(null)}
        >
          {importError}
        </Alert>
      )}
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap={6} wrap={phone ? "wrap" : "nowrap"} miw={0}>
          <Group gap={6} wrap="nowrap">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t("calendar.previous")}
              onClick={() => setSearch({ date: shiftDate(view, date, -1) })}
            >
              <IconChevronLeft size={18} />
            </ActionIcon>
            <Button variant="default" onClick={() => setSearch({ date: undefined })} disabled={date === today}>
              {t("calendar.today")}
            </Button>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t("calendar.next")}
              onClick={() => setSearch({ date: shiftDate(view, date, 1) })}
            >
              <IconChevronRight size={18} />
            </ActionIcon>
          </Group>
          <Text fw={600} size={phone ? "md" : "lg"} ml={4} truncate aria-live="polite" data-testid="calendar-title">
            {shown?.title}
          </Text>
        </Group>
        <SegmentedControl
          aria-label={t("calendar.viewLabel")}
          value={view}
          onChange={(value) => setSearch({ view: value as View })}
          data={calendarViews.map((value) => ({ value, label: t(`calendar.views.${value}`) }))}
          fullWidth={phone}
          w={phone ? "100%" : undefined}
        />
      </Group>
      <UserMultiPicker
        label={t("calendar.people")}
        placeholder={colleagues.length === 0 ? t("calendar.peoplePlaceholder") : undefined}
        value={colleagues}
        onChange={(people) => setSearch({ userIds: people.map((person) => person.id).join(",") || undefined })}
        maw={640}
      />
      <Legend />
      {entries.error && (
        <Alert color="red" role="alert">
          {problemText(entries.error)}
        </Alert>
      )}
      <Paper withBorder radius="md" p={{ base: 4, sm: "xs" }}>
        <CalendarView
          view={view}
          date={date}
          timeZone={zone}
          events={events}
          daysOff={daysOff}
          phone={phone}
          onRange={({ start, end, title }) => {
            const next = { ...rangeOf(start, end), title };
            setShown((current) =>
              current && current.from === next.from && current.to === next.to && current.title === title
                ? current
                : next,
            );
          }}
          onEntryClick={(entry) => void openEntry(entry)}
          onSlot={planAt}
          onMove={(change) => void move(change)}
        />
      </Paper>
      <EventFormDialog
        target={form}
        onClose={() => {
          // An event edited from its drawer opens there again, changed.
          if (form?.event) setSearch({ event: form.event.id });
          setForm(null);
        }}
      />
      <EventDrawer
        eventId={search.event ?? null}
        onClose={() => setSearch({ event: undefined })}
        onEdit={(event) => {
          // The form takes the drawer's place: one layer at a time, with its own focus.
          setSearch({ event: undefined });
          setForm({ event });
        }}
      />
      <ActivityFormDialog
        opened={activity !== null}
        onClose={() => setActivity(null)}
        activity={activity ?? undefined}
      />
    </Stack>
  );
}

/** «Исмаилова Айгерим Талгатовна» → «Исмаилова А.», before a colleague's entries. */
function shortName(name: string): string {
  const [surname = "", first] = name.split(/\s+/);
  return first ? `${surname} ${first.charAt(0)}.` : surname;
}

/** The colleagues in the address with their names (read one by one: a handful of people). */
function useColleagues(ids: readonly string[]): PersonRef[] {
  const users = useQueries({ queries: ids.map((id) => ({ ...userQuery(id), staleTime: 5 * 60_000 })) });
  return ids.map((id, index) => ({ id, name: users[index]?.data?.name ?? "" }));
}

/** The production calendar's days off in the shown range: holidays, and weekends. */
function useDaysOff(from: string, to: string): ReadonlyMap<string, DayOff> {
  const years = [...new Set([Number(from.slice(0, 4)), Number(to.slice(0, 4))])];
  return useQueries({
    queries: years.map((year) => ({ ...calendarQuery(year), staleTime: 60 * 60_000, retry: false })),
    combine: daysOffOf,
  });
}

// Outside the component, so the combined map keeps its identity until an answer changes.
function daysOffOf(results: { data?: CalendarYear }[]): ReadonlyMap<string, DayOff> {
  const days = new Map<string, DayOff>();
  for (const result of results) {
    for (const day of result.data?.days ?? []) {
      if (!day.working) days.set(day.date, day.exception === "holiday" ? "holiday" : "weekend");
    }
  }
  return days;
}

const legendTones: EntryTone[] = ["personal", "company", "group", "activity", "task", "busy"];

/** What the colours mean. */
function Legend() {
  const { t } = useTranslation();
  return (
    <Group gap="md" wrap="wrap" role="list" aria-label={t("calendar.legendLabel")}>
      {legendTones.map((tone) => (
        <Group key={tone} gap={6} wrap="nowrap" role="listitem">
          <Box className={styles.legendSwatch} bg={`var(--mantine-color-${toneColor(tone)}-filled)`} />
          <Text size="xs" c="dimmed">
            {t(`calendar.legend.${tone}`)}
          </Text>
        </Group>
      ))}
      <Group gap={6} wrap="nowrap" role="listitem">
        <Box className={`${styles.legendSwatch} ${styles.legendPending}`} />
        <Text size="xs" c="dimmed">
          {t("calendar.legend.pending")}
        </Text>
      </Group>
    </Group>
  );
}
