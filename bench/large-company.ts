/**
 * The large company of DESIGN.md section 10 on a PostgreSQL server: 10,000 users, 1,000,000 deals and
 * 10,000,000 activities over the last 24 months, for measuring the cabinet reads at that size.
 *
 * The organisation (units, users) is built in Node, like the demo's; everything large is generated
 * by the server itself with `insert … select … from generate_series(…)`. Every pseudo-random choice
 * is a hash of the row's series number (`hashint8extended`), so the data is the same on every run,
 * only shifted to the current date. All of it is loaded in one transaction (an interrupted run
 * leaves an empty database, never half a company) with the secondary indexes dropped and
 * foreign-key triggers skipped while loading (`withIndexesDeferred`), then the indexes are rebuilt
 * from their definitions and the trigger-kept figure totals recomputed. Needs a superuser.
 *
 * Density: 10,000,000 activities over 24 months and ~9,000 managers is about 2 a working day per
 * manager (the demo has about 40), so activity coefficients come out low; deals are ~4–5 a month each.
 */
import { randomUUID } from "node:crypto";
import { addDays, dayInTimeZone, type Role, type UnitKind } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import {
  activityRatesPerDay,
  activityResults,
  clientPhoneCodes,
  companyPrefixes,
  companyRoots,
  companySuffixes,
  contactPositions,
  industries,
  leadSources,
  products,
  streets,
  subjects,
} from "../server/src/modules/demo/demo-catalogue";
import { demoPassword } from "../server/src/modules/demo/demo-company";
import { demoCompanyName, employeeFactory } from "../server/src/modules/demo/demo-organisation";
import { personName } from "../server/src/modules/demo/names";
import { SeededRandom } from "../server/src/modules/demo/random";
import { createCompany } from "../server/src/modules/settings/company-setup";
import { hashPassword } from "../server/src/platform/auth/password";
import { bulkInsert, type CsvValue, withIndexesDeferred } from "../server/src/platform/db/bulk-insert";
import { type Database, type DatabaseHandle, rows } from "../server/src/platform/db/database";
import * as schema from "../server/src/platform/db/schema";

/** The demo's company, grown to the size of DESIGN.md section 10: the same name and password. */
export const largeCompanyName = demoCompanyName;
export const largeCompanyPassword = demoPassword;

export interface LargeCompanyOptions {
  log: (line: string) => void;
  users?: number;
  deals?: number;
  activities?: number;
}

/**
 * The 17 regions and 3 cities of republican significance of Kazakhstan, each with its towns (for the
 * three cities, their districts): a branch office in each.
 */
const regions: { name: string; offices: string[] }[] = [
  {
    name: "г. Алматы",
    offices: [
      "Алматы, Алмалинский район",
      "Алматы, Бостандыкский район",
      "Алматы, Ауэзовский район",
      "Алматы, Медеуский район",
      "Алматы, Жетысуский район",
      "Алматы, Турксибский район",
      "Алматы, Наурызбайский район",
      "Алматы, Алатауский район",
    ],
  },
  {
    name: "г. Астана",
    offices: [
      "Астана, Есильский район",
      "Астана, Сарыаркинский район",
      "Астана, район Алматы",
      "Астана, Байконурский район",
      "Астана, Нуринский район",
    ],
  },
  {
    name: "г. Шымкент",
    offices: [
      "Шымкент, Абайский район",
      "Шымкент, Аль-Фарабийский район",
      "Шымкент, Енбекшинский район",
      "Шымкент, Каратауский район",
      "Шымкент, район Туран",
    ],
  },
  {
    name: "Карагандинская область",
    offices: [
      "Караганда",
      "Темиртау",
      "Балхаш",
      "Шахтинск",
      "Сарань",
      "Абай",
      "Приозёрск",
      "Каркаралинск",
      "Осакаровка",
      "Ботакара",
    ],
  },
  {
    name: "Павлодарская область",
    offices: [
      "Павлодар",
      "Экибастуз",
      "Аксу",
      "Иртышск",
      "Щербакты",
      "Майкаин",
      "Железинка",
      "Актогай",
      "Успенка",
      "Баянаул",
    ],
  },
  {
    name: "Восточно-Казахстанская область",
    offices: [
      "Усть-Каменогорск",
      "Риддер",
      "Алтай",
      "Шемонаиха",
      "Зайсан",
      "Серебрянск",
      "Глубокое",
      "Катон-Карагай",
      "Улкен Нарын",
      "Курчум",
    ],
  },
  {
    name: "Абайская область",
    offices: ["Семей", "Аягоз", "Курчатов", "Урджар", "Шар", "Бескарагай", "Караул", "Маканчи", "Аксуат", "Кайнар"],
  },
  {
    name: "Атырауская область",
    offices: [
      "Атырау",
      "Кульсары",
      "Макат",
      "Доссор",
      "Индерборский",
      "Аккистау",
      "Ганюшкино",
      "Миялы",
      "Махамбет",
      "Сарайшык",
    ],
  },
  {
    name: "Мангистауская область",
    offices: [
      "Актау",
      "Жанаозен",
      "Форт-Шевченко",
      "Бейнеу",
      "Шетпе",
      "Курык",
      "Жетыбай",
      "Мангистау",
      "Акшукур",
      "Тущыкудук",
    ],
  },
  {
    name: "Актюбинская область",
    offices: ["Актобе", "Хромтау", "Кандыагаш", "Шалкар", "Алга", "Эмба", "Темир", "Жем", "Кобда", "Мартук"],
  },
  {
    name: "Западно-Казахстанская область",
    offices: [
      "Уральск",
      "Аксай",
      "Жанибек",
      "Чингирлау",
      "Казталовка",
      "Переметное",
      "Фёдоровка",
      "Жымпиты",
      "Каратобе",
      "Сайхин",
    ],
  },
  {
    name: "Костанайская область",
    offices: [
      "Костанай",
      "Рудный",
      "Лисаковск",
      "Житикара",
      "Аркалык",
      "Тобыл",
      "Карабалык",
      "Денисовка",
      "Камысты",
      "Узунколь",
    ],
  },
  {
    name: "Северо-Казахстанская область",
    offices: [
      "Петропавловск",
      "Тайынша",
      "Булаево",
      "Сергеевка",
      "Мамлютка",
      "Явленка",
      "Смирново",
      "Саумалколь",
      "Бишкуль",
      "Новоишимское",
    ],
  },
  {
    name: "Акмолинская область",
    offices: [
      "Кокшетау",
      "Степногорск",
      "Щучинск",
      "Атбасар",
      "Макинск",
      "Степняк",
      "Есиль",
      "Ерейментау",
      "Державинск",
      "Акколь",
    ],
  },
  {
    name: "Алматинская область",
    offices: [
      "Конаев",
      "Талгар",
      "Каскелен",
      "Есик",
      "Узынагаш",
      "Шелек",
      "Кеген",
      "Баканас",
      "Отеген-Батыр",
      "Нарынкол",
    ],
  },
  {
    name: "Жетысуская область",
    offices: [
      "Талдыкорган",
      "Текели",
      "Жаркент",
      "Ушарал",
      "Сарканд",
      "Уштобе",
      "Карабулак",
      "Капал",
      "Аксу (Жетысу)",
      "Достык",
    ],
  },
  {
    name: "Жамбылская область",
    offices: ["Тараз", "Шу", "Каратау", "Жанатас", "Кордай", "Мерке", "Толе би", "Сарыкемер", "Мойынкум", "Луговой"],
  },
  {
    name: "Туркестанская область",
    offices: [
      "Туркестан",
      "Кентау",
      "Арысь",
      "Сарыагаш",
      "Жетысай",
      "Ленгер",
      "Шардара",
      "Шолаккорган",
      "Асыката",
      "Казыгурт",
    ],
  },
  {
    name: "Кызылординская область",
    offices: [
      "Кызылорда",
      "Байконыр",
      "Аральск",
      "Казалинск",
      "Шиели",
      "Жанакорган",
      "Жосалы",
      "Айтеке би",
      "Теренозек",
      "Жалагаш",
    ],
  },
  {
    name: "Улытауская область",
    offices: ["Жезказган", "Сатпаев", "Каражал", "Улытау", "Жезды", "Атасу", "Кенгир"],
  },
];

