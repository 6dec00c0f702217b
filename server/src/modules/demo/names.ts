export interface PersonName {
  first: string;
  last: string;
  patronymic: string;
  female: boolean;
}

const kazakhMale = [
  "Нурлан",
  "Ерлан",
  "Асхат",
  "Даурен",
  "Бауыржан",
  "Айдос",
  "Ержан",
  "Канат",
  "Марат",
  "Серик",
  "Талгат",
  "Арман",
  "Жандос",
  "Нуржан",
  "Руслан",
  "Самат",
  "Тимур",
  "Алибек",
  "Дамир",
  "Ильяс",
];
const kazakhFemale = [
  "Айгерим",
  "Динара",
  "Жанар",
  "Асель",
  "Гульнара",
  "Камила",
  "Айжан",
  "Сауле",
  "Мадина",
  "Алия",
  "Жулдыз",
  "Карлыгаш",
  "Томирис",
  "Аружан",
  "Индира",
];
const kazakhLast = [
  "Ахметов",
  "Нурланов",
  "Сейтказиев",
  "Жаксылыков",
  "Абдрахманов",
  "Касымов",
  "Омаров",
  "Исмаилов",
  "Бекмуханов",
  "Тулегенов",
  "Муканов",
  "Садыков",
  "Ержанов",
  "Кенжебаев",
  "Оспанов",
  "Жумабеков",
  "Байжанов",
  "Утегенов",
  "Есенов",
  "Калиев",
  "Амангельдиев",
  "Мухамеджанов",
];
const kazakhPatronymicRoots = [
  "Нурлан",
  "Ерлан",
  "Серик",
  "Болат",
  "Марат",
  "Кайрат",
  "Аскар",
  "Талгат",
  "Мурат",
  "Жанат",
];
const russianMale = [
  "Алексей",
  "Дмитрий",
  "Сергей",
  "Андрей",
  "Игорь",
  "Павел",
  "Виктор",
  "Олег",
  "Максим",
  "Евгений",
  "Владимир",
  "Константин",
  "Роман",
  "Денис",
];
const russianFemale = [
  "Елена",
  "Ольга",
  "Наталья",
  "Татьяна",
  "Ирина",
  "Анна",
  "Светлана",
  "Мария",
  "Юлия",
  "Екатерина",
  "Людмила",
];
const russianLast = [
  "Иванов",
  "Петров",
  "Смирнов",
  "Кузнецов",
  "Попов",
  "Волков",
  "Соколов",
  "Лебедев",
  "Козлов",
  "Новиков",
  "Морозов",
  "Павлов",
  "Семенов",
  "Голубев",
  "Виноградов",
  "Богданов",
  "Федоров",
  "Михайлов",
];
const russianPatronymicRoots = [
  "Александр",
  "Сергей",
  "Владимир",
  "Николай",
  "Иван",
  "Виктор",
  "Петр",
  "Михаил",
  "Олег",
  "Геннадий",
];

function feminine(lastName: string): string {
  return /(ов|ев|ин)$/.test(lastName) ? `${lastName}а` : lastName;
}

function patronymic(root: string, female: boolean): string {
  const stem = root === "Михаил" ? "Михайло" : root.endsWith("й") ? `${root.slice(0, -1)}е` : `${root}о`;
  return `${stem}${female ? "вна" : "вич"}`;
}

export function personName(random: { next(): number; pick<T>(items: readonly T[]): T }): PersonName {
  const kazakh = random.next() < 0.65;
  const female = random.next() < 0.35;
  const lastBase = random.pick(kazakh ? kazakhLast : russianLast).replace("Муканов", "Муканов");
  const root = random.pick(kazakh ? kazakhPatronymicRoots : russianPatronymicRoots);
  if (female) {
    return {
      first: random.pick(kazakh ? kazakhFemale : russianFemale),
      last: feminine(lastBase),
      patronymic: patronymic(root, true),
      female,
    };
  }
  return {
    first: random.pick(kazakh ? kazakhMale : russianMale),
    last: lastBase,
    patronymic: patronymic(root, false),
    female,
  };
}

const transliteration: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
  ә: "a",
  ғ: "g",
  қ: "k",
  ң: "n",
  ө: "o",
  ұ: "u",
  ү: "u",
  һ: "h",
  і: "i",
};

export function transliterate(text: string): string {
  return [...text.toLowerCase()].map((char) => transliteration[char] ?? char).join("");
}
