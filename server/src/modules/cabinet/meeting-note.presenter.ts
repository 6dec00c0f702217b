import type { MeetingNote, MeetingNotes } from "@planerka/common";
import { toIso } from "../../platform/db/sql-values";
import type { MeetingNoteRow } from "./meeting-note.queries";

export function presentMeetingNote(row: MeetingNoteRow, callerId: string): MeetingNote {
  return {
    id: row.id,
    userId: row.subjectId,
    week: row.week,
    author: { id: row.authorId, name: row.authorName },
    body: row.body,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    version: row.version,
    mine: row.authorId === callerId,
  };
}

/** The asked week's notes (the caller's first, then by time) and the latest earlier week's. */
export function presentMeetingNotes(week: string, found: MeetingNoteRow[], callerId: string): MeetingNotes {
  const present = (list: MeetingNoteRow[]) =>
    list.map((row) => presentMeetingNote(row, callerId)).sort((left, right) => Number(right.mine) - Number(left.mine));
  const current = found.filter((row) => row.week === week);
  const earlier = found.filter((row) => row.week !== week);
  return {
    week,
    items: present(current),
    previous: earlier.length > 0 ? { week: earlier[0]!.week, items: present(earlier) } : null,
  };
}
