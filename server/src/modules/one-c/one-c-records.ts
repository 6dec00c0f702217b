import {
  instantInZone,
  isValidBin,
  type OneCCounterparty,
  type OneCOrder,
  type OneCPayment,
  type OneCRecordKind,
  oneCCounterpartySchema,
  oneCOrderSchema,
  oneCPaymentSchema,
} from "@planerka/common";
import type { z } from "zod";

export interface IncomingRecord {
  kind: OneCRecordKind;
  record: unknown;
}

export interface Rejection {
  kind: OneCRecordKind;
  guid: string | null;
  reason: string;
}

export interface ValidRecords {
  counterparties: OneCCounterparty[];
  orders: (OneCOrder & { instant: Date })[];
  payments: (OneCPayment & { instant: Date })[];
  rejected: Rejection[];
}

/** The field names people know from 1C, for reasons the exchange log shows in Russian. */
const fieldLabels: Record<string, string> = {
  guid: "Ид",
  name: "Наименование",
  bin: "ИНН (БИН/ИИН)",
  kind: "вид контрагента",
  phones: "Телефоны",
  emails: "Почта",
  address: "Адрес",
  managerName: "Менеджер",
  deleted: "ПометкаУдаления",
  number: "Номер",
  date: "Дата",
  counterpartyGuid: "Контрагент",
  orderGuid: "Основание",
  amount: "Сумма",
  posted: "Проведен",
  cancelled: "Отменен",
  refund: "возврат",
  comment: "Комментарий",
};

const schemas = { counterparty: oneCCounterpartySchema, order: oneCOrderSchema, payment: oneCPaymentSchema };

function guidOf(record: unknown): string | null {
  if (record && typeof record === "object" && "guid" in record && typeof record.guid === "string") {
    return record.guid.slice(0, 100);
  }
  return null;
}

function reasonOf(error: z.ZodError): string {
  const fields = [...new Set(error.issues.map((issue) => String(issue.path[0] ?? "")))];
  const named = fields.map((field) => (field ? `«${fieldLabels[field] ?? field}» (${field})` : "запись"));
  return `Неверно заполнено: ${named.join(", ")}`;
}

/**
 * Checks every record against its schema and turns 1C's wall-clock dates into instants in the
 * company's zone. A bad record is rejected with its reason; the rest go on. Within one call the
 * last record of a GUID wins, as 1C's own re-sends do.
 */
export function validateRecords(items: readonly IncomingRecord[], timeZone: string): ValidRecords {
  const rejected: Rejection[] = [];
  const counterparties = new Map<string, OneCCounterparty>();
  const orders = new Map<string, OneCOrder & { instant: Date }>();
  const payments = new Map<string, OneCPayment & { instant: Date }>();
  for (const item of items) {
    const parsed = schemas[item.kind].safeParse(item.record);
    if (!parsed.success) {
      rejected.push({ kind: item.kind, guid: guidOf(item.record), reason: reasonOf(parsed.error) });
      continue;
    }
    if (item.kind === "counterparty") {
      const record = parsed.data as OneCCounterparty;
      const bin = record.bin ? record.bin.replace(/\D/g, "") : null;
      if (bin && !isValidBin(bin)) {
        rejected.push({
          kind: "counterparty",
          guid: record.guid,
          reason: `БИН/ИИН ${bin} не проходит проверку контрольной цифры`,
        });
        continue;
      }
      counterparties.delete(record.guid);
      counterparties.set(record.guid, { ...record, bin: bin || null });
    } else {
      const record = parsed.data as OneCOrder | OneCPayment;
      const instant = toInstant(record.date, timeZone);
      if (item.kind === "order") {
        orders.delete(record.guid);
        orders.set(record.guid, { ...(record as OneCOrder), instant });
      } else {
        payments.delete(record.guid);
        payments.set(record.guid, { ...(record as OneCPayment), instant });
      }
    }
  }
  return {
    counterparties: [...counterparties.values()],
    orders: [...orders.values()],
    payments: [...payments.values()],
    rejected,
  };
}

/** The zone's offset for each local hour seen: a package's 200,000 dates fall in a few hundred hours. */
const offsets = new Map<string, number>();

/**
 * 1C writes dates on the company's wall clock; an explicit offset is taken as given. Offsets change
 * on whole hours (daylight saving, a zone's new standard time), so one lookup serves a local hour.
 */
export function toInstant(date: string, timeZone: string): Date {
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(date) && date.length > 10) return new Date(date);
  const local = (date.length === 10 ? `${date}T00:00:00` : date.length === 16 ? `${date}:00` : date).slice(0, 19);
  const key = `${timeZone}|${local.slice(0, 13)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = Date.parse(`${local}Z`) - instantInZone(local, timeZone).getTime();
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return new Date(Date.parse(`${local}Z`) - offset);
}
