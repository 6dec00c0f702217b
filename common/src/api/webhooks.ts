import { z } from "zod";
import { idSchema, intSchema, optionalText, pageSchema, pagingQuerySchema, versionSchema } from "./shared";

/**
 * Outgoing webhooks (issue #19): what happened in the CRM and the tasks, POSTed to an address an
 * administrator subscribed, signed like the telephony webhook —
 * `X-Planerka-Signature: t=<unix seconds>,v1=<hex of HMAC-SHA256(secret, "<t>.<raw body>")>`.
 */
export const webhookEvents = [
  "deal.created",
  "deal.stage_changed",
  "deal.won",
  "deal.lost",
  "activity.created",
  "activity.completed",
  "company.created",
  "contact.created",
  "lead.created",
  "task.created",
  "task.completed",
] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/** Only http(s); the address itself is checked by the server (no private or loopback hosts). */
const webhookUrl = z.url({ protocol: /^https?$/ }).max(2_000);

export const webhookSubscriptionSchema = z.object({
  id: idSchema,
  url: z.string(),
  events: z.array(z.enum(webhookEvents)),
  active: z.boolean(),
  description: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The latest delivery's outcome, for the list. */
  lastDelivery: z.object({ state: z.string(), at: z.string(), responseStatus: z.number().int().nullable() }).nullable(),
});
export type WebhookSubscription = z.infer<typeof webhookSubscriptionSchema>;

/** Creation and «new secret» answer with the secret once; it is never shown again. */
export const webhookWithSecretSchema = webhookSubscriptionSchema.extend({ secret: z.string() });

export const webhookListSchema = z.object({ items: z.array(webhookSubscriptionSchema) });

export const webhookCreateSchema = z.strictObject({
  url: webhookUrl,
  events: z.array(z.enum(webhookEvents)).min(1).max(webhookEvents.length),
  active: z.boolean().default(true),
  description: optionalText(500),
});

export const webhookUpdateSchema = z.strictObject({
  url: webhookUrl.optional(),
  events: z.array(z.enum(webhookEvents)).min(1).max(webhookEvents.length).optional(),
  active: z.boolean().optional(),
  description: optionalText(500),
  version: versionSchema,
});

export const webhookDeliveryStates = ["pending", "delivered", "failed"] as const;

export const webhookDeliverySchema = z.object({
  id: idSchema,
  /** One of the events, or `ping` from «Тест». */
  event: z.string(),
  state: z.enum(webhookDeliveryStates),
  occurredAt: z.string(),
  attempts: z.number().int(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  responseStatus: z.number().int().nullable(),
  /** The receiver's answer, cut to 2 KB. */
  responseBody: z.string().nullable(),
  /** Why the last attempt failed without an answer (refused address, timeout, connection). */
  error: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryPageSchema = pageSchema(webhookDeliverySchema);
export const webhookDeliveryQuerySchema = pagingQuerySchema;
export const webhookDeliveryParamsSchema = z.object({ id: idSchema, deliveryId: idSchema });

/** A host name or address as written in a URL (lower case, no port). */
const allowedHost = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.:-]+$/, "A host name or IP address, without scheme or port");

export const webhookAllowedHostsSchema = z.object({
  /** Hosts an administrator allowed even though they resolve to private or loopback addresses. */
  allowedHosts: z.array(z.string()),
  version: z.number().int(),
});

export const webhookAllowedHostsWriteSchema = z.strictObject({
  allowedHosts: z.array(allowedHost).max(100),
  /** 0 before the first save. */
  version: intSchema(0),
});
