import { dayInTimeZone, timeZoneOffsetMinutes } from "@planerka/common";

/**
 * Writes the CRM's orders as CommerceML 2.05 for 1C's mode=query, piece by piece so a long list
 * never sits in memory as one string. Element order follows the 2.05 schema (Время after
 * Контрагенты), as 1C's «Обмен с сайтом» expects from a site.
 */
export interface CommerceMlOrderOut {
  guid: string;
  number: string;
  date: Date;
  timeZone: string;
  amount: string;
  comment: string | null;
  managerName: string | null;
  stageName: string;
  counterparty: { guid: string; name: string; bin: string | null; kind: "company" | "person" } | null;
}

export function* writeCommerceMlOrders(
  orders: Iterable<CommerceMlOrderOut>,
  generatedAt: Date,
  timeZone: string,
): Generator<string> {
  const generated = localDateTime(generatedAt, timeZone);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="${generated.date}T${generated.time}">\n`;
  for (const order of orders) yield documentXml(order);
  yield "</КоммерческаяИнформация>\n";
}

function documentXml(order: CommerceMlOrderOut): string {
  const { date, time } = localDateTime(order.date, order.timeZone);
  const lines = [
    "\t<Документ>",
    element(2, "Ид", order.guid),
    element(2, "Номер", order.number),
    element(2, "Дата", date),
    element(2, "ХозОперация", "Заказ товара"),
    element(2, "Роль", "Продавец"),
    element(2, "Валюта", "KZT"),
    element(2, "Курс", "1"),
    element(2, "Сумма", order.amount),
  ];
  if (order.counterparty) lines.push("\t\t<Контрагенты>", counterpartyXml(order.counterparty), "\t\t</Контрагенты>");
  lines.push(element(2, "Время", time));
  if (order.comment) lines.push(element(2, "Комментарий", order.comment));
  lines.push("\t\t<ЗначенияРеквизитов>");
  if (order.managerName) lines.push(requisiteXml("Менеджер", order.managerName));
  lines.push(requisiteXml("Статус заказа", order.stageName), requisiteXml("Проведен", "false"));
  lines.push("\t\t</ЗначенияРеквизитов>", "\t</Документ>", "");
  return lines.join("\n");
}

function counterpartyXml(counterparty: NonNullable<CommerceMlOrderOut["counterparty"]>): string {
  const lines = [
    "\t\t\t<Контрагент>",
    element(4, "Ид", counterparty.guid),
    element(4, "Наименование", counterparty.name),
    element(4, "Роль", "Покупатель"),
    element(4, "ПолноеНаименование", counterparty.name),
  ];
  if (counterparty.kind === "company") {
    // ОфициальноеНаименование is what makes 1C (and this module's reader) see a legal entity.
    lines.push(element(4, "ОфициальноеНаименование", counterparty.name));
  } else {
    // 1C keeps a person's name as «Фамилия Имя Отчество»; the parts tell it this is a person.
    const [surname, given, ...patronymic] = counterparty.name.trim().split(/\s+/);
    if (surname) lines.push(element(4, "Фамилия", surname));
    if (given) lines.push(element(4, "Имя", given));
    if (patronymic.length > 0) lines.push(element(4, "Отчество", patronymic.join(" ")));
  }
  if (counterparty.bin) lines.push(element(4, "ИНН", counterparty.bin));
  lines.push("\t\t\t</Контрагент>");
  return lines.join("\n");
}

function requisiteXml(name: string, value: string): string {
  return `\t\t\t<ЗначениеРеквизита>${element(0, "Наименование", name)}${element(0, "Значение", value)}</ЗначениеРеквизита>`;
}

function element(indent: number, name: string, value: string): string {
  return `${"\t".repeat(indent)}<${name}>${escapeXml(value)}</${name}>`;
}

/** The local calendar day (YYYY-MM-DD) and clock (HH:mm:ss) of an instant in a time zone. */
function localDateTime(instant: Date, timeZone: string): { date: string; time: string } {
  const local = new Date(instant.getTime() + timeZoneOffsetMinutes(instant, timeZone) * 60_000);
  return { date: dayInTimeZone(instant, timeZone), time: local.toISOString().slice(11, 19) };
}

// Characters XML 1.0 cannot carry at all, even escaped (C0 controls other than tab and line ends,
// lone surrogates, U+FFFE/U+FFFF): dropping them beats sending 1C a file it refuses.
const forbiddenInXml = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const escapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  // A raw CR would come back as LF (XML normalises line ends).
  "\r": "&#13;",
};

/** Text safe in XML element content and in attribute values. */
export function escapeXml(value: string): string {
  return value.replace(forbiddenInXml, "").replace(/[&<>"'\r]/g, (character) => escapes[character]!);
}
