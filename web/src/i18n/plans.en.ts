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
  empty: "No employees whose plans you can see.",
};
