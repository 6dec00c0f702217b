import { z } from "zod";
import { idSchema, intSchema } from "./shared";

/**
 * Telephony (issue #19): the PBX's call events, signed with HMAC-SHA256 —
 * `X-Planerka-Signature: t=<unix seconds>,v1=<hex of HMAC(secret, "<t>.<raw body>")>`.
 */
export const callEvents = ["ringing", "answered", "finished", "missed"] as const;
export type CallEventKind = (typeof callEvents)[number];

const phoneText = z.string().trim().min(3).max(40);

export const callEventSchema = z.strictObject({
  /** The PBX's id of the call; the same call sends several events. */
  callId: z.string().trim().min(1).max(200),
  direction: z.enum(["incoming", "outgoing"]),
  from: phoneText,
  to: phoneText,
  /** The employee's internal number, mapped to them in Settings → «Телефония». */
  employeeExtension: z.string().trim().min(1).max(40).optional(),
  event: z.enum(callEvents),
  at: z.iso.datetime({ offset: true }),
  durationSec: z.number().int().min(0).max(86_400).optional(),
  recordingUrl: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .optional(),
});
export type CallEvent = z.infer<typeof callEventSchema>;

export const callEventResultSchema = z.object({
  /** false when this call's event was already received (nothing changed). */
  accepted: z.boolean(),
  activityId: idSchema.nullable(),
  leadId: idSchema.nullable(),
});

export const telephonySettingsSchema = z.object({
  configured: z.boolean(),
  originateUrl: z.string().nullable(),
  extensions: z.array(z.object({ extension: z.string(), userId: idSchema, userName: z.string() })),
  version: z.number().int(),
});

export const telephonySettingsWriteSchema = z.strictObject({
  /** A new shared secret (16+ characters); left out, the current one stays. */
  secret: z.string().min(16).max(200).optional(),
  originateUrl: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .nullable()
    .optional(),
  extensions: z
    .array(z.strictObject({ extension: z.string().trim().min(1).max(40), userId: idSchema }))
    .max(2_000)
    .optional(),
  /** 0 before the first save. */
  version: intSchema(0),
});

/**
 * The card that pops up for the employee while a call rings: who is calling and, of what the
 * employee may see, the client's open deals and last activity.
 */
export const incomingCallSchema = z.object({
  callId: z.string(),
  /** The caller's number as people write it (+7 701 555 12 34). */
  number: z.string(),
  client: z
    .object({
      kind: z.enum(["contact", "company"]),
      id: idSchema,
      name: z.string(),
      companyName: z.string().nullable(),
    })
    .nullable(),
  leadId: idSchema.nullable(),
  openDeals: z.array(z.object({ id: idSchema, title: z.string(), amount: z.number() })),
  lastActivity: z.object({ subject: z.string(), at: z.string() }).nullable(),
  /** A sample card from Settings → «Телефония» → «Проверить»: no call behind it. */
  test: z.boolean().optional(),
});
export type IncomingCall = z.infer<typeof incomingCallSchema>;

/** What a ringing call became: answered (the card stays, marked) or ended (the card goes). */
export const callStates = ["answered", "ended"] as const;
export type CallState = (typeof callStates)[number];

/** Whether my phones call through the PBX (originate address set and I have an extension). */
export const clickToCallSchema = z.object({ available: z.boolean(), extension: z.string().nullable() });
export type ClickToCall = z.infer<typeof clickToCallSchema>;

export const placeCallSchema = z.strictObject({ number: z.string().trim().min(3).max(40) });
export type PlaceCall = z.infer<typeof placeCallSchema>;
export const placedCallSchema = z.object({ callId: z.string(), extension: z.string(), number: z.string() });

export const telephonyTestResultSchema = z.object({
  secret: z.boolean(),
  extensions: z.number().int(),
  inactiveExtensions: z.number().int(),
  /** null when no originate address is set. */
  originate: z
    .object({ ok: z.boolean(), status: z.number().int().nullable(), error: z.string().nullable() })
    .nullable(),
});
export type TelephonyTestResult = z.infer<typeof telephonyTestResultSchema>;
