/**
 * `kill -9` of the server while it applies a 1C package: after a restart 1C sends the package
 * again (as its «Обмен с сайтом» does after a failed exchange) and the result is exactly what a
 * clean exchange of the same package gives: one deal per order, the same stages, owners, amounts,
 * close dates and versions, and nothing half-written. Embedded engine on disk, and PostgreSQL with
 * TEST_DATABASE_URL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCommerceMlPackage, type CommerceMlPackageInput } from "../../modules/one-c/testing/commerceml-fixtures";
import { createAccessFixture } from "../../testing/factories";
import { openServerDatabase, type ServerDatabase } from "../../testing/server-database";
import { logInOverHttp, type ServerProcess, startServerProcess } from "../../testing/server-process";
import { type Executor, rows } from "../db/database";
import { expectNothingHalfWritten } from "./crash-checks";

const orderCount = Number(process.env.CRASH_1C_ORDERS ?? 4_000);
const managers = ["Иванов И.", "Петров П.", "Сидорова А."];

function bigPackage(): Buffer {
  const input: Required<Pick<CommerceMlPackageInput, "counterparties" | "orders" | "payments">> = {
    counterparties: [],
    orders: [],
    payments: [],
  };
  const bins = ["940140000385", "990140004654"];
  for (let index = 0; index < 40; index++)
    input.counterparties.push({ guid: `crash-cp-${index}`, name: `ТОО Клиент ${index}`, bin: bins[index] ?? null });
  for (let index = 0; index < orderCount; index++) {
    const day = String(1 + (index % 28)).padStart(2, "0");
    const amount = `${1_000 + ((index * 7919) % 900_000)}.${String(index % 100).padStart(2, "0")}`;
    input.orders.push({
      guid: `crash-order-${index}`,
      number: String(index),
      date: `2026-03-${day}T10:00:00`,
      counterpartyGuid: `crash-cp-${index % 40}`,
      amount,
      managerName: managers[index % managers.length],
    });
    // Two of three orders are paid in full (a third of those in two parts), the rest in part.
    if (index % 3 === 2) {
      input.payments.push({
        guid: `crash-pay-${index}`,
        orderGuid: `crash-order-${index}`,
        number: `П${index}`,
        date: `2026-04-${day}`,
        amount: "100",
      });
    } else if (index % 6 === 1) {
      input.payments.push({
        guid: `crash-pay-${index}-a`,
        orderGuid: `crash-order-${index}`,
        number: `П${index}а`,
        date: `2026-03-${day}`,
        amount: "500",
      });
      const rest = (Number(amount) * 100 - 50_000) / 100;
      input.payments.push({
        guid: `crash-pay-${index}-b`,
        orderGuid: `crash-order-${index}`,
        number: `П${index}б`,
        date: `2026-04-${day}`,
        amount: rest.toFixed(2),
      });
    } else {
      input.payments.push({
        guid: `crash-pay-${index}`,
        orderGuid: `crash-order-${index}`,
        number: `П${index}`,
        date: `2026-03-${day}T18:00:00`,
        amount,
      });
    }
  }
  return buildCommerceMlPackage(input, { encoding: "windows-1251", layout: "2.10" });
}

const basic = `Basic ${Buffer.from("admin-user:secret-password").toString("base64")}`;

/** One exchange as 1C drives it, over real HTTP; returns once `import` is under way. */
async function exchange(server: ServerProcess, data: Buffer) {
  const url = `${server.base}/api/v1/integrations/1c/exchange?type=sale`;
  const auth = await (await fetch(`${url}&mode=checkauth`, { headers: { authorization: basic } })).text();
  const [status, name, value] = auth.split("\n");
  expect(status).toBe("success");
  const cookie = `${name}=${value}`;
  const half = Math.ceil(data.length / 2);
  for (const part of [data.subarray(0, half), data.subarray(half)]) {
    const answer = await fetch(`${url}&mode=file&filename=orders.xml`, {
      method: "POST",
      headers: { cookie },
      body: part,
    });
    expect(await answer.text()).toBe("success");
  }
  return {
    importing: fetch(`${url}&mode=import&filename=orders.xml`, { headers: { cookie } }).then((answer) => answer.text()),
  };
}

async function importUntilDone(server: ServerProcess, data: Buffer) {
  const { importing } = await exchange(server, data);
  let answer = await importing;
  const url = `${server.base}/api/v1/integrations/1c/exchange?type=sale`;
  for (let calls = 0; answer.startsWith("progress") && calls < 100; calls++)
    answer = await (await fetch(`${url}&mode=import&filename=orders.xml`)).text();
  return answer;
}

