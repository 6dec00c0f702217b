import { z } from "zod";
import { isoDateSchema, isoWeekSchema, monthSchema, yearSchema } from "../calendar";
import { unitKindSchema } from "../roles";
import { activityCategorySchema, moneySchema, stageSemanticSchema } from "./crm";
import { idSchema } from "./shared";

export const planWriteSchema = z.strictObject({ amount: moneySchema });
export const planParamsSchema = z.object({ userId: idSchema, month: monthSchema });
export const planListQuerySchema = z.object({
  month: monthSchema.optional(),
  year: yearSchema.optional(),
  unitId: idSchema.optional(),
});
export const planRowSchema = z.object({
  user: z.object({
    id: idSchema,
    name: z.string(),
    position: z.string().nullable(),
    unitId: idSchema,
    unitName: z.string(),
  }),
  /** Month → amount; months without a plan are absent. */
  months: z.record(z.string(), z.number()),
  editable: z.boolean(),
});
export const planListSchema = z.object({ months: z.array(z.string()), items: z.array(planRowSchema) });
export const planHistorySchema = z.object({
  items: z.array(
    z.object({
      month: z.string(),
      oldAmount: z.number().nullable(),
      newAmount: z.number(),
      changedBy: z.string().nullable(),
      changedAt: z.string(),
    }),
  ),
});
export const planCopySchema = z.strictObject({ from: monthSchema, to: monthSchema, unitId: idSchema.optional() });

export const normWriteSchema = z.strictObject({
  typeId: idSchema,
  unitId: idSchema.optional(),
  userId: idSchema.optional(),
  /** null removes the norm at this level: the next level up applies again. */
  dailyNorm: z.number().min(0).max(1000).nullable(),
});
export const normListQuerySchema = z.object({ unitId: idSchema.optional(), userId: idSchema.optional() });
export const normListSchema = z.object({
  /** Whether the caller may set norms at this level (nobody sets norms that apply to themselves). */
  editable: z.boolean(),
  items: z.array(
    z.object({
      typeId: idSchema,
      typeName: z.string(),
      weight: z.number(),
      typeDefault: z.number().nullable(),
      /** The norm set exactly at the level asked about, if any. */
      own: z.number().nullable(),
      /** The norm in force there, after inheritance. */
      effective: z.number().nullable(),
      source: z.enum(["user", "unit", "type", "none"]),
    }),
  ),
});

const userRef = z.object({
  id: idSchema,
  name: z.string(),
  position: z.string().nullable(),
  unitId: idSchema,
  unitName: z.string(),
  hasPhoto: z.boolean(),
});

export const cabinetQuerySchema = z.object({ month: monthSchema.optional(), date: isoDateSchema.optional() });
export const cabinetWeekQuerySchema = z.object({ week: isoWeekSchema.optional(), date: isoDateSchema.optional() });

export const managerCabinetSchema = z.object({
  user: userRef,
  month: z.string(),
  date: z.string(),
  plan: z.number(),
  planToDate: z.number(),
  actual: z.number(),
  completion: z.number().nullable(),
  forecast: z.number(),
  neededPerDay: z.number().nullable(),
  dealsInWork: z.object({ count: z.number().int(), amount: z.number() }),
  activityCoefficient: z.number().nullable(),
  clientGrowth: z.number().int(),
  stages: z.array(
    z.object({
      stageId: idSchema,
      name: z.string(),
      semantic: stageSemanticSchema,
      color: z.string(),
      count: z.number().int(),
      amount: z.number(),
    }),
  ),
});
export type ManagerCabinet = z.infer<typeof managerCabinetSchema>;

const cellSchema = z.object({
  typeId: idSchema,
  total: z.number().int(),
  completed: z.number().int(),
  overdue: z.number().int(),
});
const groupSchema = z.object({ category: activityCategorySchema, plan: z.number().int(), fact: z.number().int() });
const weekActivitySchema = z.object({
  id: idSchema,
  typeId: idSchema,
  subject: z.string(),
  dueAt: z.string(),
  completedAt: z.string().nullable(),
  state: z.enum(["active", "completed", "overdue"]),
  version: z.number().int(),
  deal: z.object({ id: idSchema, name: z.string() }).nullable(),
  lead: z.object({ id: idSchema, name: z.string() }).nullable(),
  company: z.object({ id: idSchema, name: z.string() }).nullable(),
  contact: z.object({ id: idSchema, name: z.string() }).nullable(),
});
export const weekCabinetSchema = z.object({
  user: userRef,
  week: z.string(),
  types: z.array(z.object({ id: idSchema, code: z.string(), name: z.string(), category: activityCategorySchema })),
  days: z.array(
    z.object({
      date: z.string(),
      cells: z.array(cellSchema),
      groups: z.array(groupSchema),
      activities: z.array(weekActivitySchema),
    }),
  ),
  totals: z.object({ cells: z.array(cellSchema), groups: z.array(groupSchema) }),
  activityCoefficient: z.number().nullable(),
});
export type WeekCabinet = z.infer<typeof weekCabinetSchema>;

const rollupFigures = {
  plan: z.number(),
  planToDate: z.number(),
  actual: z.number(),
  completion: z.number().nullable(),
  dealsInWork: z.object({ count: z.number().int(), amount: z.number() }),
  activityCoefficient: z.number().nullable(),
};
export const rollupUserSchema = z.object({ user: userRef, ...rollupFigures });
export interface UnitRollup {
  unit: { id: string; name: string; kind: z.infer<typeof unitKindSchema> };
  totals: z.infer<z.ZodObject<typeof rollupFigures>>;
  children: UnitRollup[];
  users: z.infer<typeof rollupUserSchema>[];
}
export const unitRollupSchema: z.ZodType<UnitRollup> = z.lazy(() =>
  z.object({
    unit: z.object({ id: idSchema, name: z.string(), kind: unitKindSchema }),
    totals: z.object(rollupFigures),
    children: z.array(unitRollupSchema),
    users: z.array(rollupUserSchema),
  }),
);
export const unitCabinetSchema = z.object({
  month: z.string(),
  date: z.string(),
  unit: z.object({ id: idSchema, name: z.string(), kind: unitKindSchema }),
  totals: z.object(rollupFigures),
  children: z.array(unitRollupSchema),
  users: z.array(rollupUserSchema),
});
export type UnitCabinet = z.infer<typeof unitCabinetSchema>;

/**
 * What people did in a month (README, «Figures»): per activity category planned (due in the month),
 * completed (completed in the month) and overdue (open and due before now, whatever the month); and
 * the tasks they are the assignee of: open, overdue (open past the deadline), closed in the month.
 */
const countsOfCategory = z.object({
  planned: z.number().int(),
  completed: z.number().int(),
  overdue: z.number().int(),
});
export const countedCategories = ["call", "meeting", "demo"] as const;
export const activityCountsSchema = z.object({
  call: countsOfCategory,
  meeting: countsOfCategory,
  demo: countsOfCategory,
  tasks: z.object({ open: z.number().int(), overdue: z.number().int(), closed: z.number().int() }),
});
export type ActivityCounts = z.infer<typeof activityCountsSchema>;
/** The counts of every unit in the tree (its whole subtree summed) and of every person in it. */
export const unitActivitySchema = z.object({
  month: z.string(),
  units: z.array(z.object({ unitId: idSchema, counts: activityCountsSchema })),
  users: z.array(z.object({ userId: idSchema, counts: activityCountsSchema })),
});
export type UnitActivity = z.infer<typeof unitActivitySchema>;

// Exports are read from the head cabinet; their schemas live beside it.
export * from "./exports";
