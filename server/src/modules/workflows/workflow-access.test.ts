import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createDeal, createTemplate, runJobs, startInstance, templateBody } from "./workflow-test-kit";

describe("workflow access", () => {
  const context = useTestApp({ workflowWorker: false });
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let admin: Client;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  let headA: Client;
  let headB: Client;
  let regionHead: Client;
  let dealId: string;
  let instanceId: string;
  let approvalId: string;
  let templateId: string;
  let outsiderInstanceId: string;

  const approvalBy = (approver: Record<string, unknown>) =>
    templateBody({
      steps: [
        {
          id: "first",
          name: "Согласование",
          type: "approval",
          approver,
          title: "Согласуйте",
          onApproved: null,
          onRejected: null,
        },
      ],
    });

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [admin, managerA1, managerA2, managerB1, headA, headB, regionHead] = await loginEach(context.app, [
      "admin-user",
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "head-a",
      "head-b",
      "region-head",
    ]);
    templateId = (await createTemplate(admin, approvalBy({ kind: "owner_head" }))).id;
    const outsider = await createTemplate(admin, approvalBy({ kind: "user", userId: fixture.managerB1.id }));
    dealId = (await createDeal(managerA1, { title: "Сделка A1" })).id;
    instanceId = (await startInstance(managerA1, templateId, dealId)).id;
    outsiderInstanceId = (await startInstance(managerA1, outsider.id, dealId)).id;
    await runJobs(context.handle.db);
    approvalId = (await headA.request("GET", "/api/v1/workflow-approvals")).json().items[0].id;
  });

  const ids = (response: { json(): { items: { id: string }[] } }) => response.json().items.map((item) => item.id);

  it("shows the instance to the owner, their heads and admins", async () => {
    for (const client of [managerA1, headA, regionHead, admin]) {
      const detail = await client.request("GET", `/api/v1/workflow-instances/${instanceId}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json()).toMatchObject({ entityTitle: "Сделка A1", owner: { id: fixture.managerA1.id } });
      expect(ids(await client.request("GET", `/api/v1/workflow-instances?userId=${fixture.managerA1.id}`))).toContain(
        instanceId,
      );
    }
    const onRecord = await managerA1.request("GET", `/api/v1/workflow-instances?entity=deal&entityId=${dealId}`);
    expect(onRecord.json().total).toBe(2);
  });

  it("answers 404 to a manager and a head outside the record's scope on every endpoint", async () => {
    for (const client of [managerA2, headB]) {
      expect((await client.request("GET", `/api/v1/workflow-instances/${instanceId}`)).statusCode).toBe(404);
      expect((await client.request("POST", `/api/v1/workflow-instances/${instanceId}/cancel`)).statusCode).toBe(404);
      expect(ids(await client.request("GET", "/api/v1/workflow-instances"))).not.toContain(instanceId);
      expect(ids(await client.request("GET", `/api/v1/workflow-instances?entityId=${dealId}`))).toEqual([]);
      const byUser = await client.request("GET", `/api/v1/workflow-instances?userId=${fixture.managerA1.id}`);
      expect(byUser.statusCode).toBe(404);
      const counts = await client.request("GET", `/api/v1/workflow-instances/counts?userId=${fixture.managerA1.id}`);
      expect(counts.statusCode).toBe(404);
      const start = await client.request("POST", "/api/v1/workflow-instances", { templateId, entityId: dealId });
      expect(start.statusCode).toBe(404);
      const decision = await client.request("POST", `/api/v1/workflow-approvals/${approvalId}/decision`, {
        decision: "approved",
      });
      expect(decision.statusCode).toBe(404);
    }
    // The owner sees the approval but it is not theirs to decide.
    const byOwner = await managerA1.request("POST", `/api/v1/workflow-approvals/${approvalId}/decision`, {
      decision: "approved",
    });
    expect(byOwner.statusCode).toBe(404);
    expect((await managerA2.request("GET", "/api/v1/workflow-approvals")).json().items).toEqual([]);
  });

  it("counts running instances per user for those in the caller's scope", async () => {
    const counts = await headA.request(
      "GET",
      `/api/v1/workflow-instances/counts?userId=${fixture.managerA1.id}&userId=${fixture.managerA2.id}`,
    );
    expect(counts.statusCode).toBe(200);
    expect(counts.json().items).toEqual([
      { userId: fixture.managerA1.id, running: 2, stalled: 0 },
      { userId: fixture.managerA2.id, running: 0, stalled: 0 },
    ]);
    const own = (await managerA1.request("GET", "/api/v1/workflow-instances/counts")).json().items;
    expect(own).toEqual([{ userId: fixture.managerA1.id, running: 2, stalled: 0 }]);
    const mixed = await headA.request(
      "GET",
      `/api/v1/workflow-instances/counts?userId=${fixture.managerA1.id}&userId=${fixture.managerB1.id}`,
    );
    expect(mixed.statusCode).toBe(404);
  });

  it("lets an approver from elsewhere see and decide, without the record's title, but not cancel", async () => {
    const detail = await managerB1.request("GET", `/api/v1/workflow-instances/${outsiderInstanceId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ entityTitle: null, owner: null, abilities: { cancel: false, decide: true } });
    expect(ids(await managerB1.request("GET", "/api/v1/workflow-instances"))).toEqual([outsiderInstanceId]);
    expect((await managerB1.request("GET", `/api/v1/workflow-instances/${instanceId}`)).statusCode).toBe(404);
    const cancel = await managerB1.request("POST", `/api/v1/workflow-instances/${outsiderInstanceId}/cancel`);
    expect(cancel.statusCode).toBe(403);
    const [approval] = (await managerB1.request("GET", "/api/v1/workflow-approvals")).json().items;
    expect(approval).toMatchObject({ instanceId: outsiderInstanceId, entityTitle: null });
    // Their notification names neither the record nor its card.
    const notices = await rows<{ body: string; link: string | null }>(
      context.handle.db,
      sql`select body, link from notifications where user_id = ${fixture.managerB1.id} and kind = 'workflow_approval'`,
    );
    expect(notices).toEqual([{ body: "Тестовый процесс", link: null }]);
    const toHead = await rows<{ body: string; link: string | null }>(
      context.handle.db,
      sql`select body, link from notifications where user_id = ${fixture.headA.id} and kind = 'workflow_approval'`,
    );
    expect(toHead[0]).toEqual({ body: "Тестовый процесс: Сделка A1", link: `/crm/deals/${dealId}` });
  });

  it("starts only active templates of the record's entity on records the caller may change", async () => {
    const leadResponse = await managerA1.request("POST", "/api/v1/leads", { title: "Лид" });
    const leadId = leadResponse.json().id;
    expect(
      (await managerA1.request("POST", "/api/v1/workflow-instances", { templateId, entityId: leadId })).statusCode,
    ).toBe(404);
    const inactive = await createTemplate(admin, templateBody({ active: false }));
    const start = await managerA1.request("POST", "/api/v1/workflow-instances", {
      templateId: inactive.id,
      entityId: dealId,
    });
    expect(start.statusCode).toBe(404);
    const byHead = await headA.request("POST", "/api/v1/workflow-instances", { templateId, entityId: dealId });
    expect(byHead.statusCode).toBe(201);
    expect(byHead.json()).toMatchObject({ status: "running", currentStep: { id: "first", type: "approval" } });
  });

  it("cancels for whoever may change the record; the approval stops waiting", async () => {
    const cancelled = await managerA1.request("POST", `/api/v1/workflow-instances/${instanceId}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({
      status: "cancelled",
      pendingApproval: null,
      abilities: { cancel: false },
    });
    expect(cancelled.json().history[0].status).toBe("cancelled");
    expect((await managerA1.request("POST", `/api/v1/workflow-instances/${instanceId}/cancel`)).statusCode).toBe(409);
    const waiting = (await headA.request("GET", "/api/v1/workflow-approvals")).json().items;
    expect(waiting.map((item: { id: string }) => item.id)).not.toContain(approvalId);
    const late = await headA.request("POST", `/api/v1/workflow-approvals/${approvalId}/decision`, {
      decision: "approved",
    });
    expect(late.statusCode).toBe(409);
  });
});
