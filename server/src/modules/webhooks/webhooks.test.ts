import { createHmac } from "node:crypto";
import { webhookEvents } from "@planerka/common";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { startWebhookReceiver, type WebhookReceiver } from "../../testing/webhook-receiver";
import { deliverDueWebhooks, pruneOldDeliveries } from "./webhook-worker";

/**
 * Outgoing webhooks through the API, delivered by hand (`deliverDueWebhooks` with a clock of the
 * test's own) to a real HTTP receiver on the loopback, which the administrator allowed.
 */
describe("outgoing webhooks", () => {
  const context = useTestApp({ webhookWorker: false });
  let receiver: WebhookReceiver;
  let admin: Client;
  let manager: Client;
  let managerId: string;

  const db = () => context.handle.db;
  const subscribe = async (events: string[], path = "/hook") => {
    const response = await admin.request("POST", "/api/v1/settings/webhooks", { url: receiver.url(path), events });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; secret: string; version: number };
  };
  const deliveries = async (id: string) =>
    (await admin.request("GET", `/api/v1/settings/webhooks/${id}/deliveries?limit=100`)).json() as {
      items: {
        id: string;
        event: string;
        state: string;
        attempts: number;
        responseStatus: number | null;
        responseBody: string | null;
        nextAttemptAt: string | null;
        error: string | null;
      }[];
      total: number;
    };
  /** Checks the signature as a receiver would, with node:crypto and the secret it was shown. */
  const verify = (secret: string, header: string | string[] | undefined, raw: string) => {
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header));
    expect(match, String(header)).not.toBeNull();
    const t = Number(match![1]);
    expect(Math.abs(Date.now() / 1000 - t)).toBeLessThan(60);
    expect(match![2]).toBe(createHmac("sha256", secret).update(`${t}.${raw}`).digest("hex"));
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    const people = await createAccessFixture(db());
    managerId = people.managerA1.id;
    [admin, manager] = await loginEach(context.app, ["admin-user", "manager-a1"]);
    const allowed = await admin.request("PUT", "/api/v1/settings/webhooks-allowed-hosts", {
      allowedHosts: ["127.0.0.1"],
      version: 0,
    });
    expect(allowed.statusCode, allowed.body).toBe(200);
  });
  afterAll(async () => {
    await receiver?.close();
  });
  beforeEach(async () => {
    receiver.received.length = 0;
    receiver.respond();
    // Each test subscribes afresh: earlier subscriptions would queue deliveries of their own.
    await db().execute(sql`delete from webhook_subscriptions`);
  });

  it("a new deal reaches the receiver once, signed, and the log shows the answer", async () => {
    const subscription = await subscribe(["deal.created"]);
    expect(subscription.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    // Sealed at rest; the list never shows it.
    const [stored] = await rows<{ secret: string }>(db(), sql`select secret from webhook_subscriptions`);
    expect(stored!.secret.startsWith("v1:")).toBe(true);
    expect(stored!.secret).not.toContain(subscription.secret.slice(6));
    const list = await admin.request("GET", "/api/v1/settings/webhooks");
    expect(list.body).not.toContain(subscription.secret.slice(6));
    expect(list.json().items).toHaveLength(1);

    const created = await manager.request("POST", "/api/v1/deals", { title: "Поставка котлов", amount: 1250000.5 });
    expect(created.statusCode, created.body).toBe(201);
    const deal = created.json() as { id: string };
    // Queued by the writing transaction itself (the outbox), before any worker ran.
    expect((await deliveries(subscription.id)).items.map((entry) => [entry.event, entry.state])).toEqual([
      ["deal.created", "pending"],
    ]);

    expect(await deliverDueWebhooks(db())).toBe(1);
    expect(await deliverDueWebhooks(db())).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    verify(subscription.secret, request!.headers["x-planerka-signature"], request!.raw);
    const body = JSON.parse(request!.raw);
    expect(request!.headers["x-planerka-event"]).toBe("deal.created");
    expect(request!.headers["x-planerka-delivery"]).toBe(body.id);
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(body.event).toBe("deal.created");
    expect(new Date(body.occurredAt).toISOString()).toBe(body.occurredAt);
    expect(body.data).toMatchObject({ id: deal.id, title: "Поставка котлов", amount: 1250000.5, ownerId: managerId });

    const log = await deliveries(subscription.id);
    expect(log.items).toEqual([
      expect.objectContaining({
        id: body.id,
        state: "delivered",
        attempts: 1,
        responseStatus: 200,
        responseBody: "ok",
      }),
    ]);
    // A wrong secret would not verify: the check above can fail.
    expect(() => verify(`${subscription.secret}x`, request!.headers["x-planerka-signature"], request!.raw)).toThrow();
  });

  it("every subscribed event the CRM and the tasks make is queued, and only those subscribed", async () => {
    const all = await subscribe([...webhookEvents]);
    const dealsOnly = await subscribe(["deal.won"], "/won");
    const [stage] = await rows<{ won: string; lost: string; open: string }>(
      db(),
      sql`select (select id from stages where semantic = 'won' order by sort limit 1) as won,
            (select id from stages where semantic = 'lost' order by sort limit 1) as lost,
            (select id from stages where semantic = 'open' order by sort limit 1) as open`,
    );
    const post = async (url: string, body: unknown) => {
      const response = await manager.request("POST", url, body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; version: number };
    };
    const company = await post("/api/v1/companies", { name: "ТОО «Крюк»" });
    await post("/api/v1/contacts", { name: "Асель Нурланова", companyId: company.id });
    await post("/api/v1/leads", { title: "Заявка с сайта" });
    const deal = await post("/api/v1/deals", { title: "Сделка", stageId: stage!.open });
    const moved = await manager.request("PATCH", `/api/v1/deals/${deal.id}`, {
      stageId: stage!.won,
      version: deal.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    // Other paths write too (imports, workflows, telephony): the triggers see every one.
    await db().execute(
      sql`insert into activities (type_id, subject, due_at, owner_id) values ((select id from activity_types order by sort limit 1), 'Звонок', now(), ${managerId})`,
    );
    await db().execute(sql`update activities set completed_at = now() where subject = 'Звонок'`);
    await db().execute(sql`update activities set completed_at = now() where subject = 'Звонок'`);
    await db().execute(
      sql`insert into tasks (title, creator_id, assignee_id) values ('Подготовить КП', ${managerId}, ${managerId})`,
    );
    await db().execute(sql`update tasks set status = 'done', completed_at = now() where title = 'Подготовить КП'`);
    await db().execute(
      sql`insert into deals (title, pipeline_id, stage_id, owner_id)
          select 'Проигранная', pipeline_id, id, ${managerId} from stages where id = ${stage!.lost}`,
    );

    const events = (await deliveries(all.id)).items.map((entry) => entry.event).sort();
    expect(events).toEqual(
      [
        "company.created",
        "contact.created",
        "lead.created",
        "deal.created",
        "deal.stage_changed",
        "deal.won",
        "activity.created",
        "activity.completed",
        "task.created",
        "task.completed",
        "deal.created",
        "deal.lost",
      ].sort(),
    );
    const stageChange = await rows<{ data: { stageId: string; previousStageId: string } }>(
      db(),
      sql`select data from webhook_deliveries where subscription_id = ${all.id} and event = 'deal.stage_changed'`,
    );
    expect(stageChange[0]!.data).toMatchObject({ stageId: stage!.won, previousStageId: stage!.open });
    expect((await deliveries(dealsOnly.id)).items.map((entry) => entry.event)).toEqual(["deal.won"]);

    // A paused subscription queues nothing.
    const paused = await admin.request("PATCH", `/api/v1/settings/webhooks/${all.id}`, { active: false, version: 1 });
    expect(paused.statusCode, paused.body).toBe(200);
    await post("/api/v1/companies", { name: "ТОО «Тишина»" });
    expect((await deliveries(all.id)).total).toBe(12);
  });

  it("a failed attempt is retried after 1, 2, 4 … minutes (at most an hour) and fails 24 hours after the first", async () => {
    const subscription = await subscribe(["company.created"]);
    receiver.respond((response) => response.writeHead(500).end("x".repeat(5000)));
    await manager.request("POST", "/api/v1/companies", { name: "ТОО «Сбой»" });
    const t0 = new Date(Date.now() + 1000);
    // The schedule, worked out here independently: doubling from a minute, capped at an hour,
    // the last attempt at exactly 24 hours.
    const expected: number[] = [0];
    for (let step = 60; ; step = Math.min(step * 2, 3600)) {
      const next = expected.at(-1)! + step;
      if (next >= 86_400) {
        expected.push(86_400);
        break;
      }
      expected.push(next);
    }
    const made: number[] = [];
    let now = t0;
    for (let guard = 0; guard < 100; guard++) {
      // Not due a second early.
      if (made.length > 0) expect(await deliverDueWebhooks(db(), { now: new Date(now.getTime() - 1000) })).toBe(0);
      expect(await deliverDueWebhooks(db(), { now })).toBe(1);
      made.push((now.getTime() - t0.getTime()) / 1000);
      const [entry] = (await deliveries(subscription.id)).items;
      expect(entry!.responseStatus).toBe(500);
      expect(entry!.responseBody).toBe("x".repeat(2048));
      if (entry!.state === "failed") break;
      expect(entry!.state).toBe("pending");
      now = new Date(entry!.nextAttemptAt!);
    }
    expect(made).toEqual(expected);
    expect(made.slice(0, 8)).toEqual([0, 60, 180, 420, 900, 1860, 3780, 7380]);
    expect(receiver.received).toHaveLength(expected.length);
    expect(new Set(receiver.received.map((entry) => entry.headers["x-planerka-delivery"])).size).toBe(1);
    expect(await deliverDueWebhooks(db(), { now: new Date(t0.getTime() + 100 * 86_400_000) })).toBe(0);

    // «Повторить»: a fresh round, now answered.
    receiver.respond((response) => response.writeHead(204).end());
    const [failed] = (await deliveries(subscription.id)).items;
    expect(failed).toMatchObject({ state: "failed", attempts: expected.length, error: "HTTP 500" });
    const retried = await admin.request(
      "POST",
      `/api/v1/settings/webhooks/${subscription.id}/deliveries/${failed!.id}/retry`,
    );
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ state: "pending" });
    expect(await deliverDueWebhooks(db())).toBe(1);
    expect((await deliveries(subscription.id)).items[0]).toMatchObject({
      state: "delivered",
      responseStatus: 204,
      responseBody: "",
      attempts: expected.length + 1,
    });
  });

  it("500 then 200: delivered on the retry a minute later, with the same delivery id", async () => {
    const subscription = await subscribe(["lead.created"]);
    receiver.respond(
      // A NUL in the answer (which PostgreSQL text cannot hold) is kept replaced.
      (response) => response.writeHead(500, { "content-type": "text/plain" }).end("temporarily\u0000down"),
      (response) => response.writeHead(200).end("thanks"),
    );
    await manager.request("POST", "/api/v1/leads", { title: "Лид" });
    const t0 = new Date(Date.now() + 1000);
    expect(await deliverDueWebhooks(db(), { now: t0 })).toBe(1);
    const [first] = (await deliveries(subscription.id)).items;
    expect(first).toMatchObject({
      state: "pending",
      attempts: 1,
      responseStatus: 500,
      responseBody: "temporarily\uFFFDdown",
    });
    expect(new Date(first!.nextAttemptAt!).getTime() - t0.getTime()).toBe(60_000);
    expect(await deliverDueWebhooks(db(), { now: new Date(t0.getTime() + 59_000) })).toBe(0);
    expect(await deliverDueWebhooks(db(), { now: new Date(t0.getTime() + 60_000) })).toBe(1);
    expect((await deliveries(subscription.id)).items[0]).toMatchObject({
      state: "delivered",
      attempts: 2,
      responseStatus: 200,
      responseBody: "thanks",
      error: null,
    });
    expect(receiver.received.map((entry) => entry.headers["x-planerka-delivery"])).toEqual([first!.id, first!.id]);
    expect(receiver.received[0]!.raw).toBe(receiver.received[1]!.raw);
  });

  it("«Тест» sends a ping; a rotated secret signs the next delivery, the old one no longer verifies", async () => {
    const subscription = await subscribe(["deal.created"]);
    const ping = await admin.request("POST", `/api/v1/settings/webhooks/${subscription.id}/test`);
    expect(ping.statusCode, ping.body).toBe(201);
    expect(ping.json()).toMatchObject({ event: "ping", state: "pending" });
    const rotated = await admin.request("POST", `/api/v1/settings/webhooks/${subscription.id}/rotate-secret`);
    expect(rotated.statusCode, rotated.body).toBe(200);
    const secret = (rotated.json() as { secret: string }).secret;
    expect(secret).not.toBe(subscription.secret);
    expect(await deliverDueWebhooks(db())).toBe(1);
    const [request] = receiver.received;
    expect(request!.headers["x-planerka-event"]).toBe("ping");
    expect(JSON.parse(request!.raw)).toMatchObject({ event: "ping", data: { subscriptionId: subscription.id } });
    verify(secret, request!.headers["x-planerka-signature"], request!.raw);
    expect(() => verify(subscription.secret, request!.headers["x-planerka-signature"], request!.raw)).toThrow();
    // Paging of the log.
    await admin.request("POST", `/api/v1/settings/webhooks/${subscription.id}/test`);
    const page = await admin.request("GET", `/api/v1/settings/webhooks/${subscription.id}/deliveries?limit=1&offset=1`);
    expect(page.json()).toMatchObject({ total: 2, items: [{ id: ping.json().id }] });
  });

  it("finished deliveries older than 30 days leave the log; waiting ones stay", async () => {
    const subscription = await subscribe(["company.created"]);
    await db().execute(
      sql`insert into webhook_deliveries (subscription_id, event, data, occurred_at, state)
          values (${subscription.id}, 'company.created', '{}', now() - interval '31 days', 'delivered'),
                 (${subscription.id}, 'company.created', '{}', now() - interval '31 days', 'failed'),
                 (${subscription.id}, 'company.created', '{}', now() - interval '31 days', 'pending'),
                 (${subscription.id}, 'company.created', '{}', now() - interval '29 days', 'delivered')`,
    );
    expect(await pruneOldDeliveries(db())).toBe(2);
    const left = await rows<{ state: string }>(
      db(),
      sql`select state from webhook_deliveries where subscription_id = ${subscription.id} order by occurred_at`,
    );
    expect(left.map((row) => row.state)).toEqual(["pending", "delivered"]);
  });
});
