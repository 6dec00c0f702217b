import { z } from "zod";
import { unitKindSchema } from "../roles";
import { managerCabinetSchema, weekCabinetSchema } from "./cabinet";
import { activityCategorySchema } from "./crm";
import { idSchema } from "./shared";
import { workflowInstanceSchema } from "./workflows";

/**
 * The start pages by role («Главная»): the manager's day, the head's planning summary of a unit, the
 * top's regions. Every figure comes from the cabinets' reads, so the pages and the cabinets agree.
 */

/**
 * Below this activity coefficient (in %) a person, or a unit's mean, is listed as «низкая
 * активность». 100 % is every norm met; under 80 % a fifth of the planned calls and meetings is
 * missing, which is what a head raises at the weekly meeting (the seed's «коэффициент активности»).
 */
export const lowActivityCoefficient = 80;

/** At most this many lines of a list come back; `total` tells how many there are. */
export const startListLimit = 50;

const named = z.object({ id: idSchema, name: z.string() });
const person = managerCabinetSchema.shape.user;
const unitRef = z.object({ id: idSchema, name: z.string(), kind: unitKindSchema });

export const startActivitySchema = z.object({
  id: idSchema,
  typeId: idSchema,
  typeName: z.string(),
  category: activityCategorySchema,
  subject: z.string(),
  dueAt: z.string(),
  completedAt: z.string().nullable(),
  state: z.enum(["active", "completed", "overdue"]),
  /** The linked records the caller may read (null otherwise). */
  deal: named.nullable(),
  lead: named.nullable(),
  company: named.nullable(),
  contact: named.nullable(),
});
export type StartActivity = z.infer<typeof startActivitySchema>;

/** The manager's day: today's and overdue activities, the month's plan (as «Мой кабинет»), the week. */
export const managerStartSchema = z.object({
  /** Today, in the company's zone. */
  date: z.string(),
  /** Everything due today, in time order, whatever its state. */
  today: z.array(startActivitySchema),
  /** Open activities due before today, oldest first (at most `startListLimit`). */
  overdue: z.object({ items: z.array(startActivitySchema), total: z.number().int() }),
  /** The month's figures of «Мой кабинет»; null when the access settings hide one's own figures. */
  month: managerCabinetSchema.omit({ stages: true, user: true }).nullable(),
  /** This week's table by day (the cabinet's), null as above. */
  week: z
    .object({
      week: z.string(),
      days: z.array(
        z.object({
          date: z.string(),
          groups: weekCabinetSchema.shape.totals.shape.groups,
          /** Every activity of the day, of any type. */
          total: z.number().int(),
          completed: z.number().int(),
          overdue: z.number().int(),
        }),
      ),
      totals: weekCabinetSchema.shape.totals.shape.groups,
      activityCoefficient: z.number().nullable(),
    })
    .nullable(),
  /** How many activities of the weekly table are planned for next week («Личные планы»). */
  nextWeek: z.object({ week: z.string(), planned: z.number().int() }),
});
export type ManagerStart = z.infer<typeof managerStartSchema>;

/** Plan to date against actual; `lag` is how far the actual is behind (0 when ahead). */
const lagFigures = {
  plan: z.number(),
  planToDate: z.number(),
  actual: z.number(),
  completion: z.number().nullable(),
  lag: z.number(),
  activityCoefficient: z.number().nullable(),
};

export const hangingDealSchema = z.object({
  id: idSchema,
  title: z.string(),
  amount: z.number(),
  stage: z.object({ id: idSchema, name: z.string(), color: z.string() }),
  owner: named,
  company: named.nullable(),
  /** The deal list's «последнее дело»: the latest completion (or creation) of its activities. */
  lastActivityAt: z.string().nullable(),
  /** Since when nothing happened: the later of the deal's creation, its last stage change and its last activity. */
  idleSince: z.string(),
  idleDays: z.number().int(),
});
export type HangingDeal = z.infer<typeof hangingDealSchema>;

/** The head's planning summary of one unit and everyone below it. */
export const teamStartSchema = z.object({
  unit: unitRef,
  month: z.string(),
  date: z.string(),
  /** The unit's roll-up (the head cabinet's totals row) with its lag. */
  totals: z.object(lagFigures),
  /** The people behind their plan to date, the largest gap first. */
  lagging: z.object({
    items: z.array(z.object({ user: person, ...lagFigures })),
    total: z.number().int(),
  }),
  /** The people whose month coefficient is below `threshold`, the lowest first. */
  lowActivity: z.object({
    threshold: z.number(),
    items: z.array(z.object({ user: person, activityCoefficient: z.number() })),
    total: z.number().int(),
  }),
  /** Open deals of the unit's people with no activity for `days` days (the company's setting), idle longest first. */
  hangingDeals: z.object({ days: z.number().int(), items: z.array(hangingDealSchema), total: z.number().int() }),
  /** Stalled workflows on the records of the unit's people. */
  stalledWorkflows: z.object({ items: z.array(workflowInstanceSchema), total: z.number().int() }),
  /** Active people with nothing of the weekly table planned for next week. */
  unplannedWeek: z.object({ week: z.string(), items: z.array(person), total: z.number().int() }),
});
export type TeamStart = z.infer<typeof teamStartSchema>;

/** The top's view: the units right below one unit (the regions below the company), the same summary a level up. */
export const regionsStartSchema = z.object({
  unit: unitRef,
  month: z.string(),
  date: z.string(),
  totals: z.object(lagFigures),
  threshold: z.number(),
  hangingDealDays: z.number().int(),
  nextWeek: z.string(),
  /** Each unit below, the largest lag first; counts are over its whole subtree. */
  regions: z.array(
    z.object({
      unit: unitRef,
      ...lagFigures,
      hangingDeals: z.number().int(),
      stalledWorkflows: z.number().int(),
      unplannedPeople: z.number().int(),
    }),
  ),
});
export type RegionsStart = z.infer<typeof regionsStartSchema>;
