import { z } from "zod";
import { idSchema, intSchema, optionalText, pagingQuerySchema, text } from "./shared";

/** One address, trimmed; `a@b.kz`, no display name (the name comes from the settings). */
export const emailAddressSchema = z.string().trim().max(254).pipe(z.email("Expected an e-mail address"));

/** Header text: one line, so nothing can be smuggled into the message's headers. */
const headerLine = (max: number) =>
  text(max).refine((value) => !/[\r\n]/.test(value), "Expected one line of text without line breaks");

/** What the administrator sees; the password is never sent back, only whether one is stored. */
export const smtpSettingsSchema = z.object({
  configured: z.boolean(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  secure: z.boolean(),
  user: z.string().nullable(),
  passwordSet: z.boolean(),
  fromAddress: z.string().nullable(),
  fromName: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type SmtpSettings = z.infer<typeof smtpSettingsSchema>;

/** `password` absent keeps the stored one, `null` removes it, a string replaces it. */
export const smtpSettingsWriteSchema = z.strictObject({
  host: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, "Expected a host name or an IP address"),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean(),
  user: optionalText(320),
  password: z.string().max(1000).nullable().optional(),
  fromAddress: emailAddressSchema,
  fromName: optionalText(200).refine((value) => !value || !/[\r\n]/.test(value), "Expected one line of text"),
  /** The version read (0 before the first save); a stale one gets 409. */
  version: intSchema(0).optional(),
});
export type SmtpSettingsInput = z.infer<typeof smtpSettingsWriteSchema>;

export const mailStates = ["sent", "failed", "outbox"] as const;
export type MailState = (typeof mailStates)[number];

export const mailMessageSchema = z.object({
  id: idSchema,
  dealId: idSchema.nullable(),
  dealTitle: z.string().nullable(),
  companyId: idSchema.nullable(),
  contactId: idSchema.nullable(),
  senderId: idSchema,
  senderName: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  state: z.enum(mailStates),
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  /** Attempts to send it so far (since the last «Отправить снова»). */
  attempts: z.number().int(),
  /** When the outbox worker tries next (a letter in the outbox only); `error` holds the last attempt's. */
  nextAttemptAt: z.string().nullable(),
});
export type MailMessage = z.infer<typeof mailMessageSchema>;

/** A letter to the client from a deal card; `to` defaults to the deal's contact's, then company's e-mail. */
export const dealEmailWriteSchema = z.strictObject({
  to: emailAddressSchema.optional(),
  subject: headerLine(500),
  body: text(100_000),
  /** Files uploaded for the letter (`POST /mail/files`) or carried by an earlier letter from the deal. */
  fileIds: z.array(idSchema).max(20).optional(),
  /** Files of tasks linked to the deal, copied into the letter. */
  taskFileIds: z.array(idSchema).max(20).optional(),
  /** Drive files the writer may read (their current versions). */
  driveFileIds: z.array(idSchema).max(20).optional(),
});
export type DealEmailInput = z.infer<typeof dealEmailWriteSchema>;

export const outboxQuerySchema = pagingQuerySchema;
