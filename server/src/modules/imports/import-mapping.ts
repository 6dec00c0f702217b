import { type ImportEntity, importFields } from "@planerka/common";

/** Header words, Russian and English, that name each field: a file from 1C or Excel maps itself. */
const synonyms: Record<string, string[]> = {
  externalId: ["external id", "externalid", "guid", "ид", "идентификатор", "код 1с", "uuid", "внешний код"],
  name: ["name", "наименование", "название", "имя", "фио", "компания", "контрагент", "контакт"],
  title: ["title", "название", "наименование", "сделка", "заказ"],
  bin: ["bin", "iin", "бин", "иин", "бин/иин"],
  phones: ["phone", "phones", "телефон", "телефоны", "тел"],
  emails: ["email", "e-mail", "emails", "почта", "эл. почта", "электронная почта"],
  address: ["address", "адрес"],
  city: ["city", "город"],
  industry: ["industry", "отрасль", "сфера"],
  position: ["position", "должность"],
  ownerLogin: ["owner", "ответственный", "менеджер", "логин", "owner login"],
  companyExternalId: ["company external id", "company guid", "компания (код)", "код компании", "ид компании"],
  contactExternalId: ["contact external id", "код контакта", "ид контакта"],
  amount: ["amount", "сумма", "стоимость", "итого"],
  stage: ["stage", "этап", "стадия", "статус"],
  expectedCloseDate: ["expected close date", "ожидаемая дата закрытия", "дата закрытия план", "срок"],
  closedAt: ["closed at", "дата закрытия", "дата оплаты", "дата документа"],
  source: ["source", "источник"],
};

const normalize = (text: string) =>
  text
    .toLowerCase()
    .replace(/[«»"'_]/g, " ")
    .replace(/\s+/g, " ")
    .trim();

export function suggestMapping(entity: ImportEntity, columns: string[]): Record<string, string | null> {
  const fields = importFields[entity].map((field) => field.key);
  const used = new Set<string>();
  const mapping: Record<string, string | null> = {};
  for (const column of columns) {
    const header = normalize(column);
    const field = fields.find(
      (key) =>
        !used.has(key) &&
        (normalize(key) === header || (synonyms[key] ?? []).some((word) => normalize(word) === header)),
    );
    mapping[column] = field ?? null;
    if (field) used.add(field);
  }
  return mapping;
}
