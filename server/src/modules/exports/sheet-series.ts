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
  /**
   * One style object per column, given to every cell of it, and one for every row: the writer
   * remembers a style by its object. With each cell's and row's own copy it rendered and looked
   * up the style's XML for every one of them — two thirds of the writing time (18,000 rows a
   * second of deals written alone, 59,000 with shared styles).
   */
  private readonly cellStyles: Partial<ExcelJS.Style>[];
  private readonly rowStyle: Partial<ExcelJS.Style> = {};

  constructor(
    private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly name: string,
    private readonly columns: ColumnSpec[],
    /** Data rows a sheet may hold. */
    private readonly capacity: number,
  ) {
    this.cellStyles = columns.map((column) => (column.numFmt ? { numFmt: column.numFmt } : {}));
  }

  add(values: unknown[]) {
    if (!this.sheet || this.rowsInSheet >= this.capacity) this.open();
    const row = this.sheet!.addRow(values.map(inert));
    // exceljs's types leave out the row's style, which its writer reads.
    (row as ExcelJS.Row & { style: Partial<ExcelJS.Style> }).style = this.rowStyle;
    for (let index = 0; index < values.length; index += 1) row.getCell(index + 1).style = this.cellStyles[index]!;
    row.commit();
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
