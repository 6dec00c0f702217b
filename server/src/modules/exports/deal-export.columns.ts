import { csvAmount, csvText } from "./csv-writer";
import type { ActivityRow, DealRow } from "./deal-export.queries";

/** A column of a sheet: its header, width and number format. */
export interface ColumnSpec {
  header: string;
  width: number;
  numFmt?: string;
}

export const tengeFormat = '#,##0.00 "₸"';
export const dateTimeFormat = "dd.mm.yyyy hh:mm";
export const dateFormat = "dd.mm.yyyy";

// Each list of columns sits beside the functions that fill a row of it, so the order is kept in one place.

export const dealColumns: ColumnSpec[] = [
  { header: "№", width: 8 },
  { header: "Сделка", width: 40 },
  { header: "Этап", width: 18 },
  { header: "Сумма, ₸", width: 18, numFmt: tengeFormat },
  { header: "Компания", width: 30 },
  { header: "Контакт", width: 24 },
  { header: "Ответственный", width: 28 },
  { header: "Создана", width: 17, numFmt: dateTimeFormat },
  { header: "Закрыта", width: 17, numFmt: dateTimeFormat },
  { header: "Ожидаемое закрытие", width: 14, numFmt: dateFormat },
  { header: "Источник", width: 16 },
];
export const activityColumns: ColumnSpec[] = [
  { header: "Тип", width: 26 },
  { header: "Тема", width: 40 },
  { header: "Срок", width: 17, numFmt: dateTimeFormat },
  { header: "Выполнено", width: 17, numFmt: dateTimeFormat },
  { header: "Результат", width: 30 },
  { header: "Ответственный", width: 28 },
  { header: "Сделка", width: 30 },
  { header: "Компания", width: 30 },
];
export const summaryColumns: ColumnSpec[] = [
  { header: "Ответственный", width: 32 },
  { header: "Подразделение", width: 26 },
  { header: "Выиграно за период, ₸", width: 22, numFmt: tengeFormat },
  { header: "Сделок в работе", width: 16 },
  { header: "В работе на сумму, ₸", width: 22, numFmt: tengeFormat },
];

/** A wall-clock time in the company's zone ("YYYY-MM-DDTHH:MM:SS", as SQL formats it), as a spreadsheet date. */
const wallClock = (text: unknown): Date | null => (typeof text === "string" ? new Date(`${text}Z`) : null);
/** The same for CSV: "YYYY-MM-DD HH:MM". */
const wallClockText = (text: unknown): string | null =>
  typeof text === "string" ? text.slice(0, 16).replace("T", " ") : null;

/** A deal as a row of «Сделки». */
export const dealCells = (row: DealRow) => [
  row.number,
  row.title,
  row.stage,
  Number(row.amount),
  row.company,
  row.contact,
  row.owner,
  wallClock(row.created),
  wallClock(row.closed),
  row.expected ? new Date(`${row.expected}T00:00:00Z`) : null,
  row.source,
];

/** An activity as a row of «Дела». */
export const activityCells = (row: ActivityRow) => [
  row.type,
  row.subject,
  wallClock(row.due),
  wallClock(row.completed),
  row.result,
  row.owner,
  row.deal,
  row.company,
];

/**
 * A deal as a CSV record, CRLF included: the workbook's columns, with dates and amounts as text
 * Russian Excel reads. Written straight into the line (no array of cells per row).
 */
export const csvDealRecord = (row: DealRow) =>
  `${row.number};${csvText(row.title)};${csvText(row.stage)};${csvAmount(row.amount)};${csvText(row.company)};${csvText(row.contact)};${csvText(row.owner)};${csvText(wallClockText(row.created))};${csvText(wallClockText(row.closed))};${csvText(row.expected)};${csvText(row.source)}\r\n`;
