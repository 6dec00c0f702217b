import { z } from "zod";
import { firstYear, isValidIsoDate, lastYear } from "../calendar";
import { intSchema } from "./shared";

/**
 * What 1C:Enterprise sends, whichever way it arrives (a CommerceML package or the JSON upsert):
 * counterparties, orders and payments, each keyed by its 1C GUID (Ид). DESIGN.md section 7.
 */

/** 1C's Ид: a GUID, sometimes with a `#`-suffix for characteristics; kept as text. */
export const oneCGuidSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N}_#.:{}-]+$/u, "A 1C Ид holds letters, digits and - _ # . : { } only");

/** Money as 1C writes it: up to 15 whole digits and 2 decimals, as text or a JSON number. */
export const oneCMoneySchema = z
  .union([z.string().trim(), z.number()])
  .transform((value) => (typeof value === "number" ? String(value) : value.replace(/\s/g, "").replace(",", ".")))
  .refine((value) => /^\d{1,15}(\.\d{1,2})?$/.test(value), "An amount from 0 with at most 2 decimals")
  .transform(normalizeMoneyText);

function normalizeMoneyText(value: string): string {
  const [whole = "0", fraction = ""] = value.split(".");
  return `${whole.replace(/^0+(?=\d)/, "")}.${fraction.padEnd(2, "0")}`;
}

function yearInRange(value: string) {
  const year = Number(value.slice(0, 4));
  return year >= firstYear && year <= lastYear;
}

/**
 * A document date: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:mm:ss` in the company's time zone (as 1C writes
 * it), or an instant with an offset.
 */
export const oneCDateSchema = z
  .string()
  .trim()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
    "A date as YYYY-MM-DD or YYYY-MM-DDTHH:mm:ss",
  )
  .refine(yearInRange, `A year from ${firstYear} to ${lastYear}`)
  .refine((value) => isValidIsoDate(value.slice(0, 10)), "No such date");

const optionalName = z.string().trim().max(300).nullable().optional();

export const oneCCounterpartySchema = z.strictObject({
  guid: oneCGuidSchema,
  name: z.string().trim().min(1).max(300),
  /** БИН/ИИН (1C's ИНН field in Kazakhstan). */
  bin: z.string().trim().max(20).nullable().optional(),
  /** A person becomes a contact; an organisation a company. */
  kind: z.enum(["company", "person"]).default("company"),
  phones: z.array(z.string().trim().max(40)).max(20).default([]),
  emails: z.array(z.string().trim().max(254)).max(20).default([]),
  address: z.string().trim().max(500).nullable().optional(),
  /** The manager as 1C names them; matched through Settings → «Обмен с 1С» → managers. */
  managerName: optionalName,
  deleted: z.boolean().default(false),
});
export type OneCCounterparty = z.infer<typeof oneCCounterpartySchema>;

export const oneCOrderSchema = z.strictObject({
  guid: oneCGuidSchema,
  number: z.string().trim().min(1).max(60),
  date: oneCDateSchema,
  counterpartyGuid: oneCGuidSchema,
  amount: oneCMoneySchema,
  posted: z.boolean().default(true),
  deleted: z.boolean().default(false),
  cancelled: z.boolean().default(false),
  managerName: optionalName,
  comment: z.string().trim().max(2000).nullable().optional(),
});
export type OneCOrder = z.infer<typeof oneCOrderSchema>;

export const oneCPaymentSchema = z.strictObject({
  guid: oneCGuidSchema,
  /** The order it pays (CommerceML's Основание). */
  orderGuid: oneCGuidSchema,
  number: z.string().trim().min(1).max(60),
  date: oneCDateSchema,
  amount: oneCMoneySchema,
  /** A refund (Возврат … денег) takes its amount back off the order. */
  refund: z.boolean().default(false),
  posted: z.boolean().default(true),
  deleted: z.boolean().default(false),
});
export type OneCPayment = z.infer<typeof oneCPaymentSchema>;

export const oneCUpsertLimit = 10_000;

