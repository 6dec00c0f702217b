import type { TranslationShape } from "./ru";

export const plansEn: TranslationShape["plans"] = {
  nav: "Plans",
  title: "Sales plans",
  subtitle: "Each person's plan for the month. A change is saved at once and kept in the history.",
  year: "Year",
  unit: "Unit",
  allUnits: "All I can see",
  employee: "Employee",
  total: "Total",
  copyTo: "Month",
  copyPrevious: "Copy from the previous month",
  copied: "Plans copied: {{count}}",
  import: "Upload from Excel",
  imported: "Plans uploaded: {{count}}",
  importHint:
    "An Excel or CSV file with the columns «Логин» (login), «Месяц» (2026-12 or 12.2026) and «Сумма» (amount).",
  importErrors: "Some rows were not uploaded",
  row: "Row {{row}}",
  empty: "No employees whose plans you can see.",
};
