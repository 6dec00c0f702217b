import type { oneCCounterpartySchema, oneCOrderSchema, oneCPaymentSchema } from "@planerka/common";
import type { z } from "zod";
import { escapeXml } from "../commerceml-writer";

/**
 * Builds CommerceML packages shaped like those 1C:Enterprise 8 («Обмен с сайтом») sends: the
 * seller next to the buyer in every document, a line of goods, requisites as 1C names them.
 * Layout 2.05 puts documents under the root and links payments by Основание; layout 2.10 puts
 * each order with its payments in a Контейнер and links them by that alone. A counterparty no order
 * names goes to a Классификатор, so every counterparty given is in the package.
 */
export type CounterpartyInput = z.input<typeof oneCCounterpartySchema>;
export type OrderInput = z.input<typeof oneCOrderSchema>;
export type PaymentInput = z.input<typeof oneCPaymentSchema>;

export interface CommerceMlPackageInput {
  counterparties?: CounterpartyInput[];
  orders?: OrderInput[];
  payments?: PaymentInput[];
  /** Every counterparty in `Классификатор/Контрагенты` as well (what a type=catalog exchange sends). */
  classifier?: boolean;
}

export interface CommerceMlPackageOptions {
  encoding?: "utf-8" | "windows-1251";
  layout?: "2.05" | "2.10";
}

export const sellerGuid = "5c0a7e1e-0000-4000-8000-00000000a001";

/**
 * A package's worth of what 1C sends: a company and a person (named by two orders and one order),
 * a cancelled unposted order, a deleted one, a payment, a refund, and a payment for an order of an
 * earlier exchange; text with & < > quotes, «», № and ё, an amount written "1 234 567,50".
 */
export const sampleCompany: CounterpartyInput = {
  guid: "7f3c2a10-1b2c-4d5e-8f90-000000000001",
  name: "ТОО «Ромашка» № 1",
  bin: "123456789012",
  kind: "company",
  phones: ["+7 727 000 00 01"],
  emails: ["info@romashka.kz"],
  address: "Алматы, ул. Жибек Жолы, 50",
  managerName: "Иванов Иван",
};
export const samplePerson: CounterpartyInput = {
  guid: "7f3c2a10-1b2c-4d5e-8f90-000000000002",
  name: "Петрова Алёна Сергеевна",
  bin: "900101400123",
  kind: "person",
  phones: ["+7 701 000 00 02"],
  address: "Астана, ул. Кенесары, 1",
  deleted: true,
};
export const sampleOrders: OrderInput[] = [
  {
    guid: "0a000000-0000-4000-8000-000000000001",
    number: "УТ-00000123",
    date: "2025-01-14T09:30:00",
    counterpartyGuid: sampleCompany.guid,
    amount: "1 234 567,50",
    managerName: "Иванов Иван",
    comment: `Доставка до 15:00 & «срочно» <этаж 3> "вход" 'со двора'`,
  },
  {
    guid: "0a000000-0000-4000-8000-000000000002",
    number: "УТ-00000124",
    date: "2025-01-15",
    counterpartyGuid: samplePerson.guid,
    amount: 5000,
    posted: false,
    cancelled: true,
  },
  {
    guid: "0a000000-0000-4000-8000-000000000003",
    number: "УТ-00000125",
    date: "2025-01-15T18:00:00",
    counterpartyGuid: sampleCompany.guid,
    amount: "99.9",
    deleted: true,
  },
];
export const samplePayments: PaymentInput[] = [
  {
    guid: "0b000000-0000-4000-8000-000000000001",
    orderGuid: sampleOrders[0]!.guid,
    number: "ПП-1",
    date: "2025-01-16T11:00:00",
    amount: "1000.00",
  },
  {
    guid: "0b000000-0000-4000-8000-000000000002",
    orderGuid: sampleOrders[0]!.guid,
    number: "ПП-2",
    date: "2025-01-17",
    amount: "200",
    refund: true,
  },
  // Pays an order 1C sent in an earlier exchange.
  {
    guid: "0b000000-0000-4000-8000-000000000003",
    orderGuid: "0a000000-0000-4000-8000-0000000000ff",
    number: "ПП-3",
    date: "2025-01-18",
    amount: 10,
  },
];

export const sampleCommerceMlInput = {
  counterparties: [sampleCompany, samplePerson],
  orders: sampleOrders,
  payments: samplePayments,
};