const departmentNames = [
  "Отдел продаж сварочного оборудования",
  "Отдел расходных материалов",
  "Отдел ключевых клиентов",
  "Отдел тендерных продаж",
  "Отдел сервиса и запчастей",
];

/** The demo's positions, and those of the building sites a company this large also sells to. */
const largeContactPositions = [...contactPositions, "Прораб", "Главный сварщик"];

/** The activity types done on a deal; the others are with a client or nobody in particular. */
const dealActivityTypes = new Set(["call_out_deal", "meeting_active", "demo", "email_out"]);

/** How often each activity type happens (the demo's daily rates), and whether it belongs to a deal. */
const activityMix: Record<string, { rate: number; onDeal: boolean }> = Object.fromEntries(
  Object.entries(activityRatesPerDay).map(([code, rate]) => [code, { rate, onDeal: dealActivityTypes.has(code) }]),
);

/** Id tags: the third group of each generated id, so ids of different tables never collide. */
const tag = { company: 2, deal: 3, dealActivity: 4, activity: 5, contact: 6 } as const;

interface OrgUnit {
  id: string;
  name: string;
  kind: UnitKind;
  parentId: string;
  headId: string | null;
}

interface OrgUser {
  id: string;
  login: string;
  name: string;
  email: string;
  position: string;
  role: Role;
  unitId: string;
  phone: string;
  /** The town of the user's office, for the addresses of their clients. */
  town: string;
}

/** A PostgreSQL array literal, sent as one text parameter. */
function arrayLiteral(items: readonly (string | number)[]): string {
  return `{${items.map((item) => (typeof item === "number" ? String(item) : `"${item.replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
}

/**
 * Regions, their offices (kind `city`) and 3–5 departments in each, with a head for every unit and
 * the rest of the people as sales managers spread over the departments. Scales down for small runs.
 */
