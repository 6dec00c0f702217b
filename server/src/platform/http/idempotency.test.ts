import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, login, useTestApp } from "../../testing/test-app";
import { deals } from "../db/schema";

describe("Idempotency-Key", () => {
  const context = useTestApp();
  let manager: Client;
  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    manager = await login(context.app, "manager-a1");
  });
  const create = (key: string, body: object) =>
    manager.request("POST", "/api/v1/deals", body, { "idempotency-key": key });
  const dealsTitled = (title: string) => context.handle.db.select().from(deals).where(eq(deals.title, title));

  it("replays the first answer to a repeat with the same body", async () => {
    const first = await create("same-body", { title: "Один раз", amount: 100 });
    const again = await create("same-body", { title: "Один раз", amount: 100 });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replay"]).toBe("true");
    expect(again.json()).toEqual(first.json());
    expect(await dealsTitled("Один раз")).toHaveLength(1);
  });

  it("refuses the same key with a different body with 422 and creates nothing", async () => {
    const first = await create("other-body", { title: "Первая", amount: 100 });
    expect(first.statusCode).toBe(201);
    for (const body of [
      { title: "Вторая", amount: 100 },
      { title: "Первая", amount: 200 },
    ]) {
      const reused = await create("other-body", body);
      expect(reused.statusCode, reused.body).toBe(422);
      expect(reused.headers["content-type"]).toContain("application/problem+json");
      expect(reused.json().errors[0].path).toBe("header.idempotency-key");
    }
    // The same key on another path is another request too.
    const elsewhere = await manager.request(
      "POST",
      "/api/v1/companies",
      { name: "Первая" },
      { "idempotency-key": "other-body" },
    );
    expect(elsewhere.statusCode).toBe(422);
    expect(await dealsTitled("Вторая")).toEqual([]);
    expect(await dealsTitled("Первая")).toHaveLength(1);
    expect((await create("other-body", { title: "Первая", amount: 100 })).json().id).toBe(first.json().id);
  });

  it("stores the key in the transaction that does the work", async () => {
    // The deal's insert sees the key, not yet answered, in its own transaction.
    await context.handle.db.execute(sql`
      create function expect_claimed_key() returns trigger language plpgsql as $$
      begin
        if not exists (select 1 from idempotency_keys where key = 'in-transaction' and status_code is null) then
          raise exception 'the key is not stored with the work';
        end if;
        return new;
      end $$`);
    await context.handle.db.execute(sql`
      create trigger expect_claimed_key before insert on deals for each row execute function expect_claimed_key()`);
    const created = await create("in-transaction", { title: "С ключом", amount: 1 });
    await context.handle.db.execute(sql`drop trigger expect_claimed_key on deals`);
    expect(created.statusCode, created.body).toBe(201);
  });

  it("frees the key of a request whose work failed, so the retry creates the record once", async () => {
    // The deal's insert fails inside the request's transaction, after the key was stored in it.
    await context.handle.db.execute(sql`
      create function fail_deal_insert() returns trigger language plpgsql as $$
      begin raise exception 'storage failure'; end $$`);
    await context.handle.db.execute(sql`
      create trigger fail_deal_insert before insert on deals for each row execute function fail_deal_insert()`);
    const failed = await create("after-failure", { title: "После сбоя", amount: 1 });
    expect(failed.statusCode).toBe(500);
    await context.handle.db.execute(sql`drop trigger fail_deal_insert on deals`);

    const retry = await create("after-failure", { title: "После сбоя", amount: 1 });
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.headers["idempotent-replay"]).toBeUndefined();
    expect(await dealsTitled("После сбоя")).toHaveLength(1);
  });

  it("creates one record for twin requests sent at the same time", async () => {
    const body = { title: "Близнецы", amount: 5 };
    const answers = await Promise.all([create("twins", body), create("twins", body), create("twins", body)]);
    const created = answers.filter((answer) => answer.statusCode === 201);
    expect(created.length).toBeGreaterThan(0);
    // A twin that arrives while the first is still at work is told so, never given a second record.
    for (const answer of answers) expect([201, 409]).toContain(answer.statusCode);
    expect(new Set(created.map((answer) => answer.json().id)).size).toBe(1);
    expect(await dealsTitled("Близнецы")).toHaveLength(1);
  });

  it("refuses a key with control characters or longer than 200 characters", async () => {
    for (const key of ["a\u0000b", "x".repeat(201)]) {
      const response = await create(key, { title: "Ключ", amount: 1 });
      expect(response.statusCode).toBe(422);
      expect(response.json().errors[0].path).toBe("header.idempotency-key");
    }
    expect(await dealsTitled("Ключ")).toEqual([]);
  });
});
