import { randomUUID } from "node:crypto";
import {
  addDays,
  dayInTimeZone,
  isoWeekday,
  isWorkingDay,
  kazakhstanCalendar,
  type WorkingCalendar,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import { bulkInsert, type CsvValue, withIndexesDeferred } from "../../platform/db/bulk-insert";
import { type DatabaseHandle, rows } from "../../platform/db/database";
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
} from "./demo-catalogue";
import { personName } from "./names";
import { SeededRandom } from "./random";

const calendar: WorkingCalendar = {
  workingWeekdays: [1, 2, 3, 4, 5],
  exceptions: new Map(kazakhstanCalendar.map((day) => [day.date, day.kind])),
};

/** Almaty is UTC+5: a local working hour as an instant. */
function localTime(day: string, hour: number, minute: number): Date {
  return new Date(
    Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), hour - 5, minute),
  );
}

function validBin(random: SeededRandom): string {
  for (;;) {
    const base = `${String(random.integer(0, 24)).padStart(2, "0")}${String(random.integer(1, 12)).padStart(2, "0")}4${String(random.integer(0, 999_999)).padStart(6, "0")}`;
    const digits = [...base].map(Number);
    const check = (weights: number[]) => weights.reduce((sum, weight, index) => sum + weight * digits[index]!, 0) % 11;
    let control = check([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    if (control === 10) control = check([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
    if (control !== 10) return `${base}${control}`;
  }
}

function kazakhPhone(random: SeededRandom): string {
  return `+77${random.pick(clientPhoneCodes)}${String(random.integer(0, 9_999_999)).padStart(7, "0")}`;
}

interface Seller {
  id: string;
  city: string;
  /** 0.35 (lazy) … 1.25 (diligent): scales activity volumes and planning. */
  diligence: number;
  winRate: number;
  dealsPerDay: number;
}

export interface DemoCrmVolume {
  companies: number;
  dealsPerSellerDay: number;
  activityScale: number;
}

/** About 5,000 companies and contacts, 50,000 deals and 1,000,000 activities for the demo company. */
export const fullDemoVolume: DemoCrmVolume = { companies: 5_000, dealsPerSellerDay: 2.6, activityScale: 1 };

/**
 * A year of CRM life up to `today` for every sales manager: clients, deals moving through the
 * pipeline, and daily calls and meetings whose volume follows each person's habits.
 */
export async function seedDemoCrm(
  handle: DatabaseHandle,
  options: { today?: string; volume?: DemoCrmVolume; log?: (line: string) => void } = {},
) {
  const tables = ["companies", "contacts", "deals", "deal_stage_changes", "leads", "activities", "plans"];
  return withIndexesDeferred(handle, tables, () => generate(handle, options));
}

async function generate(
  handle: DatabaseHandle,
  options: { today?: string; volume?: DemoCrmVolume; log?: (line: string) => void },
) {
  const log = options.log ?? (() => {});
  const volume = options.volume ?? fullDemoVolume;
  const random = new SeededRandom(77_2025);
  const today = options.today ?? dayInTimeZone(new Date(), "Asia/Almaty");
  const now = new Date();
  const start = addDays(today, -365);

  const sellerRows = await rows<{ id: string; city: string; role: string }>(
    handle.db,
    sql`select u.id, un.name as city, u.role from users u join units un on un.id = u.unit_id
        where u.role in ('manager', 'head') and un.kind = 'city' and u.active order by u.login`,
  );
  const sellers: Seller[] = sellerRows.map((row) => {
    const diligence = 0.35 + random.next() * 0.9;
    // City heads sell too, at a third of a manager's pace.
    const pace = row.role === "head" ? 0.33 : 1;
    return {
      id: row.id,
      city: row.city,
      diligence,
      winRate: 0.3 + random.next() * 0.3,
      dealsPerDay: volume.dealsPerSellerDay * pace * (0.6 + diligence * 0.5),
    };
  });
  const [pipeline] = await rows<{ id: string }>(handle.db, sql`select id from pipelines where is_default`);
  const stages = await rows<{ id: string; semantic: string; sort: number }>(
    handle.db,
    sql`select id, semantic, sort from stages where pipeline_id = ${pipeline!.id} order by sort`,
  );
  const openStages = stages.filter((stage) => stage.semantic === "open");
  const wonStage = stages.find((stage) => stage.semantic === "won")!;
  const lostStage = stages.find((stage) => stage.semantic === "lost")!;
  const types = await rows<{ id: string; code: string; category: string }>(
    handle.db,
    sql`select id, code, category from activity_types`,
  );

  // Clients: each seller keeps a book of companies, each with a contact person.
  log("  clients…");
  const companyRows: CsvValue[][] = [];
  const contactRows: CsvValue[][] = [];
  const book = new Map<string, { companyId: string; contactId: string }[]>();
  const usedNames = new Set<string>();
  for (let index = 0; index < volume.companies; index++) {
    const seller = sellers[index % sellers.length]!;
    const base = `${random.pick(companyPrefixes)}${random.pick(companyRoots)}${random.pick(companySuffixes)}`;
    let name = `ТОО «${base}»`;
    if (usedNames.has(name)) name = `ТОО «${base} ${seller.city}»`;
    if (usedNames.has(name)) name = `ТОО «${base} №${index + 1}»`;
    usedNames.add(name);
    const companyId = randomUUID();
    const contactId = randomUUID();
    const created = localTime(addDays(start, -random.integer(0, 700)), 10, 0);
    const person = personName(random);
    companyRows.push([
      companyId,
      name,
      validBin(random),
      [kazakhPhone(random)],
      [`info@company${index + 1}.kz`],
      `г. ${seller.city}, ${random.pick(streets)}, ${random.integer(1, 250)}`,
      seller.city,
      random.pick(industries),
      seller.id,
      seller.id,
      created,
      created,
    ]);
    contactRows.push([
      contactId,
      `${person.last} ${person.first}`,
      random.pick(contactPositions),
      [kazakhPhone(random)],
      [],
      companyId,
      seller.id,
      seller.id,
      created,
      created,
    ]);
    const list = book.get(seller.id) ?? [];
    list.push({ companyId, contactId });
    book.set(seller.id, list);
  }
  await bulkInsert(
    handle,
    "companies",
    [
      "id",
      "name",
      "bin",
      "phones",
      "emails",
      "address",
      "city",
      "industry",
      "owner_id",
      "created_by",
      "created_at",
      "updated_at",
    ],
    companyRows,
  );
  await bulkInsert(
    handle,
    "contacts",
    ["id", "name", "position", "phones", "emails", "company_id", "owner_id", "created_by", "created_at", "updated_at"],
    contactRows,
  );

  log("  deals…");
  const dealRows: CsvValue[][] = [];
  const stageChangeRows: CsvValue[][] = [];
  // Each seller's open deals in the order they were created, so an activity names only a deal that existed.
  const openDeals = new Map<string, { id: string; createdAt: number; companyId: string; contactId: string }[]>();
  for (const seller of sellers) {
    const clients = book.get(seller.id) ?? [];
    if (clients.length === 0) continue;
    for (let day = start; day <= today; day = addDays(day, 1)) {
      if (!isWorkingDay(day, calendar)) continue;
      const count = Math.floor(seller.dealsPerDay + random.next());
      for (let index = 0; index < count; index++) {
        const product =
          products[
            weightedIndex(
              random,
              products.map((item) => item.weight),
            )
          ]!;
        const client = random.pick(clients);
        const createdAt = localTime(day, random.integer(9, 17), random.integer(0, 59));
        const cycleDays = random.integer(3, 75);
        const closeDay = addDays(day, cycleDays);
        let stage = openStages[0]!;
        let closedAt: Date | null = null;
        let stageChangedAt = createdAt;
        if (closeDay <= today && random.next() < 0.93) {
          stage = random.next() < seller.winRate ? wonStage : lostStage;
          closedAt = localTime(closeDay, random.integer(9, 18), random.integer(0, 59));
          if (closedAt > now) closedAt = new Date(now.getTime() - random.integer(1, 3_600) * 1000);
          stageChangedAt = closedAt;
        } else {
          stage = openStages[Math.min(openStages.length - 1, Math.floor(random.next() * openStages.length))]!;
          stageChangedAt = localTime(addDays(day, Math.min(cycleDays, 20)), 11, 0);
          if (stageChangedAt > now) stageChangedAt = createdAt;
        }
        const amount = Math.round((product.min + random.next() * (product.max - product.min)) / 100) * 100;
        const dealId = randomUUID();
        dealRows.push([
          dealId,
          product.title,
          pipeline!.id,
          stage.id,
          amount.toFixed(2),
          seller.id,
          client.companyId,
          client.contactId,
          closeDay,
          closedAt,
          stageChangedAt,
          random.pick(leadSources),
          seller.id,
          createdAt,
          stageChangedAt,
        ]);
        stageChangeRows.push([dealId, null, openStages[0]!.id, createdAt, seller.id]);
        if (stage.id !== openStages[0]!.id)
          stageChangeRows.push([dealId, openStages[0]!.id, stage.id, stageChangedAt, seller.id]);
        if (stage.semantic === "open") {
          const list = openDeals.get(seller.id) ?? [];
          list.push({ id: dealId, createdAt: createdAt.getTime(), ...client });
          openDeals.set(seller.id, list);
        }
      }
    }
  }
  await bulkInsert(
    handle,
    "deals",
    [
      "id",
      "title",
      "pipeline_id",
      "stage_id",
      "amount",
      "owner_id",
      "company_id",
      "contact_id",
      "expected_close_date",
      "closed_at",
      "stage_changed_at",
      "source",
      "created_by",
      "created_at",
      "updated_at",
    ],
    dealRows,
  );
  await bulkInsert(
    handle,
    "deal_stage_changes",
    ["deal_id", "from_stage_id", "to_stage_id", "changed_at", "changed_by"],
    stageChangeRows,
  );

  log("  plans…");
  // Each seller's monthly plan: what they usually win, stretched by 10–35 %, rounded to 50,000 ₸.
  const planRows: CsvValue[][] = [];
  const wonByMonth = new Map<string, number>();
  for (const row of dealRows) {
    if (row[3] !== wonStage.id || !row[9]) continue;
    const month = (row[9] as Date).toISOString().slice(0, 7);
    const key = `${row[5]}:${month}`;
    wonByMonth.set(key, (wonByMonth.get(key) ?? 0) + Number(row[4]));
  }
  for (const seller of sellers) {
    const amounts = [...wonByMonth.entries()].filter(([key]) => key.startsWith(seller.id)).map(([, amount]) => amount);
    const typical = amounts.length ? amounts.reduce((sum, amount) => sum + amount, 0) / amounts.length : 5_000_000;
    for (
      let month = start.slice(0, 7);
      month <= addDays(today, 31).slice(0, 7);
      month = addDays(`${month}-28`, 7).slice(0, 7)
    ) {
      const plan = Math.max(500_000, Math.round((typical * (1.1 + random.next() * 0.25)) / 50_000) * 50_000);
      planRows.push([seller.id, month, plan.toFixed(2)]);
    }
  }
  await bulkInsert(handle, "plans", ["user_id", "month", "amount"], planRows);

  log("  leads…");
  const leadRows: CsvValue[][] = [];
  for (let index = 0; index < Math.round(volume.companies * 0.3); index++) {
    const seller = random.pick(sellers);
    const person = personName(random);
    const createdAt = localTime(addDays(today, -random.integer(0, 120)), random.integer(9, 18), random.integer(0, 59));
    const status = random.pick(["new", "new", "in_work", "in_work", "junk"]);
    leadRows.push([
      randomUUID(),
      `Запрос: ${random.pick(products).title}`,
      random.pick(leadSources),
      status,
      `${person.last} ${person.first}`,
      `ТОО «${random.pick(companyPrefixes)}${random.pick(companyRoots)}»`,
      kazakhPhone(random),
      seller.id,
      seller.id,
      createdAt,
      createdAt,
    ]);
  }
  await bulkInsert(
    handle,
    "leads",
    [
      "id",
      "title",
      "source",
      "status",
      "contact_name",
      "company_name",
      "phone",
      "owner_id",
      "created_by",
      "created_at",
      "updated_at",
    ],
    leadRows,
  );

  log("  activities…");
  const thisWeekMonday = addDays(today, 1 - isoWeekday(today));
  const nextWeekEnd = addDays(thisWeekMonday, 13);
  let activityRows: CsvValue[][] = [];
  let activityCount = 0;
  const nextActivityId = sequentialIds();
  const columns = [
    "id",
    "type_id",
    "subject",
    "due_at",
    "duration_minutes",
    "owner_id",
    "created_by",
    "completed_at",
    "result",
    "deal_id",
    "company_id",
    "contact_id",
    "origin",
    "created_at",
    "updated_at",
  ];
  for (const seller of sellers) {
    const clients = book.get(seller.id) ?? [];
    const deals = openDeals.get(seller.id) ?? [];
    // Each type's volume accrues day by day and is carried over, so a month's total follows the
    // person's diligence closely (a coin per day would drown it at small scales, and the activity
    // coefficient with it).
    const carried = new Map<string, number>();
    for (let day = start; day <= nextWeekEnd; day = addDays(day, 1)) {
      if (!isWorkingDay(day, calendar)) continue;
      const future = day > today;
      // Next week is planned only partly, and by the diligent more than by the rest.
      const planShare = future ? (day > addDays(thisWeekMonday, 6) ? Math.min(1, seller.diligence * 0.6) : 0.9) : 1;
      for (const type of types) {
        const mean = (activityRatesPerDay[type.code] ?? 0) * seller.diligence * planShare * volume.activityScale;
        const accrued = (carried.get(type.code) ?? random.next()) + mean * (0.8 + random.next() * 0.4);
        const count = Math.floor(accrued);
        carried.set(type.code, accrued - count);
        for (let index = 0; index < count; index++) {
          const dueAt = localTime(day, random.integer(9, 17), random.pick([0, 15, 30, 45]));
          const existing = type.code === "call_out_deal" ? dealsCreatedBefore(deals, dueAt.getTime()) : 0;
          const deal = existing > 0 ? deals[random.integer(0, existing - 1)]! : null;
          const dealId = deal?.id ?? null;
          // A call on a deal is with that deal's client.
          const client = deal ?? (clients.length > 0 ? random.pick(clients) : null);
          const done = dueAt < now && random.next() >= slipChance(seller.diligence, now.getTime() - dueAt.getTime());
          const completedAt = done
            ? new Date(Math.min(now.getTime(), dueAt.getTime() + random.integer(0, 240) * 60_000))
            : null;
          const createdAt = new Date(dueAt.getTime() - random.integer(1, 96) * 3_600_000);
          activityRows.push([
            nextActivityId(),
            type.id,
            random.pick(subjects[type.category] ?? subjects.other!),
            dueAt,
            type.category === "meeting" || type.category === "demo" ? 60 : 15,
            seller.id,
            seller.id,
            completedAt,
            done ? random.pick(activityResults) : null,
            dealId,
            client?.companyId ?? null,
            client && random.next() < 0.5 ? client.contactId : null,
            type.category === "call" ? "telephony" : type.category === "email" ? "email" : "manual",
            createdAt,
            completedAt ?? createdAt,
          ]);
          activityCount++;
        }
      }
      if (activityRows.length >= 100_000) {
        await bulkInsert(handle, "activities", columns, activityRows);
        activityRows = [];
        log(`  activities: ${activityCount.toLocaleString("ru-RU")}…`);
      }
    }
  }
  await bulkInsert(handle, "activities", columns, activityRows);
  log("  indexes…");
  return {
    companies: companyRows.length,
    contacts: contactRows.length,
    deals: dealRows.length,
    leads: leadRows.length,
    activities: activityCount,
  };
}

/** How many of a seller's deals (in creation order) were created before `time`. */
function dealsCreatedBefore(deals: readonly { createdAt: number }[], time: number): number {
  let low = 0;
  let high = deals.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (deals[middle]!.createdAt < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The chance that an activity due `age` ms ago is still open. The diligent, who also make the most
 * calls (and so have the highest activity coefficient), let almost nothing slip; the rest leave
 * recent work open, and old work mostly gets closed in the end. So overdue counts fall as the
 * coefficient rises, as a head would expect.
 */
function slipChance(diligence: number, age: number): number {
  // The diligent also plan more (volume grows with diligence), so the chance must fall faster than
  // 1 / diligence for their overdue *count* to fall: volume × chance ≈ 0.12 · (1.25 − diligence)².
  const recent = Math.min(0.45, 0.005 + (0.12 * (1.25 - diligence) ** 2) / diligence);
  return age <= 14 * 24 * 3_600_000 ? recent : recent * 0.08;
}

/**
 * UUIDv7-style ids that grow monotonically: a bulk load appends to the primary-key index instead of
 * scattering writes across it (random UUIDs made a million-row load several times slower).
 */
function sequentialIds() {
  const prefix = Date.now().toString(16).padStart(12, "0");
  let counter = 0;
  return () => {
    const tail = (counter++).toString(16).padStart(15, "0");
    return `${prefix.slice(0, 8)}-${prefix.slice(8, 12)}-7${tail.slice(0, 3)}-8${tail.slice(3, 6)}-${tail.slice(6, 15)}000`;
  };
}

function weightedIndex(random: SeededRandom, weights: number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let pick = random.next() * total;
  for (const [index, weight] of weights.entries()) {
    pick -= weight;
    if (pick <= 0) return index;
  }
  return weights.length - 1;
}
