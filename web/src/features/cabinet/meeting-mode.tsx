import { ActionIcon, Group, Paper, Select, Stack, Text } from "@mantine/core";
import { addDays, isoWeekOf, type UnitCabinet } from "@planerka/common";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { companyToday } from "../../lib/dates";
import { managerCabinetQuery, weekCabinetQuery } from "./cabinet-api";
import { meetingPeople, stepOfKey, stepPerson } from "./meeting-people";
import { MeetingPerson, type MeetingWeeks } from "./meeting-person";

interface MeetingModeProps {
  /** The unit's roll-up (the head cabinet's read): whom the meeting goes through. */
  cabinet: UnitCabinet;
  month: string;
  /** The person in the address; absent means the first. */
  person: string | undefined;
  onPerson: (userId: string) => void;
  onMonth: (month: string) => void;
}

/** Whether a key press belongs to what has the focus (typing a note, a list, the tabs, a dialog) rather than to the page. */
function typedInto(event: KeyboardEvent): boolean {
  const target = event.target instanceof Element ? event.target : null;
  if (
    target?.closest(
      "input, textarea, select, [contenteditable=''], [contenteditable='true'], [role='listbox'], [role='tab']",
    )
  )
    return true;
  return document.querySelector("[role='dialog'][aria-modal='true']") !== null;
}

/**
 * «Планёрка»: the head goes through the unit's people one by one — ‹ › or the keys ← → and J K,
 * «3 из 12», the person kept in the address — and sees each one's month, weeks, deals, workflows,
 * tasks and the meeting's notes, and assigns a call, a meeting or a task right there.
 */
export function MeetingMode({ cabinet, month, person, onPerson, onMonth }: MeetingModeProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const people = useMemo(() => meetingPeople(cabinet, me.id), [cabinet, me.id]);
  const index = Math.max(
    0,
    people.findIndex((item) => item.user.id === person),
  );
  const current = people[index];
  const today = companyToday(me.timeZone);
  // The meeting is about this week (what was done) and the next (what is planned).
  const weeks: MeetingWeeks = { current: isoWeekOf(today), next: isoWeekOf(addDays(today, 7)) };

  const step = (shift: number) => {
    const next = stepPerson(people, current?.user.id, shift);
    if (next) onPerson(next);
  };
  const stepRef = useRef(step);
  stepRef.current = step;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const shift = stepOfKey(event);
      if (shift === 0 || event.defaultPrevented || typedInto(event)) return;
      event.preventDefault();
      stepRef.current(shift);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Opened from its tab, the focus would stay on the tab, where ← and → switch tabs: it moves to
  // the meeting, so the keys step through the people at once.
  const regionRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const focused = document.activeElement;
    if (!focused || focused === document.body || focused.getAttribute("role") === "tab")
      regionRef.current?.focus({ preventScroll: true });
  }, []);

  // The neighbours' figures and this week are read ahead, so a step shows them at once.
  useEffect(() => {
    for (const shift of [1, -1]) {
      const neighbour = people[index + shift];
      if (!neighbour) continue;
      void queryClient.prefetchQuery(managerCabinetQuery(neighbour.user.id, month));
      void queryClient.prefetchQuery(weekCabinetQuery(neighbour.user.id, weeks.current));
    }
  }, [people, index, month, weeks.current, queryClient]);

  if (!current) {
    return (
      <Text c="dimmed" p="md">
        {t("meeting.empty")}
      </Text>
    );
  }

  return (
    <Stack
      component="section"
      gap="md"
      ref={regionRef}
      tabIndex={-1}
      aria-label={t("meeting.tab")}
      style={{ outline: "none" }}
    >
      <Paper
        withBorder
        p="xs"
        radius="md"
        style={{ position: "sticky", top: "var(--app-shell-header-offset, 0px)", zIndex: 5 }}
      >
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs" wrap="nowrap" style={{ flex: "1 1 320px", minWidth: 0 }}>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t("meeting.previous")}
              aria-keyshortcuts="ArrowLeft K"
              disabled={index === 0}
              onClick={() => step(-1)}
            >
              <IconChevronLeft size={18} />
            </ActionIcon>
            <Select
              aria-label={t("meeting.person")}
              data={people.map((item) => ({ value: item.user.id, label: item.user.name }))}
              value={current.user.id}
              onChange={(value) => value && onPerson(value)}
              allowDeselect={false}
              searchable
              style={{ flex: 1, minWidth: 0 }}
            />
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t("meeting.next")}
              aria-keyshortcuts="ArrowRight J"
              disabled={index === people.length - 1}
              onClick={() => step(1)}
            >
              <IconChevronRight size={18} />
            </ActionIcon>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text fw={600} aria-live="polite" data-testid="meeting-position" style={{ whiteSpace: "nowrap" }}>
              {t("meeting.position", { index: index + 1, total: people.length })}
            </Text>
            <Text size="xs" c="dimmed" visibleFrom="sm">
              {t("meeting.keysHint")}
            </Text>
          </Group>
        </Group>
      </Paper>
      <MeetingPerson
        key={current.user.id}
        item={current}
        month={month}
        weeks={weeks}
        onMonthChange={(shift) => onMonth(shiftMonth(month, shift))}
      />
    </Stack>
  );
}

function shiftMonth(month: string, shift: number): string {
  return dayjs(`${month}-01`).add(shift, "month").format("YYYY-MM");
}
