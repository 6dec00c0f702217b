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

/** The mobile operators' codes of employees' numbers. */
const staffPhoneCodes = ["01", "05", "07", "47", "71", "75", "77"];

/**
 * Makes employees for one organisation: each draws a name and a mobile number from `random` (in
 * that order) and gets a login no one there has yet (`a.akhmetov`, then `a.akhmetov2` …) and the
 * company's e-mail. The large benchmark company makes its people the same way.
 */
export function employeeFactory(random: SeededRandom) {
  const logins = new Set<string>();
  return (fixedLogin?: string) => {
    const person = personName(random);
    const base = fixedLogin ?? `${transliterate(person.first)[0]}.${transliterate(person.last)}`;
    let login = base;
    for (let suffix = 2; logins.has(login); suffix++) login = `${base}${suffix}`;
    logins.add(login);
    return {
      login,
      name: `${person.last} ${person.first} ${person.patronymic}`,
      email: `${login}@welding-group.kz`,
      phone: `+7 7${random.pick(staffPhoneCodes)} ${random.integer(100, 999)} ${random.integer(10, 99)} ${random.integer(10, 99)}`,
    };
  };
}

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
  const newEmployee = employeeFactory(random);

  function addUser(role: Role, unitKey: string, position: string, fixedLogin?: string): DemoUser {
    const { login, name, email, phone } = newEmployee(fixedLogin);
    const user: DemoUser = { key: `user-${users.length}`, login, name, position, email, phone, role, unitKey };
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
