import { notifications } from "@mantine/notifications";
import { activitySchema, type CalendarEntry } from "@planerka/common";
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../lib/api";
import { isStaleVersion, notifyError, notifySuccess } from "../../lib/notify";
import { refreshActivityViews, updateActivity } from "../crm/activities-api";
import { refreshTaskViews, taskQuery, updateTask } from "../tasks/tasks-api";
import { detachOccurrence, eventQuery, refreshCalendarViews, updateEvent } from "./calendar-api";
import { movedEntry, movedTimes } from "./calendar-entries";
import type { EntryMove } from "./calendar-view";

const minutesBetween = (start: string, end: string) => Math.round((Date.parse(end) - Date.parse(start)) / 60_000);

/**
 * A drag or a resize, saved: the calendar shows the new time at once; the record is read again
 * for its current version and patched; a refusal puts the entry back, and a stale version (someone
 * changed it meanwhile) reloads the calendar and says so.
 */
export function useEntryMove(rangeKey: QueryKey, timeZone: string) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();

  return async ({ entry, start, end, allDay, revert }: EntryMove) => {
    const length = entry.allDay ? 60 : Math.max(5, minutesBetween(entry.start, entry.end)) || 30;
    const moved = movedTimes(start, end, allDay, timeZone, length);
    const snapshot = queryClient.getQueryData<{ items: CalendarEntry[] }>(rangeKey);
    if (snapshot) {
      queryClient.setQueryData(rangeKey, {
        items: snapshot.items.map((item) => (item.key === entry.key ? movedEntry(item, moved) : item)),
      });
    }
    try {
      if (entry.kind === "event" && entry.recurring) {
        // A series' occurrence moves on its own («только это событие»); the rest of the series stays.
        if (moved.allDay !== entry.allDay) throw new Error(t("calendar.occurrenceKindFixed"));
        const current = await queryClient.fetchQuery({ ...eventQuery(entry.id), staleTime: 0 });
        const { allDay: _allDay, ...times } = moved;
        const saved = await detachOccurrence(entry.id, {
          occurrenceStart: entry.start,
          ...times,
          version: current.version,
        });
        refreshCalendarViews(queryClient, entry.id);
        refreshCalendarViews(queryClient, saved);
      } else if (entry.kind === "event") {
        const current = await queryClient.fetchQuery({ ...eventQuery(entry.id), staleTime: 0 });
        const saved = await updateEvent(entry.id, { ...moved, version: current.version });
        refreshCalendarViews(queryClient, saved);
      } else if (entry.kind === "activity" && moved.startsAt && moved.endsAt) {
        const current = await api(`/activities/${entry.id}`, activitySchema);
        await updateActivity(entry.id, {
          dueAt: moved.startsAt,
          durationMinutes: Math.max(1, minutesBetween(moved.startsAt, moved.endsAt)),
          version: current.version,
        });
        refreshActivityViews(queryClient);
        refreshCalendarViews(queryClient);
      } else if (entry.kind === "task" && moved.startsAt) {
        const current = await queryClient.fetchQuery({ ...taskQuery(entry.id), staleTime: 0 });
        await updateTask(entry.id, { deadline: moved.startsAt, version: current.version });
        refreshTaskViews(queryClient, entry.id);
        refreshCalendarViews(queryClient);
      } else {
        throw new Error("Not movable");
      }
      notifySuccess(t(entry.kind === "event" && entry.recurring ? "calendar.movedOccurrence" : "calendar.moved"));
    } catch (error) {
      if (snapshot) queryClient.setQueryData(rangeKey, snapshot);
      revert();
      if (isStaleVersion(error)) {
        notifications.show({ color: "yellow", message: t("calendar.moveStale"), autoClose: 8000 });
        refreshCalendarViews(queryClient, entry.kind === "event" ? entry.id : undefined);
      } else {
        notifyError(error);
      }
    }
  };
}