export function buildCommerceMlPackage(input: CommerceMlPackageInput, options: CommerceMlPackageOptions = {}): Buffer {
  const encoding = options.encoding ?? "utf-8";
  const layout = options.layout ?? "2.05";
  const counterparties = input.counterparties ?? [];
  const orders = input.orders ?? [];
  const payments = input.payments ?? [];
  const byGuid = new Map(counterparties.map((counterparty) => [counterparty.guid, counterparty]));
  const orderByGuid = new Map(orders.map((order) => [order.guid, order]));
  const named = new Set(orders.map((order) => order.counterpartyGuid));
  const classified = input.classifier ? counterparties : counterparties.filter(({ guid }) => !named.has(guid));
  const buyerOf = (order: OrderInput | undefined) =>
    order &&
    (byGuid.get(order.counterpartyGuid) ?? {
      guid: order.counterpartyGuid,
      name: `Контрагент ${order.counterpartyGuid}`,
    });

  const parts = [
    `<?xml version="1.0" encoding="${encoding === "utf-8" ? "UTF-8" : "windows-1251"}"?>`,
    `<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ВерсияСхемы="${layout}" ДатаФормирования="2025-01-15T10:00:00">`,
  ];
  if (classified.length > 0) {
    parts.push(
      "<Классификатор><Ид>c1a551f1-0000-4000-8000-00000000c001</Ид><Наименование>Классификатор (Контрагенты)</Наименование>",
      "<Контрагенты>",
      ...classified.map((counterparty) => counterpartyXml(counterparty, null)),
      "</Контрагенты></Классификатор>",
    );
  }
  const paymentsOf = (guid: string) => payments.filter((payment) => payment.orderGuid === guid);
  for (const order of orders) {
    const documents = [orderXml(order, buyerOf(order)!)];
    for (const payment of paymentsOf(order.guid))
      documents.push(paymentXml(payment, buyerOf(order), layout === "2.05"));
    parts.push(...(layout === "2.10" ? ["<Контейнер>", ...documents, "</Контейнер>"] : documents));
  }
  // Payments for orders of an earlier exchange travel alone and name their order.
  for (const payment of payments.filter((payment) => !orderByGuid.has(payment.orderGuid))) {
    const document = paymentXml(payment, undefined, true);
    parts.push(...(layout === "2.10" ? ["<Контейнер>", document, "</Контейнер>"] : [document]));
  }
  parts.push("</КоммерческаяИнформация>", "");
  const xml = parts.join("\n");
  // 1C's ЗаписьXML starts a UTF-8 file with a byte-order mark.
  return encoding === "utf-8" ? Buffer.from(`\uFEFF${xml}`, "utf8") : encodeWindows1251OrThrow(xml);
}

function orderXml(order: OrderInput, buyer: CounterpartyInput): string {
  const amount = String(order.amount);
  return [
    "<Документ>",
    ...headXml(order),
    tag("ХозОперация", "Заказ товара"),
    tag("Роль", "Продавец"),
    tag("Валюта", "KZT"),
    tag("Курс", "1"),
    tag("Сумма", amount),
    "<Контрагенты>",
    counterpartyXml(buyer, "Покупатель"),
    sellerXml(),
    "</Контрагенты>",
    timeXml(order),
    order.comment ? tag("Комментарий", order.comment) : "",
    "<Товары><Товар>",
    tag("Ид", "9d0e3a52-0000-4000-8000-00000000d001"),
    tag("Наименование", "Монтаж оборудования"),
    '<БазоваяЕдиница Код="796" НаименованиеПолное="Штука">шт</БазоваяЕдиница>',
    tag("ЦенаЗаЕдиницу", amount),
    tag("Количество", "1"),
    tag("Сумма", amount),
    requisitesXml([
      ["ВидНоменклатуры", "Услуга"],
      ["ТипНоменклатуры", "Услуга"],
    ]),
    "</Товар></Товары>",
    requisitesXml([
      ["Проведен", String(order.posted ?? true)],
      ["ПометкаУдаления", String(order.deleted ?? false)],
      ["Отменен", String(order.cancelled ?? false)],
      ["Статус заказа", order.cancelled ? "Отменен" : "Согласован"],
      ...(order.managerName ? [["Менеджер", order.managerName] as [string, string]] : []),
    ]),
    "</Документ>",
  ].join("\n");
}

