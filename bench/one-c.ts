/**
 * Bench part `1c`: a CommerceML package of 100,000 orders, each with its payment, imported by the
 * exchange's own import path (mode=import, streamed parsing, 1,000 records a transaction) into a
 * fresh embedded database (or DATABASE_URL). Prints orders a second and the process's RSS
 * before, during and after: memory must stay flat, whatever the package's size.
 */
import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isValidBin } from "@planerka/common";
import { sql } from "drizzle-orm";
import { startSession } from "../server/src/modules/one-c/one-c.service";
import { importFileOrThrow } from "../server/src/modules/one-c/one-c-exchange.service";
import { createCompany } from "../server/src/modules/settings/company-setup";
import { migrateDatabase, openDatabase, rows } from "../server/src/platform/db/database";
import { users } from "../server/src/platform/db/schema";

const orderCount = Number(process.env.BENCH_1C_ORDERS ?? 100_000);
const counterpartyCount = Math.max(10, Math.round(orderCount / 20));
const managerNames = Array.from({ length: 20 }, (_, index) => `Менеджер ${index + 1}`);

/** A valid BIN from a running number: the check digit computed, numbers whose digit would be 10 skipped. */
function binFor(index: number): string {
  for (let candidate = index * 7; ; candidate += 1) {
    const body = `9401${String(candidate).padStart(7, "0")}`;
    for (let check = 0; check < 10; check += 1) if (isValidBin(`${body}${check}`)) return `${body}${check}`;
  }
}

export async function writePackage(file: string) {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  const bins = Array.from({ length: counterpartyCount }, (_, index) => binFor(index));
  await write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="2026-03-31T20:00:00">\n',
  );
  for (let index = 0; index < orderCount; index += 1) {
    const counterparty = index % counterpartyCount;
    const day = String(1 + (index % 28)).padStart(2, "0");
    const amount = `${10_000 + ((index * 7919) % 5_000_000)}.${String(index % 100).padStart(2, "0")}`;
    await write(`<Документ><Ид>order-${index}</Ид><Номер>${index}</Номер><Дата>2026-03-${day}</Дата><ХозОперация>Заказ товара</ХозОперация><Роль>Продавец</Роль><Валюта>KZT</Валюта><Курс>1</Курс><Сумма>${amount}</Сумма>
<Контрагенты><Контрагент><Ид>cp-${counterparty}</Ид><Наименование>ТОО Клиент ${counterparty}</Наименование><ОфициальноеНаименование>ТОО Клиент ${counterparty}</ОфициальноеНаименование><ИНН>${bins[counterparty]}</ИНН><Роль>Покупатель</Роль></Контрагент></Контрагенты>
<Время>10:00:00</Время><Товары><Товар><Ид>wire</Ид><Наименование>Проволока сварочная</Наименование><Количество>1</Количество><Сумма>${amount}</Сумма></Товар></Товары>
<ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Проведен</Наименование><Значение>true</Значение></ЗначениеРеквизита><ЗначениеРеквизита><Наименование>Менеджер</Наименование><Значение>${managerNames[counterparty % managerNames.length]}</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Документ>
<Документ><Ид>pay-${index}</Ид><Номер>П${index}</Номер><Дата>2026-03-${day}</Дата><ХозОперация>Выплата безналичных денег</ХозОперация><Роль>Продавец</Роль><Валюта>KZT</Валюта><Курс>1</Курс><Сумма>${amount}</Сумма><Основание>order-${index}</Основание><Время>15:00:00</Время>
<ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Проведен</Наименование><Значение>true</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Документ>
`);
  }
  await write("</КоммерческаяИнформация>\n");
  out.end();
  await once(out, "finish");
}

export async function measureOneCImport() {
  const folder = mkdtempSync(path.join(tmpdir(), "planerka-bench-1c-"));
  try {
    const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: path.join(folder, "db") });
    await migrateDatabase(handle);
    const db = handle.db;
    const { rootUnitId } = await db.transaction((tx) => createCompany(tx, "Бенчмарк 1С"));
    const [admin] = await db
      .insert(users)
      .values({ login: "bench-admin", passwordHash: "x", name: "Администратор", role: "admin", unitId: rootUnitId })
      .returning({ id: users.id });
    for (const [index, name] of managerNames.entries()) {
      const [manager] = await db
        .insert(users)
        .values({ login: `bench-m${index}`, passwordHash: "x", name, role: "manager", unitId: rootUnitId })
        .returning({ id: users.id });
      await db.execute(sql`insert into one_c_manager_names (name, user_id) values (${name}, ${manager!.id})`);
    }
    const sessionId = await startSession(db, { kind: "sale", userId: admin!.id });
    const sessionDir = path.join(folder, "exchange", sessionId);
    const { mkdirSync } = await import("node:fs");
    mkdirSync(sessionDir, { recursive: true });
    const file = path.join(sessionDir, "orders.xml");
    await writePackage(file);
    const megabytes = statSync(file).size / 1024 / 1024;
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 100);
    const started = performance.now();
    const session = { id: sessionId, kind: "sale" as const, userId: admin!.id, files: [] };
    let result = await importFileOrThrow(
      db,
      path.join(folder, "exchange"),
      session,
      "orders.xml",
      Number.POSITIVE_INFINITY,
    );
    while (!result.done)
      result = await importFileOrThrow(
        db,
        path.join(folder, "exchange"),
        session,
        "orders.xml",
        Number.POSITIVE_INFINITY,
      );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const [check] = await rows<{ won: number; deals: number }>(
      db,
      sql`select count(*) filter (where s.semantic = 'won')::int as won, count(*)::int as deals
          from deals d join stages s on s.id = d.stage_id`,
    );
    await handle.close();
    const line = `1C import: ${orderCount.toLocaleString("en")} orders + ${orderCount.toLocaleString("en")} payments + ${counterpartyCount.toLocaleString("en")} counterparties (${megabytes.toFixed(0)} MiB of CommerceML) in ${seconds.toFixed(1)} s = ${Math.round(orderCount / seconds).toLocaleString("en")} orders/s; ${check!.won.toLocaleString("en")} of ${check!.deals.toLocaleString("en")} deals won; process RSS ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, peak ${(rssPeak / 2 ** 20).toFixed(0)} MiB, ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB after`;
    console.log(line);
    return line;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
