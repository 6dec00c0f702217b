import { type BonusExclusionReason, type BonusSheet, dayInTimeZone } from "@planerka/common";
import ExcelJS from "exceljs";
import { dateFormat, tengeFormat } from "../exports/deal-export.columns";
import { inert } from "../exports/inert-cell";

const reasonNames: Record<BonusExclusionReason, string> = {
  unpaid: "не оплачен",
  not_posted: "не проведён в 1С",
  no_document: "нет документа 1С",
  returned: "возврат",
  outside_period: "оплачен вне периода",
  cancelled: "отменён или помечен на удаление",
};

/** A day in the company's zone as a date cell (the spreadsheet's dates have no zone). */
const dayCell = (instant: string | null, timeZone: string) =>
  instant ? new Date(`${dayInTimeZone(new Date(instant), timeZone)}T00:00:00Z`) : null;

/**
 * The bonus sheet as a workbook of values, never formulas: the people with their figures and a
 * total, then every deal that counted and every one that did not, with why.
 */
export async function bonusSheetWorkbook(
  sheet: BonusSheet,
  options: { timeZone: string; approval: { by: string; at: string } | null },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const people = workbook.addWorksheet("Ведомость");
  people.addRow([
    inert(`Премии за ${sheet.period}${sheet.unitName ? ` — ${sheet.unitName}` : ""}`),
    options.approval
      ? inert(`Утверждено: ${options.approval.by}, ${dayInTimeZone(new Date(options.approval.at), options.timeZone)}`)
      : "Не утверждено",
    sheet.source === "1c" ? "База: оплаченные заказы 1С" : "База: выигранные сделки",
  ]).font = { bold: true };
  const header = people.addRow([
    "Сотрудник",
    "Подразделение",
    "Схема",
    "План, ₸",
    "База, ₸",
    "Выполнение, %",
    "Коэффициент, %",
    "Ставка, %",
    "Фикс., ₸",
    "Премия, ₸",
  ]);
  header.font = { bold: true };
  for (const item of sheet.items) {
    people.addRow([
      inert(item.userName),
      inert(item.unitName),
      inert(item.schemeName),
      item.plan,
      item.base,
      item.completion,
      item.coefficient,
      item.rate,
      item.fixed,
      item.bonus,
    ]);
  }
  const total = people.addRow(["Итого", null, null, null, null, null, null, null, null, sheet.total]);
  total.font = { bold: true };
  for (const column of [4, 5, 9, 10]) people.getColumn(column).numFmt = tengeFormat;
  people.columns.forEach((column, index) => {
    column.width = [32, 24, 24, 16, 16, 14, 14, 10, 14, 16][index];
  });

  const deals = workbook.addWorksheet("Сделки");
  deals.addRow(["Сотрудник", "Сделка", "Сумма, ₸", "Дата оплаты", "Документ 1С", "Платёж", "Засчитана"]).font = {
    bold: true,
  };
  for (const item of sheet.items) {
    // Each person's counted deals first, then those that did not count, with why.
    const lines = [
      ...item.deals.map((deal) => ({ deal, counted: "да" })),
      ...item.excluded.map((deal) => ({ deal, counted: `нет: ${reasonNames[deal.reason]}` })),
    ];
    for (const { deal, counted } of lines)
      deals.addRow([
        inert(item.userName),
        inert(deal.title),
        deal.amount,
        dayCell(deal.confirmedAt, options.timeZone),
        inert(deal.document),
        inert(deal.payment),
        counted,
      ]);
  }
  deals.getColumn(3).numFmt = tengeFormat;
  deals.getColumn(4).numFmt = dateFormat;
  deals.columns.forEach((column, index) => {
    column.width = [32, 44, 16, 14, 16, 16, 30][index];
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
