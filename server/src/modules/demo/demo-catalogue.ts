/** What a Kazakh welding-equipment distributor sells, with typical deal sizes in tenge. */
export const products: { title: string; min: number; max: number; weight: number }[] = [
  { title: "Сварочный инвертор ESAB Rebel EMP 215ic", min: 650_000, max: 950_000, weight: 8 },
  { title: "Полуавтомат Kemppi X5 FastMig 400", min: 2_400_000, max: 4_100_000, weight: 3 },
  { title: "Инверторы Сварог TIG 200, партия", min: 450_000, max: 1_800_000, weight: 6 },
  { title: "Электроды ОК 46.00 Ø3 мм", min: 60_000, max: 900_000, weight: 14 },
  { title: "Электроды УОНИ 13/55 Ø4 мм", min: 45_000, max: 700_000, weight: 12 },
  { title: "Сварочная проволока ER70S-6 Ø1,2 мм", min: 80_000, max: 1_500_000, weight: 12 },
  { title: "Порошковая проволока OK Tubrod 15.14", min: 150_000, max: 1_900_000, weight: 5 },
  { title: "Газовые редукторы и баллоны", min: 40_000, max: 600_000, weight: 7 },
  { title: "Горелки MIG/MAG Binzel, комплект", min: 70_000, max: 450_000, weight: 6 },
  { title: "Плазменный резак Hypertherm Powermax 65", min: 1_900_000, max: 3_200_000, weight: 2 },
  { title: "Сварочный трактор ESAB A2 Multitrac", min: 4_500_000, max: 9_000_000, weight: 1 },
  { title: "Сервисный контракт на обслуживание парка", min: 300_000, max: 2_400_000, weight: 4 },
  { title: "Средства защиты сварщика: маски, краги", min: 25_000, max: 350_000, weight: 8 },
  { title: "Аттестация сварщиков НАКС", min: 120_000, max: 800_000, weight: 2 },
];

export const companyPrefixes = [
  "Каз",
  "Астана",
  "Алтын",
  "Темир",
  "Сары",
  "Жез",
  "Ертіс",
  "Нур",
  "Евро",
  "Техно",
  "Пром",
  "Энерго",
  "Арыс",
  "Жайык",
  "Каспий",
  "Алатау",
  "Тенгиз",
  "Сункар",
];
export const companyRoots = [
  "Металл",
  "Строй",
  "Монтаж",
  "Сервис",
  "Маш",
  "Транс",
  "Газ",
  "Нефть",
  "Снаб",
  "Техник",
  "Сталь",
  "Конструкция",
  "Трубопровод",
  "Ремонт",
];
export const companySuffixes = ["", "-Групп", " Холдинг", "-Сервис", " KZ", " Инжиниринг", "-Пром"];
export const industries = [
  "Металлоконструкции",
  "Нефть и газ",
  "Строительство",
  "Машиностроение",
  "Горнодобыча",
  "Энергетика",
  "Ремонт и сервис",
  "Трубопроводы",
  "Судостроение",
  "Сельхозтехника",
];
export const leadSources = ["сайт", "звонок", "выставка", "рекомендация", "тендер", "Instagram"];
export const streets = [
  "пр. Абая",
  "ул. Толе би",
  "пр. Назарбаева",
  "ул. Сейфуллина",
  "ул. Жибек Жолы",
  "пр. Республики",
  "ул. Кунаева",
  "ул. Промышленная",
];

export const subjects: Record<string, string[]> = {
  call: [
    "Первичный звонок",
    "Уточнить потребность",
    "Напомнить о КП",
    "Согласовать поставку",
    "Уточнить оплату",
    "Звонок по отгрузке",
  ],
  meeting: ["Встреча на объекте", "Презентация оборудования", "Переговоры по условиям", "Встреча с главным инженером"],
  demo: ["Демонстрация инвертора на площадке клиента", "Показ полуавтомата в шоуруме"],
  email: ["КП по запросу", "Счёт на оплату", "Ответ на запрос", "Спецификация"],
  other: ["Задача по клиенту"],
};

/** Who a client's contact person is. */
export const contactPositions = ["Главный инженер", "Директор", "Снабженец", "Начальник участка", "Главный механик"];

/** What a completed activity came to. */
export const activityResults = [
  "Выполнено",
  "Клиент заинтересован",
  "Перезвонить позже",
  "Отправлено КП",
  "Без результата",
];

/** Activities of each type a seller does in a working day, before their own diligence scales it. */
export const activityRatesPerDay: Record<string, number> = {
  call_out_cold: 14,
  call_out_potential: 7,
  call_out_deal: 7,
  call_in_new: 4,
  call_in_known: 5,
  meeting_cold: 1.1,
  meeting_potential: 1,
  meeting_active: 1.2,
  demo: 0.5,
  email_in: 5,
  email_out: 6,
};

/** Mobile operators' codes of clients' numbers: +77XX and seven digits. */
export const clientPhoneCodes = ["01", "02", "05", "07", "08", "47", "71", "75", "76", "77", "78"];
