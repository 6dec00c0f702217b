import type ExcelJS from "exceljs";
import type { ColumnSpec } from "./deal-export.columns";
import { inert } from "./inert-cell";

/** What one XLSX sheet can hold. */
export const sheetRowLimit = 1_048_576;

/**
 * Sheets of one kind in a streamed workbook: a bold, frozen header with a filter over it; a full
 * sheet continues on the next one, «Сделки (2)», «Сделки (3)» … Every cell is made inert.
 */
export class SheetSeries {
  private sheet: ExcelJS.Worksheet | null = null;
  private count = 0;
  private rowsInSheet = 0;

  constructor(
    private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly name: string,
    private readonly columns: ColumnSpec[],
    /** Data rows a sheet may hold. */
    private readonly capacity: number,
  ) {}

  add(values: unknown[]) {
    if (!this.sheet || this.rowsInSheet >= this.capacity) this.open();
    this.sheet!.addRow(values.map(inert)).commit();
    this.rowsInSheet += 1;
  }

  /** Closes the last sheet, after `trailer` rows below the filtered range (a blank row keeps them out of it). */
  finish(trailer: { values: unknown[]; bold?: boolean }[] = []) {
    if (!this.sheet) this.open();
    const sheet = this.sheet!;
    this.setFilter();
    if (trailer.length > 0) sheet.addRow([]).commit();
    for (const line of trailer) {
      const row = sheet.addRow(line.values.map(inert));
      if (line.bold) row.eachCell((cell) => (cell.font = { bold: true }));
      row.commit();
    }
    sheet.commit();
    this.sheet = null;
  }

  private setFilter() {
    this.sheet!.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: this.rowsInSheet + 1, column: this.columns.length },
    };
  }

  private open() {
    if (this.sheet) {
      this.setFilter();
      this.sheet.commit();
    }
    this.count += 1;
    this.rowsInSheet = 0;
    const sheet = this.workbook.addWorksheet(this.count === 1 ? this.name : `${this.name} (${this.count})`, {
      views: [{ state: "frozen", xSplit: 0, ySplit: 1 }],
    });
    sheet.columns = this.columns.map((column, index) => ({
      key: String(index),
      width: column.width,
      style: column.numFmt ? { numFmt: column.numFmt } : {},
    }));
    const header = sheet.addRow(this.columns.map((column) => column.header));
    header.eachCell((cell) => {
      cell.font = { bold: true };
      cell.numFmt = "@";
    });
    header.commit();
    this.sheet = sheet;
  }
}
