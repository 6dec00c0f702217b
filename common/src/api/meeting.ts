import { z } from "zod";
import { idSchema, queryIntSchema, text, versionSchema } from "./shared";
import { hangingDealSchema } from "./start-page";
import { existingWeekSchema } from "./week-plan";

/**
 * «Планёрка», the head's weekly meeting in the head cabinet: a note per person per week, and the
 * person's «подвисшие» deals (one definition with the start pages'). Everything else the meeting
 * shows is the cabinet's own reads.
 */

export const meetingNoteLimit = 5000;

export const meetingNotesParamsSchema = z.object({ userId: idSchema });
export const meetingNotesQuerySchema = z.object({ week: existingWeekSchema });
export const meetingNoteParamsSchema = z.object({ userId: idSchema, week: existingWeekSchema });
/** The caller's own note: no `version` writes a new one, a `version` changes the one the caller read. */
export const meetingNoteWriteSchema = z.strictObject({
  body: text(meetingNoteLimit),
  version: versionSchema.optional(),
});
export type MeetingNoteWrite = z.infer<typeof meetingNoteWriteSchema>;

export const meetingNoteSchema = z.object({
  id: idSchema,
  /** Whom the note is about. */
  userId: idSchema,
  week: z.string(),
  author: z.object({ id: idSchema, name: z.string() }),
  body: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** The caller wrote it, and only they change or delete it. */
  mine: z.boolean(),
});
export type MeetingNote = z.infer<typeof meetingNoteSchema>;

export const meetingNotesSchema = z.object({
  week: z.string(),
  /** The week's notes about the person by everyone the caller shares the person with; the caller's first. */
  items: z.array(meetingNoteSchema),
  /** The notes of the latest earlier week that has any: what was agreed at the last meeting. */
  previous: z.object({ week: z.string(), items: z.array(meetingNoteSchema) }).nullable(),
});
export type MeetingNotes = z.infer<typeof meetingNotesSchema>;

export const hangingDealsQuerySchema = z.object({ limit: queryIntSchema(1, 100).default(20) });
export const hangingDealsSchema = z.object({
  /** The company's rule: an open deal with no activity for this many days hangs. */
  days: z.number().int(),
  items: z.array(hangingDealSchema),
  total: z.number().int(),
});
export type HangingDeals = z.infer<typeof hangingDealsSchema>;