function paymentXml(payment: PaymentInput, buyer: CounterpartyInput | undefined, withBasis: boolean): string {
  return [
    "<Документ>",
    ...headXml(payment),
    tag("ХозОперация", payment.refund ? "Возврат безналичных денег" : "Выплата безналичных денег"),
    tag("Роль", "Продавец"),
    tag("Валюта", "KZT"),
    tag("Курс", "1"),
    tag("Сумма", String(payment.amount)),
    "<Контрагенты>",
    buyer ? counterpartyXml(buyer, "Покупатель") : "",
    sellerXml(),
    "</Контрагенты>",
    timeXml(payment),
    withBasis ? tag("Основание", payment.orderGuid) : "",
    requisitesXml([
      ["Проведен", String(payment.posted ?? true)],
      ["ПометкаУдаления", String(payment.deleted ?? false)],
    ]),
    "</Документ>",
  ].join("\n");
}

function headXml(document: { guid: string; number: string; date: string }): string[] {
  return [tag("Ид", document.guid), tag("Номер", document.number), tag("Дата", document.date.split("T")[0] ?? "")];
}

/** Время comes after Контрагенты, as the 2.05 schema orders it; a date without a time has none. */
function timeXml(document: { date: string }): string {
  const time = document.date.split("T")[1];
  return time ? tag("Время", time) : "";
}

function counterpartyXml(counterparty: CounterpartyInput, role: string | null): string {
  const person = counterparty.kind === "person";
  const [surname, given, ...rest] = counterparty.name.split(" ");
  const contacts = [
    ...(counterparty.phones ?? []).map((phone) => ["Телефон рабочий", phone]),
    ...(counterparty.emails ?? []).map((email) => ["Электронная почта", email]),
  ];
  const requisites: [string, string][] = [["ПометкаУдаления", String(counterparty.deleted ?? false)]];
  if (counterparty.managerName) requisites.push(["Менеджер", counterparty.managerName]);
  return [
    "<Контрагент>",
    tag("Ид", counterparty.guid),
    tag("Наименование", counterparty.name),
    role ? tag("Роль", role) : "",
    person
      ? [tag("ПолноеНаименование", counterparty.name), tag("Фамилия", surname ?? ""), tag("Имя", given ?? "")]
          .concat(rest.length > 0 ? [tag("Отчество", rest.join(" "))] : [])
          .join("\n")
      : tag("ОфициальноеНаименование", counterparty.name),
    counterparty.address
      ? `<${person ? "АдресРегистрации" : "ЮридическийАдрес"}>${tag("Представление", counterparty.address)}</${person ? "АдресРегистрации" : "ЮридическийАдрес"}>`
      : "",
    counterparty.bin ? tag("ИНН", counterparty.bin) : "",
    contacts.length > 0
      ? `<Контакты>${contacts.map(([type, value]) => `<Контакт>${tag("Тип", type!)}${tag("Значение", value!)}</Контакт>`).join("")}</Контакты>`
      : "",
    requisitesXml(requisites),
    "</Контрагент>",
  ].join("\n");
}

function sellerXml(): string {
  return [
    "<Контрагент>",
    tag("Ид", sellerGuid),
    tag("Наименование", "ТОО «Планерка Трейд»"),
    tag("Роль", "Продавец"),
    tag("ОфициальноеНаименование", "Товарищество с ограниченной ответственностью «Планерка Трейд»"),
    "<ЮридическийАдрес><Представление>Алматы, пр. Абая, 1</Представление></ЮридическийАдрес>",
    tag("ИНН", "990140000123"),
    "</Контрагент>",
  ].join("\n");
}

function requisitesXml(requisites: [string, string][]): string {
  const items = requisites.map(
    ([name, value]) => `<ЗначениеРеквизита>${tag("Наименование", name)}${tag("Значение", value)}</ЗначениеРеквизита>`,
  );
  return `<ЗначенияРеквизитов>\n${items.join("\n")}\n</ЗначенияРеквизитов>`;
}

function tag(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>`;
}

/** windows-1251 for the text these packages hold: ASCII and Russian letters, №, « and ». */
export function encodeWindows1251OrThrow(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const byte =
      code < 0x80
        ? code
        : code >= 0x410 && code <= 0x44f
          ? code - 0x410 + 0xc0
          : ({ 1025: 0xa8, 1105: 0xb8, 8470: 0xb9, 171: 0xab, 187: 0xbb } as Record<number, number>)[code];
    if (byte === undefined) throw new Error(`«${text[index]}» has no windows-1251 byte in this encoder`);
    bytes[index] = byte;
  }
  return bytes;
}
