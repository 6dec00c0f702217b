import { activityListQuerySchema } from "@planerka/common";
import { z } from "zod";
import { idText, optionalId, optionalPage, optionalParam, optionalText } from "../../lib/search-params";

export const activityTabs = ["overdue", "today", "upcoming", "completed"] as const;
export type ActivityTab = (typeof activityTabs)[number];

export const activitiesSearchSchema = z.object({
  tab: optionalParam(z.enum(activityTabs)),
  q: optionalText,
  /** Comma-separated activity type ids, as the API's `typeId` takes them. */
  type: optionalParam(activityListQuerySchema.shape.typeId.unwrap()),
  /** An employee's id, or "all" for everyone the caller may see; absent means me. */
  owner: optionalParam(z.union([z.literal("all"), idText])),
  page: optionalPage,
});
export type ActivitiesSearch = z.output<typeof activitiesSearchSchema>;

export const importsSearchSchema = z.object({
  /** The import job shown in the wizard. */
  job: optionalId,
});
export type ImportsSearch = z.output<typeof importsSearchSchema>;
