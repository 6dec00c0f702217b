import { z } from "zod";
import { accessRuleSchema, tokenScopeSchema } from "../access";
import { instantSchema, isoDateSchema, isValidTimeZone, yearSchema } from "../calendar";
import { idSchema, text, versionSchema } from "./shared";

/** The days without activity after which an open deal counts as hanging: 14 unless the company sets it. */
export const hangingDealDaysRange = { min: 1, max: 365, default: 14 } as const;

export const settingsSchema = z.object({
  companyName: z.string(),
  timeZone: z.string(),
  currency: z.string(),
  weekStart: z.number().int(),
  workingWeekdays: z.array(z.number().int()),
  locale: z.enum(["ru", "en", "kk"]),
  /** An open deal with no activity for this many days is «подвисшая» (the heads' start pages). */
  hangingDealDays: z.number().int(),
  version: z.number().int(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = z.strictObject({
  companyName: text(200).optional(),
  timeZone: z.string().refine(isValidTimeZone, "Unknown time zone").optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "Expected an ISO 4217 currency code")
    .optional(),
  weekStart: z.number().int().min(1).max(7).optional(),
  workingWeekdays: z
    .array(z.number().int().min(1).max(7))
    .max(7)
    .refine((days) => new Set(days).size === days.length, "Each weekday once")
    .optional(),
  locale: z.enum(["ru", "en", "kk"]).optional(),
  hangingDealDays: z
    .number()
    .int("Expected a whole number of days")
    .min(hangingDealDaysRange.min, `At least ${hangingDealDaysRange.min} day`)
    .max(hangingDealDaysRange.max, `At most ${hangingDealDaysRange.max} days`)
    .optional(),
  version: versionSchema,
});

export const calendarYearQuerySchema = z.object({
  year: yearSchema,
});
export const calendarDaySchema = z.object({
  date: z.string(),
  working: z.boolean(),
  exception: z.enum(["holiday", "workday"]).nullable(),
  name: z.string().nullable(),
});
export const calendarYearSchema = z.object({
  year: z.number().int(),
  workingWeekdays: z.array(z.number().int()),
  workingDays: z.number().int(),
  months: z.array(z.object({ month: z.string(), workingDays: z.number().int() })),
  days: z.array(calendarDaySchema),
});
export type CalendarYear = z.infer<typeof calendarYearSchema>;

export const calendarDayParamsSchema = z.object({ date: isoDateSchema });
/** `kind: null` removes the exception and the day follows the working week again. */
export const calendarDayWriteSchema = z.strictObject({
  kind: z.enum(["holiday", "workday"]).nullable(),
  name: z.string().trim().max(200).nullable().optional(),
});

export const accessMatrixSchema = z.object({ rules: z.array(accessRuleSchema) });
export const accessMatrixWriteSchema = z.strictObject({ rules: z.array(accessRuleSchema).min(1).max(1000) });

export const apiTokenWriteSchema = z.strictObject({
  name: text(200),
  userId: idSchema.optional(),
  scopes: z.array(tokenScopeSchema).min(1),
  expiresAt: instantSchema.nullable().optional(),
});
export const apiTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  prefix: z.string(),
  userId: idSchema,
  userName: z.string(),
  scopes: z.array(tokenScopeSchema),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const apiTokenCreatedSchema = apiTokenSchema.extend({ token: z.string() });