export const oneCUpsertBodySchema = z
  .strictObject({
    counterparties: z.array(z.unknown()).default([]),
    orders: z.array(z.unknown()).default([]),
    payments: z.array(z.unknown()).default([]),
  })
  .refine((body) => body.counterparties.length + body.orders.length + body.payments.length <= oneCUpsertLimit, {
    message: `At most ${oneCUpsertLimit} records a call`,
    path: ["orders"],
  });

export const oneCRecordKinds = ["counterparty", "order", "payment"] as const;
export type OneCRecordKind = (typeof oneCRecordKinds)[number];
export const oneCOutcomes = ["created", "updated", "unchanged", "rejected"] as const;
export type OneCOutcome = (typeof oneCOutcomes)[number];

export const oneCRecordResultSchema = z.object({
  kind: z.enum(oneCRecordKinds),
  guid: z.string().nullable(),
  outcome: z.enum(oneCOutcomes),
  /** Why a record was rejected, in Russian (as the exchange log shows it). */
  reason: z.string().optional(),
});
export type OneCRecordResult = z.infer<typeof oneCRecordResultSchema>;

export const oneCCountsSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
});
export type OneCCounts = z.infer<typeof oneCCountsSchema>;

export const oneCUpsertResponseSchema = z.object({
  sessionId: z.uuid(),
  counts: oneCCountsSchema,
  results: z.array(oneCRecordResultSchema),
});

/** `handover`: Planerka giving waiting orders to an employee (a head's «Назначить», a saved manager name). */
export const oneCSessionKinds = ["sale", "catalog", "upsert", "handover"] as const;
export const oneCSessionStatuses = ["running", "succeeded", "failed"] as const;

export const oneCSessionSchema = z.object({
  id: z.uuid(),
  kind: z.enum(oneCSessionKinds),
  status: z.enum(oneCSessionStatuses),
  /** `in`: 1C sent data; `out`: Planerka gave 1C its orders (mode=query). */
  directions: z.array(z.enum(["in", "out"])),
  userId: z.uuid().nullable(),
  userName: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  files: z.array(z.object({ name: z.string(), size: z.number().int(), applied: z.boolean() })),
  counts: oneCCountsSchema,
  ordersSent: z.number().int(),
  error: z.string().nullable(),
});
export type OneCSession = z.infer<typeof oneCSessionSchema>;

export const oneCRejectionSchema = z.object({
  fileName: z.string().nullable(),
  kind: z.enum(oneCRecordKinds),
  guid: z.string().nullable(),
  reason: z.string(),
});

export const oneCManagerNameSchema = z.object({ name: z.string(), userId: z.uuid(), userName: z.string() });
export const oneCManagerNameWriteSchema = z.strictObject({
  name: z.string().trim().min(1).max(300),
  userId: z.uuid(),
});

export const oneCStatusSchema = z.object({
  exchangeUrl: z.string(),
  lastSuccessAt: z.string().nullable(),
  staleAfterHours: z.number().int(),
  stale: z.boolean(),
  unassignedOrders: z.number().int(),
});
export const oneCSettingsPatchSchema = z.strictObject({ staleAfterHours: intSchema(1, 24 * 90) });

/** An order 1C sent whose owner Planerka could not tell: heads assign it («Не распределено»). */
export const oneCUnassignedOrderSchema = z.object({
  guid: z.string(),
  number: z.string(),
  date: z.string(),
  amount: z.string(),
  counterpartyName: z.string().nullable(),
  companyId: z.uuid().nullable(),
  managerName: z.string().nullable(),
  paidAmount: z.string(),
});
export const oneCAssignBodySchema = z.strictObject({ ownerId: z.uuid() });

/** What the deal card shows of its 1C order. */
export const dealOneCSchema = z.object({
  orderNumber: z.string(),
  orderDate: z.string(),
  amount: z.string(),
  paidAmount: z.string(),
  paidAt: z.string().nullable(),
  paymentNumber: z.string().nullable(),
  posted: z.boolean(),
  deleted: z.boolean(),
  cancelled: z.boolean(),
});
export type DealOneC = z.infer<typeof dealOneCSchema>;
