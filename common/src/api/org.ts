import { z } from "zod";
import { roleSchema, unitKindSchema } from "../roles";
import { idSchema, optionalText, pagingQuerySchema, text, timestampsSchema, versionSchema } from "./shared";

export const unitWriteSchema = z.strictObject({
  name: text(200),
  kind: unitKindSchema,
  parentId: idSchema.nullable(),
  headUserId: idSchema.nullable().optional(),
});
export const unitPatchSchema = unitWriteSchema.partial().extend({ version: versionSchema });
export const unitSchema = timestampsSchema.extend({
  name: z.string(),
  kind: unitKindSchema,
  parentId: idSchema.nullable(),
  headUserId: idSchema.nullable(),
  headUserName: z.string().nullable(),
  userCount: z.number().int(),
});
export type Unit = z.infer<typeof unitSchema>;

export const loginNameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/, "Latin letters, digits, dot, dash and underscore only")
  .transform((value) => value.toLowerCase());
/** Every new password, wherever it is set (the demo company's `demo` is made by the generator, not here). */
export const passwordMinLength = 8;
export const passwordSchema = z.string().min(passwordMinLength, `At least ${passwordMinLength} characters`).max(200);
export const phoneSchema = z
  .string()
  .trim()
  .max(32)
  .regex(/^\+?[0-9 ()-]{5,}$/, "Expected a phone number")
  .nullable()
  .optional();

export const userWriteSchema = z.strictObject({
  login: loginNameSchema,
  password: passwordSchema,
  name: text(200),
  position: optionalText(200),
  email: z.email().max(254).nullable().optional(),
  phone: phoneSchema,
  role: roleSchema,
  unitId: idSchema,
  active: z.boolean().default(true),
});
/** `currentPassword` is required when the caller changes their own password. */
export const userPatchSchema = userWriteSchema
  .partial()
  .omit({ active: true })
  .extend({
    active: z.boolean().optional(),
    currentPassword: z.string().max(200).optional(),
    version: versionSchema,
  });

export const userSchema = timestampsSchema.extend({
  login: z.string(),
  name: z.string(),
  position: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: roleSchema,
  unitId: idSchema,
  unitName: z.string(),
  active: z.boolean(),
  hasPhoto: z.boolean(),
  /** Whether the caller may change this person (the server's rule, sent so the web need not repeat it). */
  abilities: z.object({ manage: z.boolean() }),
});
export type User = z.infer<typeof userSchema>;

export const userListQuerySchema = pagingQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  unitId: idSchema.optional(),
  role: roleSchema.optional(),
  active: z.enum(["true", "false"]).optional(),
  sort: z
    .string()
    .regex(/^-?(name|login|role|position|createdAt)$/, "Sort by name, login, role, position or createdAt")
    .default("name"),
});
