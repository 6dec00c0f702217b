/** The «Файлы» block on CRM and task cards, the picker «С диска», and the timeline's downloads by link. */
export const driveFilesRu = {
  title: "Файлы",
  /** The block's title where «Файлы» is taken (the task card has its own uploads). */
  driveTitle: "Файлы с диска",
  list: "Файлы записи",
  empty: "Файлов пока нет. Перетащите файл сюда или нажмите «Загрузить».",
  upload: "Загрузить",
  fromDrive: "С диска",
  removeFile: "Убрать файл {{name}}",
  dropHere: "Отпустите файл — он загрузится в «Мой диск» и прикрепится к карточке",
  uploading: "Загружается «{{name}}»: {{percent}}%",
  cancel: "Отменить",
  attached: "Файл «{{name}}» прикреплён",
  attachedBy: "{{name}}, {{when}}",
  download: "Скачать «{{name}}»",
  detach: "Открепить",
  detachLabel: "Открепить «{{name}}»",
  detachTitle: "Открепить файл?",
  detachConfirm: "Файл «{{name}}» останется на диске, но пропадёт из этой карточки.",
  detached: "Файл откреплён",
  /** The folder in «Мой диск» where files uploaded from cards go. */
  picker: {
    title: "Прикрепить файл с диска",
    drive: "Диск",
    search: "Поиск по диску",
    path: "Путь к папке",
    listing: "Папки и файлы",
    empty: "В папке нет файлов",
    nothingFound: "Ничего не найдено",
    choose: "Выберите файл",
    chosen: "Выбран: {{name}}",
    attach: "Прикрепить",
  },
  timeline: {
    kind: "Скачивание по ссылке",
    download: "Клиент скачал файл «{{name}}» по ссылке",
  },
};
