import { z } from "zod";
import { idSchema, intSchema, text } from "./shared";

/** How the IMAP server is reached: TLS from the first byte (993), STARTTLS (143), or plain (loopback only). */
export const mailboxSecurities = ["tls", "starttls", "none"] as const;
export const mailboxKinds = ["company", "personal"] as const;

const hostSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, "Expected a host name or an IP address");

/**
 * A mailbox as its owner (or, for the company's, an administrator) sees it: the password is never
 * sent back, only whether one is stored; `imported` of `total` is the importer's progress.
 */
export const mailboxSchema = z.object({
  id: idSchema,
  kind: z.enum(mailboxKinds),
  ownerId: idSchema.nullable(),
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  security: z.enum(mailboxSecurities),
  user: z.string(),
  passwordSet: z.boolean(),
  folder: z.string(),
  active: z.boolean(),
  createLeads: z.boolean(),
  imported: z.number().int(),
  total: z.number().int(),
  lastError: z.string().nullable(),
  lastImportAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Mailbox = z.infer<typeof mailboxSchema>;

const mailboxFields = {
  name: text(200),
  host: hostSchema,
  port: intSchema(1, 65535),
  security: z.enum(mailboxSecurities),
  user: text(320),
  /** Absent keeps the stored one (on change), null removes it, a string replaces it. */
  password: z.string().max(1000).nullable().optional(),
  folder: text(200).refine((value) => !/[\r\n\0]/.test(value), "Expected a folder name"),
  active: z.boolean(),
  createLeads: z.boolean(),
};

/** `kind: company` is for administrators; a personal mailbox is always the caller's own. */
export const mailboxCreateSchema = z.strictObject({
  kind: z.enum(mailboxKinds).default("personal"),
  ...mailboxFields,
  folder: mailboxFields.folder.default("INBOX"),
  active: z.boolean().default(true),
  createLeads: z.boolean().default(false),
});
export type MailboxCreateInput = z.infer<typeof mailboxCreateSchema>;

export const mailboxUpdateSchema = z.strictObject({
  name: mailboxFields.name.optional(),
  host: mailboxFields.host.optional(),
  port: mailboxFields.port.optional(),
  security: mailboxFields.security.optional(),
  user: mailboxFields.user.optional(),
  password: mailboxFields.password,
  folder: mailboxFields.folder.optional(),
  active: z.boolean().optional(),
  createLeads: z.boolean().optional(),
  /** The version read; a stale one gets 409. */
  version: intSchema(1).optional(),
});
export type MailboxUpdateInput = z.infer<typeof mailboxUpdateSchema>;

export const mailboxListSchema = z.object({ items: z.array(mailboxSchema) });

/** «Проверить соединение»: logged in and opened the folder (how many letters it holds), or the server's answer. */
export const mailboxCheckSchema = z.object({
  ok: z.boolean(),
  error: z.string().nullable(),
  messages: z.number().int().nullable(),
});
export type MailboxCheck = z.infer<typeof mailboxCheckSchema>;

export const inboundAttachmentSchema = z.object({
  id: idSchema,
  name: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  /** False when the file was over the size the importer keeps: listed, not downloadable. */
  stored: z.boolean(),
});
export type InboundAttachment = z.infer<typeof inboundAttachmentSchema>;

export const inboundAttachmentParamsSchema = z.object({ id: idSchema, attachmentId: idSchema });

/** «Ответить» on an imported letter: goes out in its thread (In-Reply-To, References), to its sender. */
export const inboundReplySchema = z.strictObject({ text: text(100_000) });
export type InboundReplyInput = z.infer<typeof inboundReplySchema>;
