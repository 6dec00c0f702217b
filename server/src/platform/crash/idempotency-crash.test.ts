/**
 * `kill -9` of the server while a create with an Idempotency-Key is in the middle of its work: the
 * key was stored in the request's transaction, so it dies with it, and the retry after a restart
 * creates the record — once. Runs on the embedded engine and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { openServerDatabase, type ServerDatabase } from "../../testing/server-database";
import { logInOverHttp, type ServerProcess, startServerProcess } from "../../testing/server-process";
import { rows } from "../db/database";

const title = "Сделка на момент сбоя";

describe("a server killed between an Idempotency-Key's claim and its answer", () => {
  let database: ServerDatabase;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    database = await openServerDatabase();
    await database.inspect(async (db) => {
      await createAccessFixture(db);
      // The deal's insert waits inside the request's transaction, long after the key is claimed.
      await db.execute(sql`
        create function stall_deal_insert() returns trigger language plpgsql as $$
        begin
          if new.title = ${sql.raw(`'${title}'`)} then perform pg_sleep(8); end if;
          return new;
        end $$`);
      await db.execute(sql`
        create trigger stall_deal_insert before insert on deals for each row execute function stall_deal_insert()`);
    });
  }, 60_000);
  afterAll(async () => {
    server?.child.kill("SIGKILL");
    await server?.exited;
    await database?.drop();
  });

  it("lets the retry with the same key create the record once", { timeout: 120_000 }, async () => {
    server = await startServerProcess(database.env);
    await server.ready;
    const client = await logInOverHttp(server.base, "manager-a1");
    const headers = { "idempotency-key": "killed-mid-create" };
    const body = { title, amount: 1 };
    const inFlight = client.request("POST", "/api/v1/deals", body, headers).then(
      (answer) => answer.status,
      () => "lost" as const,
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    server.child.kill("SIGKILL");
    expect(await server.exited).toBe("SIGKILL");
    // The request really was cut off in the middle of its work.
    expect(await inFlight).toBe("lost");

    await database.inspect((db) => db.execute(sql`drop trigger stall_deal_insert on deals`));
    server = await startServerProcess(database.env);
    await server.ready;
    const again = await logInOverHttp(server.base, "manager-a1");
    const retry = await again.request<{ id: string }>("POST", "/api/v1/deals", body, headers);
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    const repeat = await again.request<{ id: string }>("POST", "/api/v1/deals", body, headers);
    expect(repeat.body.id).toBe(retry.body.id);

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    server = undefined;
    const stored = await database.inspect((db) =>
      rows<{ id: string }>(db, sql`select id from deals where title = ${title}`),
    );
    expect(stored).toEqual([{ id: retry.body.id }]);
  });
});
