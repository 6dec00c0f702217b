import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { openSocket } from "../../testing/realtime-socket";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { signCallEvent } from "./call-event.service";

const secret = "pbx-shared-secret-123456";

/** The PBX's webhook, signed as a PBX would sign it, and what each call leaves in the CRM. */
describe("telephony: call events from the PBX", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let admin: Client;
  let managerA1: Client;
  let client: { company: string; contact: string; deal: string };

  const send = (body: unknown, options: { secret?: string; at?: number; raw?: string } = {}) => {
    const raw = options.raw ?? JSON.stringify(body);
    const t = options.at ?? Math.floor(Date.now() / 1000);
    return context.app.inject({
      method: "POST",
      url: "/api/v1/integrations/telephony/events",
      headers: {
        "content-type": "application/json",
        "x-planerka-signature": `t=${t},v1=${signCallEvent(options.secret ?? secret, t, raw)}`,
      },
      payload: raw,
    });
  };
  const counts = async () =>
    (
      await rows<{ events: number; activities: number; leads: number }>(
        context.handle.db,
        sql`select (select count(*)::int from telephony_call_events) as events,
                   (select count(*)::int from activities) as activities, (select count(*)::int from leads) as leads`,
      )
    )[0]!;
  const call = (more: Record<string, unknown>) => ({
    callId: "call-1",
    direction: "incoming",
    from: "8 (701) 555-12-34",
    to: "+7 727 300 00 00",
    employeeExtension: "101",
    event: "finished",
    at: new Date().toISOString(),
    durationSec: 125,
    recordingUrl: "https://pbx.example.kz/rec/call-1.mp3",
    ...more,
  });

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [admin, managerA1] = await loginEach(context.app, ["admin-user", "manager-a1"]);
    const company = (
      await managerA1.request("POST", "/api/v1/companies", { name: "ТОО Звонок", phones: ["+77273000001"] })
    ).json().id;
    const contact = (
      await managerA1.request("POST", "/api/v1/contacts", {
        name: "Ержан",
        companyId: company,
        phones: ["+77015551234"],
      })
    ).json().id;
    const deal = (
      await managerA1.request("POST", "/api/v1/deals", {
        title: "Сварочники",
        amount: 900,
        companyId: company,
        contactId: contact,
      })
    ).json().id;
    client = { company, contact, deal };
  });

  it("refuses events until telephony is set up, and settings are for administrators", async () => {
    expect((await send(call({ callId: "early" }))).statusCode).toBe(401);
    expect((await managerA1.request("GET", "/api/v1/settings/telephony")).statusCode).toBe(403);
    const noSecret = await admin.request("PUT", "/api/v1/settings/telephony", { version: 0 });
    expect(noSecret.statusCode).toBe(422);
    const saved = await admin.request("PUT", "/api/v1/settings/telephony", {
      version: 0,
      secret,
      originateUrl: "https://pbx.example.kz/originate",
      extensions: [{ extension: "101", userId: fixture.managerA1.id }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.body).not.toContain(secret);
    expect(saved.json()).toMatchObject({
      configured: true,
      extensions: [{ extension: "101", userId: fixture.managerA1.id }],
    });
  });

  it("a finished call is a completed call activity on the contact, company and open deal, once", async () => {
    const answer = await send(call({}));
    expect(answer.statusCode, answer.body).toBe(200);
    const { accepted, activityId } = answer.json() as { accepted: boolean; activityId: string };
    expect(accepted).toBe(true);
    const activity = (await managerA1.request("GET", `/api/v1/activities/${activityId}`)).json();
    expect(activity).toMatchObject({
      ownerId: fixture.managerA1.id,
      contactId: client.contact,
      companyId: client.company,
      dealId: client.deal,
      durationMinutes: 3,
      type: { code: "call_in_known" },
    });
    expect(activity.completedAt).not.toBeNull();
    expect(activity.recordingUrl).toBe("https://pbx.example.kz/rec/call-1.mp3");
    const timeline = (await managerA1.request("GET", `/api/v1/deals/${client.deal}/timeline`)).json() as {
      items: { activity: { id: string; recordingUrl: string | null } | null }[];
    };
    expect(timeline.items.find((item) => item.activity?.id === activityId)?.activity?.recordingUrl).toBe(
      "https://pbx.example.kz/rec/call-1.mp3",
    );
    const before = await counts();
    const again = await send(call({}));
    expect(again.json()).toMatchObject({ accepted: false });
    expect(await counts()).toEqual(before);
  });

  it("refuses a wrong or stale signature and a malformed event, storing nothing", async () => {
    const before = await counts();
    expect((await send(call({ callId: "forged" }), { secret: "another-secret-123456" })).statusCode).toBe(401);
    const stale = await send(call({ callId: "stale" }), { at: Math.floor(Date.now() / 1000) - 400 });
    expect(stale.statusCode).toBe(401);
    expect(stale.body).toContain("five minutes");
    const unsigned = await context.app.inject({
      method: "POST",
      url: "/api/v1/integrations/telephony/events",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify(call({ callId: "unsigned" })),
    });
    expect(unsigned.statusCode).toBe(401);
    const malformed = await send(call({ callId: "bad", event: "exploded", from: "x" }));
    expect(malformed.statusCode).toBe(400);
    const paths = (malformed.json() as { errors: { path: string }[] }).errors.map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(["body.event", "body.from"]));
    expect((await send(undefined, { raw: "{not json" })).statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("an unknown caller becomes one lead; a missed call asks the employee to call back", async () => {
    const ringing = await send(call({ callId: "new-1", from: "+7 702 111 22 33", event: "ringing" }));
    const { leadId } = ringing.json() as { leadId: string };
    expect(leadId).toBeTruthy();
    const lead = (await managerA1.request("GET", `/api/v1/leads/${leadId}`)).json();
    expect(lead).toMatchObject({ phone: "+77021112233", ownerId: fixture.managerA1.id });
    const missed = await send(call({ callId: "new-1", from: "+7 702 111 22 33", event: "missed", durationSec: 0 }));
    const { activityId, leadId: sameLead } = missed.json() as { activityId: string; leadId: string };
    expect(sameLead).toBe(leadId);
    const callBack = (await managerA1.request("GET", `/api/v1/activities/${activityId}`)).json();
    expect(callBack.subject).toMatch(/^Перезвонить/);
    expect(callBack.completedAt).toBeNull();
    expect(callBack.leadId).toBe(leadId);
  });

  it("a ringing call pops up for the employee only, with the client and what their scope reaches", async () => {
    await context.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = context.app.server.address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    const url = `ws://127.0.0.1:${port}/api/v1/realtime`;
    const [managerA2] = await loginEach(context.app, ["manager-a2"]);
    const mine = await openSocket(url, { cookie: managerA1.cookie, origin });
    const theirs = await openSocket(url, { cookie: managerA2.cookie, origin });
    await mine.next("hello");
    await theirs.next("hello");
    expect((await send(call({ callId: "ring-1", event: "ringing", durationSec: undefined }))).statusCode).toBe(200);
    const frame = (await mine.next("incoming_call")) as { call: Record<string, unknown> };
    expect(frame.call).toMatchObject({
      callId: "ring-1",
      number: "+7 701 555 12 34",
      client: { kind: "contact", id: client.contact, name: "Ержан", companyName: "ТОО Звонок" },
      openDeals: [{ id: client.deal, title: "Сварочники", amount: 900 }],
    });
    expect((frame.call.lastActivity as { subject: string }).subject).toMatch(/звонок/);
    // The card follows the call: answered, then gone when it ends.
    await send(call({ callId: "ring-1", event: "answered", durationSec: undefined }));
    expect(await mine.next("incoming_call_state")).toMatchObject({ callId: "ring-1", state: "answered" });
    await send(call({ callId: "ring-1", event: "finished", durationSec: 30 }));
    expect(await mine.next("incoming_call_state")).toMatchObject({ callId: "ring-1", state: "ended" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(theirs.frames.filter((entry) => entry.type.startsWith("incoming_call"))).toHaveLength(0);
    mine.socket.close();
    theirs.socket.close();
  });
});
