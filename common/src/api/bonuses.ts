import { z } from "zod";
import { bonusPeriodKinds, bonusPeriodSchema } from "../bonus-period";
import { roleSchema } from "../roles";
import { moneySchema } from "./crm";
import { idSchema, text, versionSchema } from "./shared";

/** A decimal with at most `places` decimals, from `min` to `max`. */
const decimal = (min: number, max: number, places: number) =>
  z
    .number()
    .min(min)
    .max(max)
    .refine(
      (value) => Math.abs(Math.round(value * 10 ** places) - value * 10 ** places) < 1e-6,
      `At most ${places} decimals`,
    );

export const bonusBandSchema = z.strictObject({
  /** Completion in percent from which the band's rate applies (80 = 80 %). */
  fromCompletion: decimal(0, 1000, 2),
  /** Percent of the base (1.5 = 1.5 %). */
  rate: decimal(0, 100, 4),
});

export const bonusAppliesToSchema = z
  .strictObject({
    role: roleSchema.optional(),
    /** The unit and everything below it. */
    unitId: idSchema.optional(),
    userIds: z.array(idSchema).min(1).max(1000).optional(),
  })
  .refine((value) => value.role || value.unitId || value.userIds, "Name a role, a unit or people");

/** The fields of a scheme, each as written; create fills the defaults, a patch changes only what it names. */
const bonusSchemeFields = {
  name: text(200),
  period: z.enum(bonusPeriodKinds),
  appliesTo: bonusAppliesToSchema,
  /** `own`: the person's confirmed revenue; `unit`: that of the units they head, with all below. */
  base: z.enum(["own", "unit"]),
  bands: z
    .array(bonusBandSchema)
    .min(1)
    .max(20)
    .refine(
      (bands) => bands.every((band, index) => index === 0 || band.fromCompletion > bands[index - 1]!.fromCompletion),
      "Bands go up by completion, each from a higher completion than the one before",
    ),
  mode: z.enum(["step", "linear"]),
  fixed: moneySchema,
  cap: moneySchema.nullable(),
  /** The bonus is multiplied by the activity coefficient, never by less than the floor (in percent). */
  coefficient: z.strictObject({ floor: decimal(0, 120, 2) }).nullable(),
  active: z.boolean(),
};

export const bonusSchemeWriteSchema = z.strictObject({
  ...bonusSchemeFields,
  base: bonusSchemeFields.base.default("own"),
  mode: bonusSchemeFields.mode.default("step"),
  fixed: bonusSchemeFields.fixed.default(0),
  cap: bonusSchemeFields.cap.default(null),
  coefficient: bonusSchemeFields.coefficient.default(null),
  active: bonusSchemeFields.active.default(true),
});
export type BonusSchemeWrite = z.input<typeof bonusSchemeWriteSchema>;

export const bonusSchemePatchSchema = z.strictObject(bonusSchemeFields).partial().extend({ version: versionSchema });

