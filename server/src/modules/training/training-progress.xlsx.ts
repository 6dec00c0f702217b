import type { LearnerCourseStatus, Progress } from "@planerka/common";
import ExcelJS from "exceljs";
import { inert } from "../exports/inert-cell";

const statusNames: Record<LearnerCourseStatus, string> = {
  not_started: "не начат",
  in_progress: "в процессе",
  grading: "на проверке",
  passed: "пройден",
  failed: "не сдан",
};

/** Day text as a date cell (the spreadsheet's dates have no zone). */
const dayCell = (day: string | null) => (day ? new Date(`${day}T00:00:00Z`) : null);

/** The progress table as a workbook of values, never formulas: one line per person and course. */
export async function progressWorkbook(progress: Progress, title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Обучение");
  sheet.addRow([inert(title)]).font = { bold: true };
  sheet.addRow([
    "Сотрудник",
    "Подразделение",
    "Курс",
    "Назначен",
    "Срок",
    "Просрочен",
    "Статус",
    "Уроки",
    "Попытки",
    "Лучший результат, %",
    "Время, мин",
    "Пройден",
  ]).font = { bold: true };
  for (const row of progress.rows) {
    sheet.addRow([
      inert(row.user.name),
      inert(row.unitName),
      inert(row.course.title),
      row.assigned ? "да" : "нет",
      dayCell(row.dueOn),
      row.overdue ? "да" : "",
      statusNames[row.status],
      `${row.lessonsDone} из ${row.lessonsTotal}`,
      row.attempts,
      row.bestPercent,
      row.minutesSpent,
      row.passedAt ? new Date(row.passedAt) : null,
    ]);
  }
  sheet.getColumn(5).numFmt = "dd.mm.yyyy";
  sheet.getColumn(12).numFmt = "dd.mm.yyyy hh:mm";
  sheet.columns.forEach((column, index) => {
    column.width = [30, 24, 34, 10, 12, 10, 14, 10, 10, 12, 10, 18][index];
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
