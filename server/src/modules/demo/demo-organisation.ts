import type { Role, UnitKind } from "@planerka/common";
import { personName, transliterate } from "./names";
import { SeededRandom } from "./random";

export interface DemoUnit {
  key: string;
  name: string;
  kind: UnitKind;
  parentKey: string | null;
  headKey: string | null;
}

export interface DemoUser {
  key: string;
  login: string;
  name: string;
  position: string;
  email: string;
  phone: string;
  role: Role;
  unitKey: string;
}

export const demoCompanyName = "Welding Group Kazakhstan";

/** Regions with their city offices and how many sales managers each office has (77 in all). */
const regions: { name: string; cities: [string, number][] }[] = [
  {
    name: "Центральный регион",
    cities: [
      ["Астана", 9],
      ["Караганда", 6],
    ],
  },
  {
    name: "Северный регион",
    cities: [
      ["Павлодар", 5],
      ["Костанай", 4],
      ["Петропавловск", 5],
    ],
  },
  {
    name: "Южный регион",
    cities: [
      ["Алматы", 10],
      ["Шымкент", 6],
      ["Тараз", 4],
    ],
  },
  {
    name: "Западный регион",
    cities: [
      ["Актобе", 5],
      ["Атырау", 6],
      ["Актау", 4],
      ["Уральск", 4],
    ],
  },
  {
    name: "Восточный регион",
    cities: [
      ["Усть-Каменогорск", 5],
      ["Семей", 4],
    ],
  },
];

/** The organisation of the demo company, the same on every machine: 5 regions, 14 offices, 100 people. */
export function buildDemoOrganisation() {
  const random = new SeededRandom(20_240_301);
  const units: DemoUnit[] = [
    { key: "company", name: demoCompanyName, kind: "company", parentKey: null, headKey: null },
  ];
  const users: DemoUser[] = [];
  const logins = new Set<string>();

  function addUser(role: Role, unitKey: string, position: string, fixedLogin?: string): DemoUser {
    const person = personName(random);
    let login = fixedLogin ?? `${transliterate(person.first)[0]}.${transliterate(person.last)}`;
    for (let suffix = 2; logins.has(login); suffix++) login = `${login.replace(/\d+$/, "")}${suffix}`;
    logins.add(login);
    const phone = `+7 7${random.pick(["01", "05", "07", "47", "71", "75", "77"])} ${random.integer(100, 999)} ${random.integer(10, 99)} ${random.integer(10, 99)}`;
    const user: DemoUser = {
      key: `user-${users.length}`,
      login,
      name: `${person.last} ${person.first} ${person.patronymic}`,
      position,
      email: `${login}@welding-group.kz`,
      phone,
      role,
      unitKey,
    };
    users.push(user);
    return user;
  }

  addUser("admin", "company", "Администратор портала", "admin");
  const director = addUser("top", "company", "Генеральный директор");
  units[0]!.headKey = director.key;
  addUser("top", "company", "Коммерческий директор");
  addUser("top", "company", "Финансовый директор");

  regions.forEach((region, regionIndex) => {
    const regionKey = `region-${regionIndex}`;
    const regionHead = addUser("head", regionKey, `Директор: ${region.name}`);
    units.push({ key: regionKey, name: region.name, kind: "region", parentKey: "company", headKey: regionHead.key });
    region.cities.forEach(([city, managers], cityIndex) => {
      const cityKey = `${regionKey}-city-${cityIndex}`;
      const cityHead = addUser("head", cityKey, `Руководитель отдела продаж, ${city}`);
      units.push({ key: cityKey, name: city, kind: "city", parentKey: regionKey, headKey: cityHead.key });
      for (let index = 0; index < managers; index++) {
        addUser("manager", cityKey, random.chance(0.25) ? "Старший менеджер по продажам" : "Менеджер по продажам");
      }
    });
  });
  return { units, users };
}

/** The logins the README and the start-up message show: one of each role. */
export function pickDemoLogins(organisation = buildDemoOrganisation()) {
  const almaty = organisation.units.find((unit) => unit.name === "Алматы")!;
  const pick = (predicate: (user: DemoUser) => boolean) => organisation.users.find(predicate)!;
  return [
    pick((user) => user.role === "admin"),
    pick((user) => user.role === "top"),
    pick((user) => user.role === "head" && user.unitKey === almaty.parentKey),
    pick((user) => user.role === "head" && user.unitKey === almaty.key),
    pick((user) => user.role === "manager" && user.unitKey === almaty.key),
  ].map((user) => ({ role: user.role, login: user.login, name: user.name }));
}
