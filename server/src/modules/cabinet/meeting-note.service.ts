import type { MeetingNote, MeetingNotes, MeetingNoteWrite } from "@planerka/common";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import type { Database, Executor } from "../../platform/db/database";
import { notFound, staleVersion } from "../../platform/errors/problem";
import { assertMeetingNotesReachableOrThrow } from "../../policies/meeting-notes";
import { presentMeetingNote, presentMeetingNotes } from "./meeting-note.presenter";
import {
  deleteNote,
  insertNote,
  noteById,
  notesOfWeeks,
  ownNoteForUpdate,
  type SubjectRow,
  subjectOf,
  updateNoteBody,
} from "./meeting-note.queries";

/** The person the notes are about, if the caller may hold meeting notes on them; 404 otherwise. */
async function noteSubjectOrThrow(executor: Executor, actor: Actor, userId: string): Promise<SubjectRow> {
  const subject = await subjectOf(executor, userId);
  if (!subject) throw notFound();
  assertMeetingNotesReachableOrThrow(actor, subject);
  return subject;
}

export async function listMeetingNotesOrThrow(
  executor: Executor,
  actor: Actor,
  userId: string,
  week: string,
): Promise<MeetingNotes> {
  const subject = await noteSubjectOrThrow(executor, actor, userId);
  return presentMeetingNotes(week, await notesOfWeeks(executor, subject.id, week), actor.user.id);
}

/**
 * Writes the caller's note on the person for the week: a new one without `version`, else the one
 * the caller read (a stale or missing version — someone, or the caller in another tab, wrote
 * meanwhile — is 409 and nothing changes).
 */
export async function saveMeetingNoteOrThrow(
  db: Database,
  actor: Actor,
  userId: string,
  week: string,
  input: MeetingNoteWrite,
): Promise<{ note: MeetingNote; created: boolean }> {
  return db.transaction(async (tx) => {
    const subject = await noteSubjectOrThrow(tx, actor, userId);
    const key = { authorId: actor.user.id, subjectId: subject.id, week };
    const existing = await ownNoteForUpdate(tx, key);
    if (!existing) {
      if (input.version !== undefined) throw staleVersion();
      const id = await insertNote(tx, { ...key, body: input.body });
      if (!id) throw staleVersion();
      await recordAudit(tx, {
        actorId: actor.user.id,
        entity: "meeting_note",
        entityId: id,
        action: "create",
        changes: [
          { field: "userId", old: null, new: subject.id },
          { field: "week", old: null, new: week },
          { field: "body", old: null, new: input.body },
        ],
      });
      return { note: presentMeetingNote(await noteById(tx, id), actor.user.id), created: true };
    }
    if (input.version !== existing.version) throw staleVersion();
    if (input.body !== existing.body) {
      await updateNoteBody(tx, existing.id, input.body);
      await recordAudit(tx, {
        actorId: actor.user.id,
        entity: "meeting_note",
        entityId: existing.id,
        action: "update",
        changes: [{ field: "body", old: existing.body, new: input.body }],
      });
    }
    return { note: presentMeetingNote(await noteById(tx, existing.id), actor.user.id), created: false };
  });
}

/** Deletes the caller's own note on the person for the week; 404 when there is none. */
export async function deleteMeetingNoteOrThrow(db: Database, actor: Actor, userId: string, week: string) {
  await db.transaction(async (tx) => {
    const subject = await noteSubjectOrThrow(tx, actor, userId);
    const existing = await ownNoteForUpdate(tx, { authorId: actor.user.id, subjectId: subject.id, week });
    if (!existing) throw notFound();
    await deleteNote(tx, existing.id);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "meeting_note",
      entityId: existing.id,
      action: "delete",
      changes: [{ field: "body", old: existing.body, new: null }],
    });
  });
}
