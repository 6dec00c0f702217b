import type { driveFilesRu } from "./drive-files.ru";
import type { Kazakh } from "./kk-shape";

export const driveFilesKk: Kazakh<typeof driveFilesRu> = {
  title: "Файлдар",
  driveTitle: "Дисктегі файлдар",
  list: "Жазба файлдары",
  empty: "Әзірге файл жоқ. Файлды осында сүйреңіз немесе «Жүктеу» түймесін басыңыз.",
  upload: "Жүктеу",
  fromDrive: "Дисктен",
  removeFile: "{{name}} файлын алып тастау",
  dropHere: "Файлды жіберіңіз: ол «Менің дискім» ішіне жүктеліп, карточкаға тіркеледі",
  uploading: "«{{name}}» жүктелуде: {{percent}}%",
  cancel: "Болдырмау",
  attached: "«{{name}}» файлы тіркелді",
  attachedBy: "{{name}}, {{when}}",
  download: "«{{name}}» жүктеп алу",
  detach: "Ажырату",
  detachLabel: "«{{name}}» ажырату",
  detachTitle: "Файлды ажырату керек пе?",
  detachConfirm: "«{{name}}» файлы дискте қалады, бірақ бұл карточкадан алынады.",
  detached: "Файл ажыратылды",
  picker: {
    title: "Дисктен файл тіркеу",
    drive: "Диск",
    search: "Диск бойынша іздеу",
    path: "Қалтаға жол",
    listing: "Қалталар мен файлдар",
    empty: "Қалтада файл жоқ",
    nothingFound: "Ештеңе табылмады",
    choose: "Файлды таңдаңыз",
    chosen: "Таңдалды: {{name}}",
    attach: "Тіркеу",
  },
  timeline: {
    kind: "Сілтеме арқылы жүктеп алу",
    download: "Клиент «{{name}}» файлын сілтеме арқылы жүктеп алды",
  },
};