export const bonusSchemeSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  name: z.string(),
  period: z.enum(bonusPeriodKinds),
  appliesTo: z.object({
    role: roleSchema.optional(),
    unitId: z.string().optional(),
    userIds: z.array(z.string()).optional(),
  }),
  /** Names for the screen: the unit's and the people's (by name). */
  appliesToNames: z.object({
    unit: z.string().nullable(),
    users: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
  base: z.enum(["own", "unit"]),
  bands: z.array(z.object({ fromCompletion: z.number(), rate: z.number() })),
  mode: z.enum(["step", "linear"]),
  fixed: z.number(),
  cap: z.number().nullable(),
  coefficient: z.object({ floor: z.number() }).nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BonusScheme = z.infer<typeof bonusSchemeSchema>;
export const bonusSchemeListSchema = z.object({ items: z.array(bonusSchemeSchema), total: z.number().int() });

export const bonusQuerySchema = z.object({
  period: bonusPeriodSchema,
  unitId: idSchema.optional(),
  /** One person's line (404 when the caller may not read them). */
  userId: idSchema.optional(),
  /**
   * `none` leaves each line's deal lists empty (their counts stay): a company's sheet holds every
   * deal of the period, so a screen loads the lines first and one person's deals when opened.
   */
  deals: z.enum(["all", "none"]).default("all"),
});

/** Why a deal did not count in a bonus base. */
export const bonusExclusionReasons = [
  "unpaid",
  "not_posted",
  "no_document",
  "returned",
  "outside_period",
  "cancelled",
] as const;
export type BonusExclusionReason = (typeof bonusExclusionReasons)[number];

export const bonusDealSchema = z.object({
  dealId: z.string(),
  title: z.string(),
  ownerId: z.string(),
  amount: z.number(),
  /** The payment date that confirmed it (the win date without 1C). */
  confirmedAt: z.string().nullable(),
  /** The 1C order («Заказ № …») and the payment that completed it; null without 1C. */
  document: z.string().nullable(),
  payment: z.string().nullable(),
});
export type BonusDeal = z.infer<typeof bonusDealSchema>;

export const bonusExcludedDealSchema = bonusDealSchema.extend({ reason: z.enum(bonusExclusionReasons) });
export type BonusExcludedDeal = z.infer<typeof bonusExcludedDealSchema>;

export const bonusItemSchema = z.object({
  userId: z.string(),
  userName: z.string(),
  unitName: z.string(),
  schemeId: z.string(),
  schemeName: z.string(),
  baseKind: z.enum(["own", "unit"]),
  plan: z.number(),
  base: z.number(),
  /** Percent with 2 decimals; null when the plan is 0. */
  completion: z.number().nullable(),
  /** The activity coefficient over the period (percent), whether the scheme uses it or not. */
  coefficient: z.number().nullable(),
  /** The multiplier applied (1 without the coefficient). */
  multiplier: z.number(),
  /** Percent of the base applied, 4 decimals. */
  rate: z.number(),
  fixed: z.number(),
  bonus: z.number(),
  deals: z.array(bonusDealSchema),
  excluded: z.array(bonusExcludedDealSchema),
  /** How many deals counted and how many did not, also when the lists are left out. */
  dealCount: z.number().int(),
  excludedCount: z.number().int(),
});
export type BonusItem = z.infer<typeof bonusItemSchema>;

export const bonusSheetSchema = z.object({
  period: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  /** confirmed = paid posted 1C orders (the company exchanges with 1C); won = won deals. */
  source: z.enum(["1c", "won"]),
  items: z.array(bonusItemSchema),
  total: z.number(),
});
export type BonusSheet = z.infer<typeof bonusSheetSchema>;

/** A person whose bonus would now differ from the approved sheet. */
export const bonusChangeSchema = z.object({
  userId: z.string(),
  userName: z.string(),
  approved: z.object({ base: z.number(), bonus: z.number() }).nullable(),
  now: z.object({ base: z.number(), bonus: z.number() }).nullable(),
  dealsAdded: z.array(z.string()),
  dealsRemoved: z.array(z.string()),
});
export type BonusChange = z.infer<typeof bonusChangeSchema>;

export const bonusApprovalSchema = z.object({
  id: z.string(),
  period: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  approvedBy: z.object({ id: z.string(), name: z.string() }),
  approvedAt: z.string(),
  total: z.number(),
});
export type BonusApproval = z.infer<typeof bonusApprovalSchema>;

/** `GET /bonus-sheets?period&unitId`: the approved sheet (frozen), and what would change now. */
export const approvedBonusSheetSchema = z.object({
  approval: bonusApprovalSchema.nullable(),
  sheet: bonusSheetSchema.nullable(),
  /** Empty when nothing changed since the approval. */
  changes: z.array(bonusChangeSchema),
  totalNow: z.number().nullable(),
});
export type ApprovedBonusSheet = z.infer<typeof approvedBonusSheetSchema>;

export const bonusApproveSchema = z.strictObject({ period: bonusPeriodSchema, unitId: idSchema });

/** Reconciliation of the CRM against 1C for a period. */
export const reconciliationKinds = [
  "won_without_payment",
  "paid_without_deal",
  "amount_mismatch",
  "date_mismatch",
] as const;
export type ReconciliationKind = (typeof reconciliationKinds)[number];

export const reconciliationLineSchema = z.object({
  /** Stable: the kind and the deal id or the order's GUID. */
  key: z.string(),
  kind: z.enum(reconciliationKinds),
  dealId: z.string().nullable(),
  dealTitle: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  orderGuid: z.string().nullable(),
  document: z.string().nullable(),
  crmAmount: z.number().nullable(),
  oneCAmount: z.number().nullable(),
  crmDate: z.string().nullable(),
  oneCDate: z.string().nullable(),
  accepted: z.object({ comment: z.string(), by: z.string(), at: z.string() }).nullable(),
});
export type ReconciliationLine = z.infer<typeof reconciliationLineSchema>;

export const reconciliationSchema = z.object({
  period: z.string(),
  connected: z.boolean(),
  items: z.array(reconciliationLineSchema),
  total: z.number().int(),
});
export type Reconciliation = z.infer<typeof reconciliationSchema>;

export const reconciliationQuerySchema = z.object({
  period: bonusPeriodSchema,
  unitId: idSchema.optional(),
  /** Accepted lines too (by default only the open ones). */
  includeAccepted: z.enum(["true", "false"]).default("false"),
});

export const reconciliationAcceptSchema = z.strictObject({
  period: bonusPeriodSchema,
  key: z.string().trim().min(3).max(200),
  comment: text(1000),
});