/** What the exchange made, independent of ids: one line per deal and order, and the totals. */
async function exchangedState(db: Executor) {
  const [state] = await rows<Record<string, string | number>>(
    db,
    sql`select count(*)::int as deals, count(distinct o.guid)::int as orders,
               md5(string_agg(concat_ws('|', o.guid, d.amount::text, s.semantic, u.login, d.closed_at::text, d.version::text,
                      o.paid_amount::text, o.paid_at::text), ',' order by o.guid)) as checksum,
               (select string_agg(concat_ws('|', tu.login, ts.name, t.deal_count, t.amount::text), ',' order by tu.login, ts.name)
                  from deal_stage_totals t join users tu on tu.id = t.owner_id join stages ts on ts.id = t.stage_id
                  where t.deal_count <> 0) as totals
        from one_c_orders o join deals d on d.id = o.deal_id join stages s on s.id = d.stage_id join users u on u.id = d.owner_id`,
  );
  return state!;
}

describe("a server killed (SIGKILL) while it applies a 1C package", () => {
  const databases: ServerDatabase[] = [];
  const folders: string[] = [];
  let server: ServerProcess | undefined;
  const envOf = (database: ServerDatabase) => {
    if (database.env.PLANERKA_DATA_DIR) return database.env;
    const folder = mkdtempSync(path.join(tmpdir(), "planerka-crash-1c-"));
    folders.push(folder);
    return { ...database.env, PLANERKA_DATA_DIR: folder };
  };

  beforeAll(async () => {
    for (let index = 0; index < 2; index++) {
      const database = await openServerDatabase();
      await database.inspect(async (db) => {
        const fixture = await createAccessFixture(db);
        const people = [fixture.managerA1, fixture.managerA2, fixture.managerB1];
        for (const [position, name] of managers.entries())
          await db.execute(
            sql`insert into one_c_manager_names (name, user_id) values (${name}, ${people[position]!.id})`,
          );
      });
      databases.push(database);
    }
  }, 60_000);
  afterAll(async () => {
    server?.child.kill("SIGKILL");
    await server?.exited;
    for (const database of databases) await database.drop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it("ends, after 1C sends the package again, exactly as a clean exchange does", { timeout: 180_000 }, async () => {
    const [crashed, clean] = databases as [ServerDatabase, ServerDatabase];
    const data = bigPackage();
    const crashedEnv = envOf(crashed);
    server = await startServerProcess(crashedEnv);
    await server.ready;
    const { importing } = await exchange(server, data);
    importing.catch(() => undefined);
    // Killed once some batches have committed and well before the end (watched over HTTP: the
    // embedded database belongs to the server process while it runs).
    const admin = await logInOverHttp(server.base, "admin-user");
    const deadline = Date.now() + 60_000;
    for (;;) {
      const sessions = await admin.request<{ items: { counts: { created: number } }[] }>(
        "GET",
        "/api/v1/integrations/1c/sessions?limit=1",
      );
      if ((sessions.body.items[0]?.counts.created ?? 0) >= 1_000) break;
      if (Date.now() > deadline) throw new Error("the import never got going");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    server.child.kill("SIGKILL");
    expect(await server.exited).toBe("SIGKILL");
    const cut = await crashed.inspect((db) =>
      rows<{ count: number }>(db, sql`select count(*)::int as count from one_c_orders`),
    );
    expect(cut[0]!.count).toBeLessThan(orderCount);

    server = await startServerProcess(crashedEnv);
    await server.ready;
    expect(await importUntilDone(server, data)).toMatch(/^success/);
    // The embedded database belongs to one process at a time: the server stops before the test
    // reads it (a read beside a running server left the folder unopenable afterwards).
    server.child.kill("SIGTERM");
    await server.exited;
    const first = await crashed.inspect(exchangedState);
    // And once more: the same package changes nothing.
    server = await startServerProcess(crashedEnv);
    await server.ready;
    expect(await importUntilDone(server, data)).toMatch(/^success/);
    server.child.kill("SIGTERM");
    await server.exited;
    const afterCrash = await crashed.inspect(async (db) => {
      await expectNothingHalfWritten(db);
      return exchangedState(db);
    });
    expect(afterCrash).toEqual(first);

    server = await startServerProcess(envOf(clean));
    await server.ready;
    expect(await importUntilDone(server, data)).toMatch(/^success/);
    server.child.kill("SIGTERM");
    await server.exited;
    server = undefined;
    const cleanState = await clean.inspect(exchangedState);
    expect(afterCrash.deals).toBe(orderCount);
    expect({ ...afterCrash, checksum: "", totals: "" }).toEqual({ ...cleanState, checksum: "", totals: "" });
    expect(afterCrash.totals).toBe(cleanState.totals);
    // Close dates are payment dates (not the time of the exchange), so even the checksum agrees.
    expect(afterCrash.checksum).toBe(cleanState.checksum);
  });
});
