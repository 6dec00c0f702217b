import type { Kazakh } from "./kk-shape";
import type { TranslationShape } from "./ru";

/** Хаттардың файлдары, үлгілер және «Байланысты тексеру». */
export const mailLettersKk: Kazakh<TranslationShape["mailLetters"]> = {
  compose: {
    template: "Үлгі",
    templatePlaceholder: "Үлгіні таңдаңыз — тақырып пен мәтін клиент деректерімен толтырылады",
    attach: "Файлдарды тіркеу",
    fromDrive: "Дисктен",
    fromDriveTitle: "Дисктен файл тіркеу",
    uploads: "Тіркелген файлдар",
    removeFile: "{{name}} файлын алып тастау",
    recordFiles: "Мәміле файлдары",
    recordFilesPlaceholder: "Мәміленің бұрынғы хаттары мен тапсырмаларының файлдары",
    limit: "Тіркемелер: {{total}} / 20 МБ",
    tooBig: "Хаттың тіркемелері бірге 20 МБ-тан аспауы керек",
  },
  timeline: {
    attachments: "Хаттың тіркемелері",
  },
  templates: {
    nav: "Хат үлгілері",
    title: "Хат үлгілері",
    intro:
      "Компанияның ортақ үлгілері: карточкадан хат жазғанда үлгіні таңдаңыз, тақырып пен мәтін клиенттің, мәміленің және сіздің деректеріңізбен толтырылады.",
    empty: "Үлгілер әзірге жоқ",
    create: "Жаңа үлгі",
    edit: "Хат үлгісі",
    name: "Атауы",
    subject: "Тақырып",
    body: "Хат мәтіні",
    updated: "Өзгертілді",
    placeholders: "Қойылатын өрістер:",
    unknown: "Белгісіз өріс {{names}}",
    saved: "Үлгі сақталды",
    removeTitle: "Үлгіні жою керек пе?",
    removeConfirm: "«{{name}}» үлгісі барлық қызметкерлерден жойылады. Жазылған хаттар өзгермейді.",
    removed: "Үлгі жойылды",
  },
  check: {
    button: "Байланысты тексеру",
    ok: "Байланыс орнатылды",
    okHint: "Сервер жауап берді және логин мен құпиясөзді қабылдады.",
    failed: "Қосылу мүмкін болмады",
  },
};
