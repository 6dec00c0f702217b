import {
  companyWriteSchema,
  contactWriteSchema,
  type ImportEntity,
  type ImportRowError,
  type ImportRowErrorCode,
  isValidIsoDate,
  moneySchema,
} from "@planerka/common";
import type { z } from "zod";

/** A row's problem: the English `message` for API users, `code`, `field` and `params` for translations. */
export function rowError(
  row: number,
  field: string | null,
  code: ImportRowErrorCode,
  message: string,
  params?: Record<string, string | number>,
): ImportRowError {
  return { row, field, code, message: field ? `${field}: ${message}` : message, ...(params ? { params } : {}) };
}

export interface ImportRecord {
  row: number;
  externalId: string | null;
  ownerLogin: string | null;
  /** Validated field values, in the shape of the entity's write schema. */
  fields: Record<string, unknown>;
  /** Deals only: references resolved per batch. */
  stage?: string;
  companyExternalId?: string;
  contactExternalId?: string;
}

export type ParsedRecord = { ok: true; record: ImportRecord } | { ok: false; error: ImportRowError };

const list = (value: string) =>
  value
    .split(/[,;\n]/)
    .map((item) => item.trim())
    .filter(Boolean);

/** "1 234 567,89" and "1234567.89" both mean the same money. */
export function parseAmount(value: string): number | null {
  const cleaned = value.replace(/[\s\u00a0₸]|KZT|тг\.?/gi, "").replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** "31.10.2026" or "2026-10-31" → "2026-10-31". */
export function parseDay(value: string): string | null {
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(value);
  const iso = dotted
    ? `${dotted[3]}-${dotted[2]!.padStart(2, "0")}-${dotted[1]!.padStart(2, "0")}`
    : value.slice(0, 10);
  return isValidIsoDate(iso) ? iso : null;
}

/** The first problem zod found, as the code of what is wrong with which field. */
function firstIssue(row: number, error: z.ZodError, values: Record<string, string>): ImportRowError {
  const issue = error.issues[0]!;
  const field = typeof issue.path[0] === "string" ? issue.path[0] : null;
  const message = issue.message;
  // A list's entry (phones.1) is named by its value, as the file has it.
  const entry = typeof issue.path[1] === "number" && field ? list(values[field] ?? "")[issue.path[1]] : undefined;
  const value = (entry ?? (field ? values[field] : undefined) ?? "").slice(0, 40);
  if (issue.code === "too_small") return rowError(row, field, "required", message);
  if (issue.code === "too_big") {
    const code = issue.origin === "array" ? "tooMany" : "tooLong";
    return rowError(row, field, code, message, { max: Number(issue.maximum) });
  }
  const byField: Record<string, ImportRowErrorCode> = {
    bin: "invalidBin",
    phones: "invalidPhone",
    emails: "invalidEmail",
  };
  return rowError(row, field, (field && byField[field]) || "invalid", message, { value });
}

const blankToUndefined = (value: string | undefined) => (value === undefined || value === "" ? undefined : value);

/** One row of the file, as the fields the mapping gives it, validated like an API request. */
export function parseRecord(entity: ImportEntity, row: number, values: Record<string, string>): ParsedRecord {
  const externalId = blankToUndefined(values.externalId)?.slice(0, 100) ?? null;
  const ownerLogin = blankToUndefined(values.ownerLogin)?.toLowerCase() ?? null;
  const fail = (
    field: string,
    code: ImportRowErrorCode,
    message: string,
    params?: Record<string, string | number>,
  ): ParsedRecord => ({ ok: false, error: rowError(row, field, code, message, params) });
  const failWith = (error: z.ZodError): ParsedRecord => ({ ok: false, error: firstIssue(row, error, values) });
  if (entity === "companies") {
    const parsed = companyWriteSchema.omit({ ownerId: true, externalId: true, allowDuplicateBin: true }).safeParse({
      name: values.name ?? "",
      bin: blankToUndefined(values.bin),
      phones: values.phones ? list(values.phones) : undefined,
      emails: values.emails ? list(values.emails) : undefined,
      address: blankToUndefined(values.address),
      city: blankToUndefined(values.city),
      industry: blankToUndefined(values.industry),
    });
    if (!parsed.success) return failWith(parsed.error);
    return { ok: true, record: { row, externalId, ownerLogin, fields: stripUndefined(parsed.data) } };
  }
  if (entity === "contacts") {
    const parsed = contactWriteSchema.omit({ ownerId: true, externalId: true, companyId: true }).safeParse({
      name: values.name ?? "",
      position: blankToUndefined(values.position),
      phones: values.phones ? list(values.phones) : undefined,
      emails: values.emails ? list(values.emails) : undefined,
    });
    if (!parsed.success) return failWith(parsed.error);
    return {
      ok: true,
      record: {
        row,
        externalId,
        ownerLogin,
        fields: stripUndefined(parsed.data),
        companyExternalId: blankToUndefined(values.companyExternalId),
      },
    };
  }
  const title = (values.title ?? "").trim();
  if (!title) return fail("title", "required", "Required");
  if (title.length > 300) return fail("title", "tooLong", "At most 300 characters", { max: 300 });
  const fields: Record<string, unknown> = { title };
  if (values.amount) {
    const amount = parseAmount(values.amount);
    if (amount === null || !moneySchema.safeParse(amount).success)
      return fail("amount", "notAnAmount", `"${values.amount.slice(0, 30)}" is not an amount`, {
        value: values.amount.slice(0, 30),
      });
    fields.amount = amount.toFixed(2);
  }
  for (const key of ["expectedCloseDate", "closedAt"] as const) {
    if (!values[key]) continue;
    const day = parseDay(values[key]);
    if (!day)
      return fail(key, "notADate", `"${values[key].slice(0, 30)}" is not a date`, { value: values[key].slice(0, 30) });
    fields[key] = day;
  }
  if (values.source) fields.source = values.source.slice(0, 100);
  return {
    ok: true,
    record: {
      row,
      externalId,
      ownerLogin,
      fields,
      stage: blankToUndefined(values.stage),
      companyExternalId: blankToUndefined(values.companyExternalId),
      contactExternalId: blankToUndefined(values.contactExternalId),
    },
  };
}

function stripUndefined(value: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}