export function buildLargeOrganisation(rootUnitId: string, userCount: number) {
  const random = new SeededRandom(10_000_2026);
  const regionCount = Math.min(regions.length, Math.max(1, Math.ceil(userCount / 500)));
  const officesPerRegion = Math.min(10, Math.max(1, Math.round(userCount / regionCount / 50)));
  const units: OrgUnit[] = [];
  const users: OrgUser[] = [];
  const newEmployee = employeeFactory(random);

  const addUser = (role: Role, unitId: string, town: string, position: string, fixedLogin?: string) => {
    const user: OrgUser = { id: randomUUID(), ...newEmployee(fixedLogin), position, role, unitId, town };
    users.push(user);
    return user;
  };

  addUser("admin", rootUnitId, "Алматы", "Администратор портала", "admin");
  const director = addUser("top", rootUnitId, "Алматы", "Генеральный директор", "top");
  const departments: { unit: OrgUnit; town: string; weight: number }[] = [];
  for (const region of regions.slice(0, regionCount)) {
    const regionUnit: OrgUnit = {
      id: randomUUID(),
      name: region.name,
      kind: "region",
      parentId: rootUnitId,
      headId: null,
    };
    units.push(regionUnit);
    const regionTown = region.offices[0]!.split(",")[0]!;
    regionUnit.headId = addUser("head", regionUnit.id, regionTown, `Директор региона: ${region.name}`).id;
    for (const office of region.offices.slice(0, officesPerRegion)) {
      const town = office.split(",")[0]!.replace(/ \(.*\)$/, "");
      const officeUnit: OrgUnit = {
        id: randomUUID(),
        name: office,
        kind: "city",
        parentId: regionUnit.id,
        headId: null,
      };
      units.push(officeUnit);
      officeUnit.headId = addUser("head", officeUnit.id, town, `Директор филиала, ${office}`).id;
      for (const name of departmentNames.slice(0, random.integer(3, 5))) {
        const unit: OrgUnit = {
          id: randomUUID(),
          name: `${name}, ${office}`,
          kind: "department",
          parentId: officeUnit.id,
          headId: null,
        };
        units.push(unit);
        unit.headId = addUser("head", unit.id, town, `Руководитель отдела продаж: ${name.toLowerCase()}`).id;
        departments.push({ unit, town, weight: 0.6 + random.next() * 0.8 });
      }
    }
  }
  const managerCount = userCount - users.length;
  if (managerCount < departments.length)
    throw new Error(`${userCount} users are too few for ${departments.length} departments and their heads`);
  // Departments of different sizes: managers by weight, the cumulative rounding keeping the total exact.
  const totalWeight = departments.reduce((sum, department) => sum + department.weight, 0);
  let cumulative = 0;
  let assigned = 0;
  for (const department of departments) {
    cumulative += department.weight;
    const upTo = Math.max(assigned + 1, Math.round((cumulative / totalWeight) * managerCount));
    for (; assigned < Math.min(upTo, managerCount); assigned++) {
      const senior = random.chance(0.25);
      addUser(
        "manager",
        department.unit.id,
        department.town,
        senior ? "Старший менеджер по продажам" : "Менеджер по продажам",
      );
    }
  }
  return { units, users, director };
}

/** Creates the database of a PostgreSQL URL when it is missing (connecting to `postgres` to do so). */
export async function createDatabaseIfMissing(url: string, log: (line: string) => void = console.log) {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name) throw new Error("The database URL names no database");
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) {
      await client.query(`create database "${name.replace(/"/g, '""')}"`);
      log(`Created database ${name}.`);
    }
  } finally {
    await client.end();
  }
}

/** Creates the large company on an empty database; does nothing when the database already has users. */
export async function seedLargeCompanyIfEmpty(handle: DatabaseHandle, options: LargeCompanyOptions): Promise<void> {
  const log = options.log;
  const [existing] = await rows<{ count: number }>(handle.db, sql`select count(*)::int as count from users`);
  if (Number(existing?.count ?? 0) > 0) {
    log(`The database already has ${existing!.count} users: nothing to do.`);
    return;
  }
  const [role] = await rows<{ superuser: boolean }>(
    handle.db,
    sql`select rolsuper as superuser from pg_roles where rolname = current_user`,
  );
  // Skipping foreign-key triggers while loading needs a superuser; inside the one transaction a
  // refused `set session_replication_role` would abort everything, so say so up front.
  if (!role?.superuser) throw new Error("The large company generator needs a superuser connection");

  // One connection for the whole load: session settings, temporary tables and the transaction.
  let session: DatabaseHandle = handle;
  let release = () => {};
  if (handle.engine === "postgres") {
    const pool = (handle.db as unknown as { $client: pg.Pool }).$client;
    const client = await pool.connect();
    session = {
      db: drizzle({ client, schema }) as unknown as Database,
      engine: "postgres",
      listen: () => Promise.reject(new Error("the bench session does not listen")),
      close: async () => {},
    };
    // Destroyed rather than returned to the pool: its settings and temporary objects go with it.
    release = () => client.release(true);
  }
  try {
    await load(session, options);
  } finally {
    release();
  }
}

