import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";

export interface MeetingNoteRow {
  id: string;
  subjectId: string;
  week: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface SubjectRow {
  id: string;
  unitId: string;
}

const noteColumns = sql`n.id, n.subject_id as "subjectId", n.week, n.author_id as "authorId", a.name as "authorName",
  n.body, n.created_at as "createdAt", n.updated_at as "updatedAt", n.version`;

export async function subjectOf(executor: Executor, userId: string): Promise<SubjectRow | undefined> {
  const [user] = await rows<SubjectRow>(executor, sql`select id, unit_id as "unitId" from users where id = ${userId}`);
  return user;
}

/**
 * The notes about a person for one week and for the latest earlier week that has any, each week's
 * oldest first. Whoever reaches the person reads every author's note (the policy decides who
 * reaches), so no per-author condition here.
 */
export async function notesOfWeeks(executor: Executor, subjectId: string, week: string): Promise<MeetingNoteRow[]> {
  return rows<MeetingNoteRow>(
    executor,
    sql`select ${noteColumns} from meeting_notes n join users a on a.id = n.author_id
        where n.subject_id = ${subjectId}
          and (n.week = ${week}
            or n.week = (select max(p.week) from meeting_notes p where p.subject_id = ${subjectId} and p.week < ${week}))
        order by n.week, n.created_at, n.id`,
  );
}

export async function noteById(executor: Executor, id: string): Promise<MeetingNoteRow> {
  const [row] = await rows<MeetingNoteRow>(
    executor,
    sql`select ${noteColumns} from meeting_notes n join users a on a.id = n.author_id where n.id = ${id}`,
  );
  if (!row) throw new Error(`meeting note ${id} vanished inside its transaction`);
  return row;
}

/** The caller's own note on the person for the week, locked for the change that follows. */
export async function ownNoteForUpdate(
  executor: Executor,
  input: { authorId: string; subjectId: string; week: string },
): Promise<{ id: string; body: string; version: number } | undefined> {
  const [row] = await rows<{ id: string; body: string; version: number }>(
    executor,
    sql`select id, body, version from meeting_notes
        where subject_id = ${input.subjectId} and week = ${input.week} and author_id = ${input.authorId}
        for update`,
  );
  return row;
}

/**
 * A new note, or null when a parallel request wrote the caller's note for that week first (the
 * unique index decides; the caller then answers as for a stale version).
 */
export async function insertNote(
  executor: Executor,
  input: { authorId: string; subjectId: string; week: string; body: string },
): Promise<string | null> {
  const [row] = await rows<{ id: string }>(
    executor,
    sql`insert into meeting_notes (author_id, subject_id, week, body)
        values (${input.authorId}, ${input.subjectId}, ${input.week}, ${input.body})
        on conflict (subject_id, week, author_id) do nothing
        returning id`,
  );
  return row?.id ?? null;
}

export async function updateNoteBody(executor: Executor, id: string, body: string): Promise<void> {
  await executor.execute(
    sql`update meeting_notes set body = ${body}, version = version + 1, updated_at = now() where id = ${id}`,
  );
}

export async function deleteNote(executor: Executor, id: string): Promise<void> {
  await executor.execute(sql`delete from meeting_notes where id = ${id}`);
}
