import { z } from "zod";
import { accessActionSchema, accessLevelSchema, scopedEntitySchema } from "../access";
import { isValidTimeZone } from "../calendar";
import { roleSchema } from "../roles";
import { passwordSchema } from "./org";
import { idSchema } from "./shared";

export const loginSchema = z.strictObject({
  login: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const setupSchema = z.strictObject({
  companyName: z.string().trim().min(1).max(200),
  login: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[a-zA-Z0-9._-]+$/),
  password: passwordSchema,
  name: z.string().trim().min(1).max(200),
  email: z.email().nullable().optional(),
});

export const abilitiesSchema = z.object({
  manageUsers: z.boolean(),
  manageUnits: z.boolean(),
  manageSettings: z.boolean(),
  manageAccess: z.boolean(),
  manageApiTokens: z.boolean(),
  /** Settings → «Обмен с 1С»: the exchange's log, settings and managers' names. */
  exchangeWith1C: z.boolean(),
  /** «Не распределено»: give 1C orders nobody owns to one's people. */
  assignOneCOrders: z.boolean(),
  /** Settings → «Премии»: bonus schemes (admins, tops, the head of the top unit). */
  configureBonuses: z.boolean(),
  /** Approve a unit's bonus sheet (heads of units and tops). */
  approveBonuses: z.boolean(),
  /** Accept a reconciliation difference with a comment. */
  reconcileOneC: z.boolean(),
  /** The units a user manager places people in: every unit (admin), or a head's subtree. */
  managedUnits: z.union([z.literal("all"), z.array(idSchema)]),
  /** The roles the caller may give: every role for an admin, those below their own for a head. */
  assignableRoles: z.array(roleSchema),
  /** Bring deleted CRM records back from the trash (administrators). */
  restoreRecords: z.boolean(),
  /** Register a company under a BIN another company holds (heads, tops, administrators). */
  allowDuplicateBin: z.boolean(),
  /** See closed groups one is not a member of (administrators). */
  seeEveryGroup: z.boolean(),
  /** «Обучение»: write the sales book and courses, grade answers, assign courses, hold attestations. */
  manageTraining: z.boolean(),
  /**
   * Whose figures and reports the caller may open by unit, as the server decides it from the access
   * matrix's `reports` read level: every unit, or the units they head with everything below.
   */
  reportUnits: z.union([z.literal("all"), z.array(idSchema)]),
  access: z.record(scopedEntitySchema, z.record(accessActionSchema, accessLevelSchema)),
});

export const startPageSchema = z.enum(["home", "cabinet"]);
export type StartPage = z.infer<typeof startPageSchema>;

export const meSchema = z.object({
  id: idSchema,
  login: z.string(),
  name: z.string(),
  position: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: roleSchema,
  unitId: idSchema,
  unitName: z.string(),
  headedUnitIds: z.array(idSchema),
  hasPhoto: z.boolean(),
  abilities: abilitiesSchema,
  companyName: z.string(),
  /** The company's zone: every figure's days and the times of the portal's pages. */
  timeZone: z.string(),
  /** The zone the calendar shows times in: the person's own when they set one, else the company's. */
  calendarTimeZone: z.string(),
  /** The person's own calendar zone, null when they follow the company's. */
  ownCalendarTimeZone: z.string().nullable(),
  /** Where they land after logging in and at "/": the start page («Главная») or their cabinet. */
  startPage: startPageSchema,
});
export type Me = z.infer<typeof meSchema>;

export const setupStatusSchema = z.object({ needsSetup: z.boolean(), companyName: z.string().nullable() });

/** What every employee may change about themselves; a new password needs the current one. */
export const profilePatchSchema = z
  .strictObject({
    email: z.email().max(254).nullable().optional(),
    phone: z
      .string()
      .trim()
      .max(32)
      .regex(/^\+?[0-9 ()-]{5,}$/, "Expected a phone number")
      .nullable()
      .optional(),
    currentPassword: z.string().max(200).optional(),
    newPassword: passwordSchema.optional(),
    /** The calendar's own zone (null: the company's). */
    calendarTimeZone: z.string().max(100).refine(isValidTimeZone, "Not a known time zone").nullable().optional(),
    startPage: startPageSchema.optional(),
  })
  .refine((value) => !value.newPassword || value.currentPassword, {
    path: ["currentPassword"],
    message: "Enter your current password to set a new one",
  });
