import { z } from "zod";
import { isoDateSchema, isoWeekOf, isoWeekSchema, isoWeekStart } from "../calendar";
import { activitySchema } from "./crm";
import { idSchema, text } from "./shared";

/** Planning the next week in the manager cabinet: copying a day, and the head's comments on the plan. */

/** `2025-W53` is refused: 2025 has 52 ISO weeks (2026 has 53). */
export const existingWeekSchema = isoWeekSchema.refine(
  // zod runs refinements even after the pattern failed; that failure is reported already.
  (week) => !isoWeekSchema.safeParse(week).success || isoWeekOf(isoWeekStart(week)) === week,
  "No such ISO week in that year",
);

/** Every activity of `from` (a day in the company's time zone) planned again on `to`, at the same time of day. */
export const activityCopyDaySchema = z
  .strictObject({ ownerId: idSchema, from: isoDateSchema, to: isoDateSchema })
  .refine((input) => input.from !== input.to, { path: ["to"], message: "Choose a day other than the one copied" });
export type ActivityCopyDay = z.infer<typeof activityCopyDaySchema>;
export const activityCopyDayResultSchema = z.object({ items: z.array(activitySchema), total: z.number().int() });

export const weekCommentParamsSchema = z.object({ userId: idSchema });
export const weekCommentQuerySchema = z.object({ week: existingWeekSchema });
export const weekCommentWriteSchema = z.strictObject({ week: existingWeekSchema, body: text(2000) });
export const weekCommentSchema = z.object({
  id: idSchema,
  /** Whose plan the comment is on. */
  userId: idSchema,
  week: z.string(),
  author: z.object({ id: idSchema, name: z.string() }),
  body: z.string(),
  createdAt: z.string(),
});
export type WeekComment = z.infer<typeof weekCommentSchema>;
export const weekCommentListSchema = z.object({
  items: z.array(weekCommentSchema),
  total: z.number().int(),
  /** Whether the caller may add a comment here: someone above the user, never the user themselves. */
  canComment: z.boolean(),
});
export type WeekCommentList = z.infer<typeof weekCommentListSchema>;