async function load(session: DatabaseHandle, options: LargeCompanyOptions) {
  const log = options.log;
  const db = session.db;
  const execute = (query: SQL) => db.execute(query);
  const userCount = options.users ?? 10_000;
  const dealCount = options.deals ?? 1_000_000;
  const activityCount = options.activities ?? 10_000_000;
  const started = performance.now();
  const phase = async <T>(name: string, run: () => Promise<T>, detail?: (result: T) => string) => {
    const begin = performance.now();
    const result = await run();
    const seconds = ((performance.now() - begin) / 1000).toFixed(1);
    log(`${name}: ${seconds} s${detail ? ` (${detail(result)})` : ""}`);
    return result;
  };

  if (session.engine === "postgres") {
    // Sorts and index builds in memory; one commit at the end, so no need to wait for each flush.
    await execute(sql`set maintenance_work_mem = '1GB'`);
    await execute(sql`set work_mem = '256MB'`);
    await execute(sql`set synchronous_commit = off`);
  }
  const passwordHash = await phase("password hash", () => hashPassword(largeCompanyPassword));

  await execute(sql`begin`);
  try {
    const org = await phase(
      "organisation",
      () => createOrganisation(session, userCount, passwordHash),
      (result) => `${result.units} units, ${result.users} users, ${result.managers} managers`,
    );
    const tables = ["companies", "contacts", "deals", "deal_stage_changes", "activities", "plans"];
    let loaded = 0;
    // The load runs under a savepoint: if it fails, the rebuilding of the indexes still runs in a
    // healthy transaction and the original error is the one reported.
    const failure = await withIndexesDeferred(session, tables, async () => {
      await execute(sql`savepoint crm_load`);
      try {
        await loadCrm(
          session,
          { ...options, users: userCount, deals: dealCount, activities: activityCount },
          org,
          phase,
        );
        loaded = performance.now();
        return null;
      } catch (error) {
        await execute(sql`rollback to savepoint crm_load`);
        return error as Error;
      }
    });
    if (failure) throw failure;
    log(`indexes (and the figure totals) rebuilt: ${((performance.now() - loaded) / 1000).toFixed(1)} s`);
    await phase("commit", () => execute(sql`commit`));
  } catch (error) {
    await execute(sql`rollback`).catch(() => {});
    throw error;
  }
  await phase("vacuum analyze", () => execute(sql`vacuum analyze`));
  log(`Large company ready in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

async function createOrganisation(session: DatabaseHandle, userCount: number, passwordHash: string) {
  const db = session.db;
  const { rootUnitId } = await createCompany(db, largeCompanyName);
  const org = buildLargeOrganisation(rootUnitId, userCount);
  await bulkInsert(
    session,
    "units",
    ["id", "name", "kind", "parent_id"],
    org.units.map((unit) => [unit.id, unit.name, unit.kind, unit.parentId]),
  );
  await bulkInsert(
    session,
    "users",
    ["id", "login", "password_hash", "name", "position", "email", "phone", "role", "unit_id"],
    org.users.map((user): CsvValue[] => [
      user.id,
      user.login,
      passwordHash,
      user.name,
      user.position,
      user.email,
      user.phone,
      user.role,
      user.unitId,
    ]),
  );
  const heads = [
    { id: rootUnitId, headId: org.director.id },
    ...org.units.map((unit) => ({ id: unit.id, headId: unit.headId! })),
  ];
  await db.execute(
    sql`update units set head_user_id = v.head_id::uuid
        from unnest(${arrayLiteral(heads.map((head) => head.id))}::uuid[], ${arrayLiteral(heads.map((head) => head.headId))}::uuid[])
          as v(id, head_id)
        where units.id = v.id`,
  );
  const managers = org.users.filter((user) => user.role === "manager");
  return {
    units: org.units.length + 1,
    users: org.users.length,
    managers: managers.length,
    managerIds: managers.map((user) => user.id),
    managerTowns: managers.map((user) => user.town),
    directorId: org.director.id,
  };
}

type Phase = <T>(name: string, run: () => Promise<T>, detail?: (result: T) => string) => Promise<T>;

async function loadCrm(
  session: DatabaseHandle,
  options: Required<Omit<LargeCompanyOptions, "log">> & LargeCompanyOptions,
  org: Awaited<ReturnType<typeof createOrganisation>>,
  phase: Phase,
) {
  const db = session.db;
  const execute = (query: SQL) => db.execute(query);
  const count = async (table: string) =>
    (await rows<{ count: number }>(db, sql`select count(*)::int as count from ${sql.identifier(table)}`))[0]!.count;

  const [settings] = await rows<{ timeZone: string }>(db, sql`select time_zone as "timeZone" from company_settings`);
  const tz = settings!.timeZone;
  const now = new Date();
  const nowText = now.toISOString();
  const today = dayInTimeZone(now, tz);
  // 24 months: this one and the 23 before it.
  const first = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 - 23, 1));
  const periodStart = first.toISOString().slice(0, 10);
  const monthStartToday = `${today.slice(0, 7)}-01`;
  const activityEnd = addDays(today, 14);
  const managerCount = org.managers;
  const clientCount = Math.max(1, Math.round(options.deals / 5));

  await phase("helpers", async () => {
    // Deterministic choices: a uniform number in [0, 1) and an index in [0, size) from (n, salt).
    await execute(sql`create function pg_temp.rnd(n bigint, salt bigint) returns float8
      language sql immutable parallel safe
      as $$ select (hashint8extended(n, salt) & 2147483647)::float8 / 2147483648 $$`);
    await execute(sql`create function pg_temp.pick(n bigint, salt bigint, size int) returns int
      language sql immutable parallel safe
      as $$ select ((hashint8extended(n, salt) & 2147483647) % size)::int $$`);
    // Time-ordered ids (UUIDv7 layout): the load appends to each primary-key index.
    const stamp = now.getTime().toString(16).padStart(12, "0");
    await execute(
      sql.raw(`create function pg_temp.sid(kind int, n bigint) returns uuid
      language sql immutable parallel safe
      as $$ select ('${stamp.slice(0, 8)}-${stamp.slice(8, 12)}-7' || lpad(to_hex(kind), 3, '0') || '-8000-'
        || lpad(to_hex(n), 12, '0'))::uuid $$`),
    );
    // One in ten clients is a private person: a contact with no company.
    await execute(sql`create function pg_temp.private_client(c bigint) returns boolean
      language sql immutable parallel safe
      as $$ select pg_temp.rnd(c, 31) < 0.1 $$`);

    // The sellers: every manager, with their habits and the number of clients they own.
    await execute(sql`create temp table seller on commit drop as
      select (m.ordinality - 1)::int as idx, m.id, m.town,
             0.3 + 0.3 * pg_temp.rnd(m.ordinality, 1) as win_rate,
             0.655 + 0.27 * pg_temp.rnd(m.ordinality, 2) as completion,
             case when m.ordinality - 1 < ${clientCount}
                  then (${clientCount} - m.ordinality) / ${managerCount} + 1 else 0 end::int as clients
      from unnest(${arrayLiteral(org.managerIds)}::uuid[], ${arrayLiteral(org.managerTowns)}::text[])
        with ordinality as m(id, town, ordinality)`);
    // Working days by the production calendar: deals are opened up to yesterday, activities are due
    // up to two weeks ahead.
    // Every day of the period: whether it is a working day, the instant it starts (local midnight),
    // and the index of the first working day on or after it and of the last one on or before it.
    await execute(sql`create temp table calendar_day on commit drop as
      select day, working, start_at,
             (count(*) filter (where working) over (order by day) - case when working then 1 else 0 end)::int as next_idx,
             (count(*) filter (where working) over (order by day) - 1)::int as prev_idx
      from (
        select d::date as day, d at time zone ${tz} as start_at,
               coalesce(e.kind = 'workday', extract(isodow from d)::int = any(s.working_weekdays)) as working
        from generate_series(${periodStart}::timestamp, ${activityEnd}::timestamp, interval '1 day') d
        cross join company_settings s
        left join calendar_exceptions e on e.date = d::date
      ) days`);
    // Working days by index: deals are opened up to yesterday, activities are due up to two weeks ahead.
    const workdays = (name: string, to: string) =>
      execute(sql`create temp table ${sql.identifier(name)} on commit drop as
        select next_idx as idx, day, start_at from calendar_day where working and day <= ${to}::date`);
    await workdays("deal_day", addDays(today, -1));
    await workdays("activity_day", activityEnd);
    const weighted = products.flatMap((product, index) => Array.from({ length: product.weight }, () => index));
    await execute(sql`create temp table product on commit drop as
      select (p.ordinality - 1)::int as idx, p.title, p.low, p.high
      from unnest(${arrayLiteral(products.map((product) => product.title))}::text[],
                  ${arrayLiteral(products.map((product) => product.min))}::numeric[],
                  ${arrayLiteral(products.map((product) => product.max))}::numeric[])
        with ordinality as p(title, low, high, ordinality)`);
    await execute(sql`create temp table product_slot on commit drop as
      select (s.ordinality - 1)::int as slot, s.product from unnest(${arrayLiteral(weighted)}::int[])
        with ordinality as s(product, ordinality)`);
    // Activity types with what an activity of each looks like.
    await execute(sql`create temp table atype on commit drop as
      select t.id, t.code, t.category,
             case when t.category in ('meeting', 'demo') then 60 else 15 end as duration,
             case t.category when 'call' then 'telephony' when 'email' then 'email' else 'manual' end as origin,
             case t.category
               when 'call' then ${arrayLiteral(subjects.call!)}::text[]
               when 'meeting' then ${arrayLiteral(subjects.meeting!)}::text[]
               when 'demo' then ${arrayLiteral(subjects.demo!)}::text[]
               when 'email' then ${arrayLiteral(subjects.email!)}::text[]
               else ${arrayLiteral(subjects.other!)}::text[] end as subjects
      from activity_types t`);
    const slots = (onDeal: boolean) =>
      Object.entries(activityMix)
        .filter(([, mix]) => mix.onDeal === onDeal)
        .flatMap(([code, mix]) => Array.from({ length: Math.round(mix.rate * 10) }, () => code));
    for (const [name, codes] of [
      ["deal_type_slot", slots(true)],
      ["free_type_slot", slots(false)],
    ] as const) {
      await execute(sql`create temp table ${sql.identifier(name)} on commit drop as
        select (s.ordinality - 1)::int as slot, t.id as type_id, t.category, t.duration, t.origin, t.subjects,
               cardinality(t.subjects) as subject_count
        from unnest(${arrayLiteral(codes)}::text[]) with ordinality as s(code, ordinality)
        join atype t on t.code = s.code`);
    }
    for (const table of [
      "seller",
      "calendar_day",
      "deal_day",
      "activity_day",
      "product",
      "product_slot",
      "atype",
      "deal_type_slot",
      "free_type_slot",
    ])
      await execute(sql`analyze ${sql.identifier(table)}`);
  });
  const [days] = await rows<{ dealDays: number; activityDays: number }>(
    db,
    sql`select (select count(*) from deal_day)::int as "dealDays", (select count(*) from activity_day)::int as "activityDays"`,
  );
  const [pipeline] = await rows<{ id: string }>(db, sql`select id from pipelines where is_default`);
  const stages = await rows<{ id: string; semantic: string }>(
    db,
    sql`select id, semantic from stages where pipeline_id = ${pipeline!.id} order by sort`,
  );
  const openStages = stages.filter((stage) => stage.semantic === "open").map((stage) => stage.id);
  const wonStage = stages.find((stage) => stage.semantic === "won")!.id;
  const lostStage = stages.find((stage) => stage.semantic === "lost")!.id;
  const local = (day: SQL, hour: SQL, minute: SQL) =>
    sql`((${day}) + make_interval(hours => ${hour}, mins => ${minute})) at time zone ${tz}`;
  const pick = (n: SQL, salt: number, size: SQL | number) => sql`pg_temp.pick(${n}, ${salt}, ${size})`;
  const choice = (items: readonly string[], n: SQL, salt: number) =>
    sql`(${arrayLiteral(items)}::text[])[1 + ${pick(n, salt, items.length)}]`;
  const nowSql = sql`${nowText}::timestamptz`;
  // An instant plus whole minutes (exact durations: no day arithmetic in the session's time zone).
  const minutes = (instant: SQL, count: SQL) => sql`(${instant} + interval '1 minute' * (${count}))`;

  // Clients: client c belongs to seller c mod M; company c and contact c work there (a private
  // person's contact c has no company).
  await phase(
    "companies",
    async () => {
      const binDigits = Array.from({ length: 11 }, (_, index) => index + 1);
      const control = (weights: number[]) =>
        sql.raw(
          `(${binDigits.map((digit, index) => `substr(b, ${digit}, 1)::int * ${weights[index]}`).join(" + ")}) % 11`,
        );
      await execute(sql`insert into companies (id, name, bin, phones, emails, address, city, industry, owner_id,
                          created_by, created_at, updated_at)
        select pg_temp.sid(${tag.company}, c), name,
               case when c1 <> 10 then b || c1 when c2 <> 10 then b || c2 end,
               array[phone], array['info@company' || (c + 1) || '.kz'], address, town, industry, owner_id, owner_id,
               created_at, created_at
        from (
          select c, b, ${control([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])} as c1,
                 ${control([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])} as c2, name, phone, address, town, industry, owner_id,
                 created_at
          from (
            select c, s.town, s.id as owner_id,
                   lpad(${pick(sql`c`, 40, 25)}::text, 2, '0') || lpad((1 + ${pick(sql`c`, 41, 12)})::text, 2, '0')
                     || '4' || lpad((c % 1000000)::text, 6, '0') as b,
                   ${choice(["ТОО", "ТОО", "ТОО", "ТОО", "АО", "ИП"], sql`c`, 42)} || ' «'
                     || ${choice(companyPrefixes, sql`c`, 43)} || ${choice(companyRoots, sql`c`, 44)}
                     || ${choice(companySuffixes, sql`c`, 45)}
                     || case when pg_temp.rnd(c, 46) < 0.5 then ' ' || s.town else '' end || '»' as name,
                   '+77' || ${choice(clientPhoneCodes, sql`c`, 47)}
                     || lpad(${pick(sql`c`, 48, 10_000_000)}::text, 7, '0') as phone,
                   'г. ' || s.town || ', ' || ${choice(streets, sql`c`, 49)} || ', ' || (1 + ${pick(sql`c`, 50, 250)}) as address,
                   ${choice(industries, sql`c`, 51)} as industry,
                   ${local(sql`${periodStart}::date - 1 - ${pick(sql`c`, 52, 700)}`, sql`9`, sql`${pick(sql`c`, 53, 480)}`)} as created_at
            from generate_series(0::bigint, ${clientCount - 1}::bigint) c
            join seller s on s.idx = (c % ${managerCount})::int
          ) raw
        ) checked`);
      return count("companies");
    },
    (total) => `${total.toLocaleString("en")} rows`,
  );

  await phase(
    "contacts",
    async () => {
      const nameRandom = new SeededRandom(2_000_2026);
      const names = Array.from({ length: 4_000 }, () => {
        const person = personName(nameRandom);
        return `${person.last} ${person.first} ${person.patronymic}`;
      });
      await execute(sql`insert into contacts (id, name, position, phones, emails, company_id, owner_id, created_by,
                          created_at, updated_at)
        select pg_temp.sid(${tag.contact}, c), ${choice(names, sql`c`, 60)},
               case when pg_temp.private_client(c) then null else ${choice(largeContactPositions, sql`c`, 61)} end,
               array['+77' || ${choice(["01", "05", "07", "47", "71", "75", "77", "78"], sql`c`, 62)}
                     || lpad(${pick(sql`c`, 63, 10_000_000)}::text, 7, '0')],
               '{}'::text[],
               case when pg_temp.private_client(c) then null else pg_temp.sid(${tag.company}, c) end,
               s.id, s.id, created_at, created_at
        from (
          select c, ${local(sql`${periodStart}::date - 1 - ${pick(sql`c`, 64, 700)}`, sql`9`, sql`${pick(sql`c`, 65, 480)}`)} as created_at
          from generate_series(0::bigint, ${clientCount - 1}::bigint) c
        ) x
        join seller s on s.idx = (c % ${managerCount})::int`);
      return count("contacts");
    },
    (total) => `${total.toLocaleString("en")} rows`,
  );

  // Deals: opened on working days up to yesterday, each for a client of its owner; 93 % of those
  // whose cycle (3–75 days) has ended are closed, won at the owner's win rate. Entering won or lost
  // set `closed_at` and `stage_changed_at` to the same instant; open deals have no `closed_at`.
  // Inserted in order of creation, so the deal numbers (the identity) follow time.
  await phase(
    "deals",
    async () => {
      await execute(sql`insert into deals (id, title, pipeline_id, stage_id, amount, company_id, contact_id,
                          expected_close_date, closed_at, stage_changed_at, source, owner_id, created_by, created_at,
                          updated_at)
        select pg_temp.sid(${tag.deal}, row_number() over (order by created_at, g)), title, ${pipeline!.id}::uuid,
               stage_id, amount, company_id, contact_id, close_day, closed_at, stage_changed_at, source, owner_id,
               owner_id, created_at, stage_changed_at
        from (
          select g, title, amount, company_id, contact_id, close_day, source, owner_id, created_at,
                 case when not closed then (${arrayLiteral(openStages)}::uuid[])[1 + open_index]
                      when won then ${wonStage}::uuid else ${lostStage}::uuid end as stage_id,
                 case when closed then closed_at end as closed_at,
                 case when closed then closed_at
                      when open_index = 0 then created_at
                      else greatest(created_at, least(moved_at, ${nowSql} - make_interval(mins => 1 + ${pick(sql`g`, 17, 600)})))
                 end as stage_changed_at
          from (
            select g, p.title, owner_id, created_at, close_day,
                   round(p.low + (p.high - p.low) * pg_temp.rnd(g, 12)::numeric, 2) as amount,
                   case when client is not null and not pg_temp.private_client(client)
                        then pg_temp.sid(${tag.company}, client) end as company_id,
                   case when client is not null then pg_temp.sid(${tag.contact}, client) end as contact_id,
                   ${choice(leadSources, sql`g`, 13)} as source,
                   close_day <= ${today}::date and pg_temp.rnd(g, 14) < 0.93 as closed,
                   pg_temp.rnd(g, 15) < win_rate as won,
                   least(${minutes(sql`day_start`, sql`cycle * 1440 + 540 + ${pick(sql`g`, 16, 600)}`)},
                         ${nowSql} - make_interval(secs => 1 + ${pick(sql`g`, 19, 3600)})) as closed_at,
                   ${pick(sql`g`, 20, openStages.length)} as open_index,
                   ${minutes(sql`day_start`, sql`least(cycle, 20) * 1440 + 660`)} as moved_at
            from (
              select g, s.id as owner_id, s.win_rate, w.day, w.start_at as day_start,
                     ${minutes(sql`w.start_at`, sql`540 + ${pick(sql`g`, 21, 540)}`)} as created_at,
                     3 + ${pick(sql`g`, 23, 73)} as cycle,
                     w.day + 3 + ${pick(sql`g`, 23, 73)} as close_day,
                     case when s.clients > 0 then s.idx + ${managerCount}::bigint * ${pick(sql`g`, 24, sql`s.clients`)} end
                       as client,
                     ${pick(sql`g`, 25, weightedSize())} as slot
              from generate_series(0::bigint, ${options.deals - 1}::bigint) g
              join seller s on s.idx = (g % ${managerCount})::int
              join deal_day w on w.idx = ${pick(sql`g`, 26, days!.dealDays)}
            ) base
            join product_slot ps on ps.slot = base.slot
            join product p on p.idx = ps.product
          ) shaped
        ) final
        order by created_at, g`);
      return count("deals");
    },
    (total) => `${total.toLocaleString("en")} rows`,
  );

  await phase(
    "stage history",
    async () => {
      await execute(sql`insert into deal_stage_changes (deal_id, from_stage_id, to_stage_id, changed_at, changed_by)
        select id, null, ${openStages[0]!}::uuid, created_at, owner_id from deals
        union all
        select id, ${openStages[0]!}::uuid, stage_id, stage_changed_at, owner_id from deals
        where stage_id <> ${openStages[0]!}::uuid
        order by 4`);
      return count("deal_stage_changes");
    },
    (total) => `${total.toLocaleString("en")} rows`,
  );

  // Each manager's monthly plan: what they win in an average month, stretched by 10–35 %, rounded
  // to 50,000 ₸, set by the director a few days before the month began.
  await phase(
    "plans",
    async () => {
      await execute(sql`insert into plans (user_id, month, amount, updated_by, updated_at)
        select s.id, to_char(m.month, 'YYYY-MM'),
               greatest(500000, round(coalesce(w.total, 0) / 24 * (1.1 + 0.25 * pg_temp.rnd(s.idx * 100 + m.ordinality, 80))::numeric
                 / 50000) * 50000)::numeric(18, 2),
               ${org.directorId}::uuid,
               ${local(sql`m.month::date - 3`, sql`10`, sql`0`)}
        from seller s
        cross join generate_series(${periodStart}::timestamp, ${monthStartToday}::timestamp, interval '1 month') with ordinality as m(month, ordinality)
        left join (select owner_id, sum(amount) as total from deals where stage_id = ${wonStage}::uuid group by owner_id) w
          on w.owner_id = s.id`);
      return count("plans");
    },
    (total) => `${total.toLocaleString("en")} rows`,
  );

  // Activities. First the deal work (calls on the deal, meetings with the active client,
  // demonstrations, offers by e-mail), due between a deal's opening and its close (an open deal's
  // next steps reach two weeks ahead); then everything else, generated day by day so the table
  // grows in time order as a real one does. Past ones are completed at the owner's rate, an hour or
  // so after their deadline.
  const onDealShare =
    Object.values(activityMix)
      .filter((mix) => mix.onDeal)
      .reduce((sum, mix) => sum + mix.rate, 0) / Object.values(activityMix).reduce((sum, mix) => sum + mix.rate, 0);
  const perDeal = (options.activities * onDealShare) / Math.max(1, options.deals);
  const dealTypeSlots = Object.values(activityMix)
    .filter((mix) => mix.onDeal)
    .reduce((sum, mix) => sum + Math.round(mix.rate * 10), 0);
  const freeTypeSlots = Object.values(activityMix)
    .filter((mix) => !mix.onDeal)
    .reduce((sum, mix) => sum + Math.round(mix.rate * 10), 0);
  const finish = (n: SQL, salt: number) => sql`
    case when done then done_at end as completed_at,
    case when done then ${choice(activityResults, n, salt)} end as result,
    coalesce(case when done then done_at end, created_at) as updated_at`;
  const onDeals = await phase(
    "activities on deals",
    async () => {
      await execute(sql`insert into activities (id, type_id, subject, due_at, duration_minutes, completed_at, result,
                          deal_id, company_id, contact_id, origin, owner_id, created_by, created_at, updated_at)
        select pg_temp.sid(${tag.dealActivity}, n), type_id, subject, due_at, duration,
               completed_at, result, deal_id, company_id, contact_id, origin, owner_id, owner_id, created_at, updated_at
        from (
          select *, ${finish(sql`n`, 70)}
          from (
            select *, due_at < ${nowSql} and pg_temp.rnd(n, 71) < completion as done,
                   least(${nowSql}, greatest(due_at, created_at) + make_interval(mins => ${pick(sql`n`, 72, 240)})) as done_at
            from (
              select *, least(${nowSql}, greatest(deal_created, due_at - make_interval(hours => 1 + ${pick(sql`n`, 73, 96)})))
                       as created_at
              from (
                select n, deal_id, owner_id, company_id, contact_id, deal_created, completion,
                       t.type_id, t.duration, t.origin, t.subjects[1 + ${pick(sql`n`, 74, sql`t.subject_count`)}] as subject,
                       ${minutes(sql`w.start_at`, sql`540 + 15 * ${pick(sql`n`, 75, 36)}`)} as due_at
                from (
                  -- A working day from the deal's opening to its close (or two weeks ahead).
                  select d.number * 64 + j as n, d.id as deal_id, d.owner_id, d.company_id, d.contact_id,
                         d.created_at as deal_created, s.completion,
                         d.first_day + ${pick(sql`d.number * 64 + j`, 77, sql`d.last_day - d.first_day + 1`)} as due_index
                  from (
                    select d.*, opened.next_idx as first_day,
                           greatest(opened.next_idx, coalesce(closed.prev_idx, ${days!.activityDays - 1})) as last_day
                    from deals d
                    join calendar_day opened on opened.day = (d.created_at at time zone ${tz})::date
                    left join calendar_day closed on closed.day = (d.closed_at at time zone ${tz})::date
                  ) d
                  join seller s on s.id = d.owner_id
                  cross join lateral generate_series(1, least(63, floor(${perDeal}::float8 * (0.5 + pg_temp.rnd(d.number, 78))
                                                                          + pg_temp.rnd(d.number, 79))::int)) j
                ) x
                join activity_day w on w.idx = x.due_index
                join deal_type_slot t on t.slot = ${pick(sql`n`, 80, dealTypeSlots)}
              ) typed
            ) created
          ) decided
        ) final`);
      return count("activities");
    },
    (total) => `${total.toLocaleString("en")} rows`,
  );

  const rest = Math.max(0, options.activities - onDeals);
  const chunk = 1_000_000;
  for (let from = 0; from < rest; from += chunk) {
    const to = Math.min(rest, from + chunk);
    await phase(`activities ${(onDeals + to).toLocaleString("en")} of ${options.activities.toLocaleString("en")}`, () =>
      execute(sql`insert into activities (id, type_id, subject, due_at, duration_minutes, completed_at, result,
                          company_id, contact_id, origin, owner_id, created_by, created_at, updated_at)
        select pg_temp.sid(${tag.activity}, g), type_id, subject, due_at, duration, completed_at, result,
               company_id, contact_id, origin, owner_id, owner_id, created_at, updated_at
        from (
          select *, ${finish(sql`g`, 90)}
          from (
            select *, due_at < ${nowSql} and pg_temp.rnd(g, 91) < completion as done,
                   least(${nowSql}, due_at + make_interval(mins => ${pick(sql`g`, 92, 240)})) as done_at,
                   least(${nowSql}, due_at - make_interval(hours => 1 + ${pick(sql`g`, 93, 96)})) as created_at,
                   case when client is not null and not pg_temp.private_client(client)
                        then pg_temp.sid(${tag.company}, client) end as company_id,
                   case when client is not null and (pg_temp.private_client(client) or pg_temp.rnd(g, 94) < 0.5)
                        then pg_temp.sid(${tag.contact}, client) end as contact_id
            from (
              select g, s.id as owner_id, s.completion, t.type_id, t.duration, t.origin,
                     t.subjects[1 + ${pick(sql`g`, 95, sql`t.subject_count`)}] as subject,
                     ${minutes(sql`w.start_at`, sql`540 + 15 * ${pick(sql`g`, 96, 36)}`)} as due_at,
                     case when s.clients > 0 and pg_temp.rnd(g, 98) < 0.85
                          then s.idx + ${managerCount}::bigint * ${pick(sql`g`, 99, sql`s.clients`)} end as client
              from generate_series(${from}::bigint, ${to - 1}::bigint) g
              join activity_day w on w.idx = (g * ${days!.activityDays} / ${rest})::int
              join seller s on s.idx = ${pick(sql`g`, 100, managerCount)}
              join free_type_slot t on t.slot = ${pick(sql`g`, 101, freeTypeSlots)}
            ) base
          ) decided
        ) final`),
    );
  }
  await execute(sql`drop function pg_temp.private_client(bigint), pg_temp.sid(int, bigint),
    pg_temp.pick(bigint, bigint, int), pg_temp.rnd(bigint, bigint)`);
}

function weightedSize() {
  return products.reduce((sum, product) => sum + product.weight, 0);
}
