import type { Kazakh } from "./kk-shape";
import type { TranslationShape } from "./ru";

export const plansKk: Kazakh<TranslationShape["plans"]> = {
  nav: "Жоспарлар",
  title: "Сату жоспарлары",
  subtitle: "Әр қызметкердің айлық жоспары. Өзгеріс бірден сақталып, тарихқа түседі.",
  year: "Жыл",
  unit: "Бөлімше",
  allUnits: "Барлық қолжетімдісі",
  employee: "Қызметкер",
  total: "Жиыны",
  copyTo: "Ай",
  copyPrevious: "Алдыңғы айдан көшіру",
  copied: "Көшірілген жоспарлар: {{count}}",
  import: "Excel-ден жүктеу",
  imported: "Жүктелген жоспарлар: {{count}}",
  importHint:
    "Бағандары «Логин», «Месяц» (ай: 2026-12 немесе 12.2026) және «Сумма» (сома) болатын Excel немесе CSV файлы.",
  importErrors: "Барлық жол жүктелмеді",
  row: "{{row}}-жол",
  tabs: { plans: "Жоспарлар", norms: "Белсенділік нормалары" },
  norms: {
    title: "Белсенділік нормалары",
    hint: "Жұмыс күнінде әр түрдегі қанша іс. Бос болса — жоғарғы бөлімшенің нормасы немесе түрдің әдепкі нормасы қолданылады.",
    forUnit: "Бөлімше үшін",
    forUser: "Қызметкер үшін",
    type: "Іс түрі",
    weight: "Салмағы",
    default: "Әдепкі",
    own: "Өз нормасы",
    effective: "Қолданыста",
    source: { user: "қызметкердікі", unit: "бөлімшенікі", type: "әдепкі", none: "норма жоқ" },
  },
  empty: "Жоспарлары сізге қолжетімді қызметкерлер жоқ.",
};
