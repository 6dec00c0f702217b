import { z } from "zod";
import { isoDateSchema } from "../calendar";
import { isValidBin, normalizePhone } from "../identity";
import { emailsSchema, externalIdSchema, leadStatusSchema, moneySchema } from "./crm";
import { idSchema, optionalText, text, versionSchema } from "./shared";

/**
 * The CRM's write bodies that check BIN/IIN and phone numbers. They live apart from `crm.ts` so
 * that reading CRM records (the cabinet, the shell's routes) does not pull the phone-number
 * library (libphonenumber-js and its metadata, about 125 KiB) into the web app's start-up code;
 * only the forms that write companies, contacts and leads load it.
 */

export const binSchema = z
  .string()
  .trim()
  .refine(isValidBin, "A BIN/IIN is 12 digits with a valid check digit")
  .nullable()
  .optional();

const phoneEntry = z.string().transform((value, context) => {
  const normalized = normalizePhone(value);
  if (!normalized) {
    context.addIssue({ code: "custom", message: `"${value.slice(0, 40)}" is not a phone number` });
    return z.NEVER;
  }
  return normalized;
});
export const phonesSchema = z.array(phoneEntry).max(20).optional();

export const companyWriteSchema = z.strictObject({
  name: text(300),
  bin: binSchema,
  phones: phonesSchema,
  emails: emailsSchema,
  address: optionalText(500),
  city: optionalText(100),
  industry: optionalText(200),
  ownerId: idSchema.optional(),
  externalId: externalIdSchema,
  /** Register it although a company holds this BIN/IIN already: heads, tops and administrators only. */
  allowDuplicateBin: z.boolean().optional(),
});
export const companyPatchSchema = companyWriteSchema.partial().extend({ version: versionSchema });

export const contactWriteSchema = z.strictObject({
  name: text(300),
  position: optionalText(200),
  phones: phonesSchema,
  emails: emailsSchema,
  companyId: idSchema.nullable().optional(),
  ownerId: idSchema.optional(),
  externalId: externalIdSchema,
});
export const contactPatchSchema = contactWriteSchema.partial().extend({ version: versionSchema });

export const leadWriteSchema = z.strictObject({
  title: text(300),
  source: optionalText(100),
  status: leadStatusSchema.exclude(["converted"]).optional(),
  contactName: optionalText(300),
  companyName: optionalText(300),
  phone: z
    .string()
    .nullable()
    .optional()
    .transform((value, context) => {
      if (value === null || value === undefined || value.trim() === "") return value === undefined ? undefined : null;
      const normalized = normalizePhone(value);
      if (!normalized) {
        context.addIssue({ code: "custom", message: "Not a phone number" });
        return z.NEVER;
      }
      return normalized;
    }),
  email: z.email().max(254).nullable().optional(),
  comment: optionalText(5000),
  ownerId: idSchema.optional(),
  externalId: externalIdSchema,
});
export const leadPatchSchema = leadWriteSchema.partial().extend({ version: versionSchema });

export const leadConvertSchema = z.strictObject({
  companyId: idSchema.nullable().optional(),
  newCompany: companyWriteSchema.omit({ ownerId: true, externalId: true, allowDuplicateBin: true }).optional(),
  contactId: idSchema.nullable().optional(),
  newContact: contactWriteSchema.omit({ ownerId: true, externalId: true, companyId: true }).optional(),
  deal: z.strictObject({
    title: text(300),
    amount: moneySchema.default(0),
    stageId: idSchema.optional(),
    expectedCloseDate: isoDateSchema.nullable().optional(),
  }),
  version: versionSchema,
});
