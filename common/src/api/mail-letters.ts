import { z } from "zod";
import { idSchema, text, versionSchema } from "./shared";

/** A letter's attachments may weigh this much together (and one uploaded file at most this). */
export const letterAttachmentLimitBytes = 20 * 1024 * 1024;
/** At most this many files on one letter. */
export const letterAttachmentMaxCount = 20;

/** A file attached to a letter (or waiting to be): downloadable from the letter on the timeline. */
export const mailFileSchema = z.object({
  id: idSchema,
  name: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
});
export type MailFile = z.infer<typeof mailFileSchema>;

/**
 * A file on the record that a letter may carry: one an earlier letter from the deal carried
 * (`letter`), or one on a task linked to the deal that the caller may read (`task`, copied into
 * the letter when it is written).
 */
export const recordFileSchema = mailFileSchema.extend({
  source: z.enum(["letter", "task"]),
  /** The letter's subject or the task's title. */
  sourceTitle: z.string(),
});
export type RecordFile = z.infer<typeof recordFileSchema>;

/**
 * The fields a letter template may name, `{{contact.name}}` and so on: the record's client, the
 * deal, and the employee writing the letter (whose address the client's answer goes to).
 */
export const templatePlaceholders = [
  "contact.name",
  "contact.position",
  "contact.phone",
  "contact.email",
  "company.name",
  "company.bin",
  "company.phone",
  "company.email",
  "deal.title",
  "deal.number",
  "deal.amount",
  "manager.name",
  "manager.position",
  "manager.phone",
  "manager.email",
] as const;
export type TemplatePlaceholder = (typeof templatePlaceholders)[number];

const placeholderPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The names in `{{…}}` that are not placeholders a template may use, each once. */
export function unknownPlaceholders(value: string): string[] {
  const known = new Set<string>(templatePlaceholders);
  const unknown = new Set<string>();
  for (const match of value.matchAll(placeholderPattern)) if (!known.has(match[1]!)) unknown.add(match[1]!);
  return [...unknown];
}

/** Fills every `{{placeholder}}`; a field the record lacks becomes empty text. */
export function fillTemplate(value: string, fields: Partial<Record<TemplatePlaceholder, string | null>>): string {
  return value.replace(placeholderPattern, (whole, name: string) =>
    (templatePlaceholders as readonly string[]).includes(name) ? (fields[name as TemplatePlaceholder] ?? "") : whole,
  );
}

const templateText = (max: number) =>
  text(max).superRefine((value, context) => {
    const unknown = unknownPlaceholders(value);
    if (unknown.length === 0) return;
    const list = (names: readonly string[]) => names.map((name) => `{{${name}}}`).join(", ");
    context.addIssue({
      code: "custom",
      message: `Unknown placeholder ${list(unknown)}; known: ${list(templatePlaceholders)}`,
    });
  });

export const mailTemplateSchema = z.object({
  id: idSchema,
  name: z.string(),
  subject: z.string(),
  body: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
});
export type MailTemplate = z.infer<typeof mailTemplateSchema>;

export const mailTemplateWriteSchema = z.strictObject({
  name: text(200),
  subject: templateText(500).refine((value) => !/[\r\n]/.test(value), "Expected one line of text without line breaks"),
  body: templateText(100_000),
});
export type MailTemplateInput = z.infer<typeof mailTemplateWriteSchema>;

export const mailTemplatePatchSchema = mailTemplateWriteSchema.partial().extend({ version: versionSchema });
export type MailTemplatePatch = z.infer<typeof mailTemplatePatchSchema>;

/** Exactly one record the letter is about. */
export const mailTemplateRenderSchema = z
  .strictObject({ dealId: idSchema.optional(), contactId: idSchema.optional(), companyId: idSchema.optional() })
  .refine((value) => [value.dealId, value.contactId, value.companyId].filter(Boolean).length === 1, {
    message: "Name exactly one of dealId, contactId, companyId",
    path: ["dealId"],
  });
export type MailTemplateRenderInput = z.infer<typeof mailTemplateRenderSchema>;

export const renderedTemplateSchema = z.object({ subject: z.string(), body: z.string() });
export type RenderedTemplate = z.infer<typeof renderedTemplateSchema>;

/**
 * «Проверить соединение»: the settings being edited (a password left out or empty means the
 * stored one), or nothing for the stored settings.
 */
export const smtpCheckSchema = z
  .strictObject({
    host: z
      .string()
      .trim()
      .min(1)
      .max(253)
      .regex(/^[A-Za-z0-9.:[\]-]+$/, "Expected a host name or an IP address"),
    port: z.number().int().min(1).max(65535),
    secure: z.boolean(),
    user: z.string().trim().max(320).nullable().optional(),
    password: z.string().max(1000).nullable().optional(),
  })
  .nullish();
export type SmtpCheckInput = z.infer<typeof smtpCheckSchema>;

export const smtpCheckResultSchema = z.object({ ok: z.boolean(), error: z.string().optional() });
export type SmtpCheckResult = z.infer<typeof smtpCheckResultSchema>;
