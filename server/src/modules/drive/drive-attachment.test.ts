import type { DriveAttachment } from "@planerka/common";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { ok, roots, uploadFile, useTemporaryStore } from "./drive-test-kit";

const storage = useTemporaryStore();
const context = useTestApp({ blobStore: storage.store });

describe("drive files on records", () => {
  let a1: Client;
  let a2: Client;
  let headA: Client;
  let b1: Client;
  let dealId: string;
  let fileId: string;

  const list = (client: Client, entityType: string, entityId: string) =>
    client.request("GET", `/api/v1/drive/attachments?entityType=${entityType}&entityId=${entityId}`);
  const content = (client: Client, entityType: string, entityId: string, id: string) =>
    client.request("GET", `/api/v1/drive/attachments/${entityType}/${entityId}/${id}/content`);

  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    [a1, a2, headA, b1] = await loginEach(context.app, ["manager-a1", "manager-a2", "head-a", "manager-b1"] as const);
    dealId = (await ok(a1.request("POST", "/api/v1/deals", { title: "Поставка инверторов", amount: 1_500_000 }), 201))
      .id;
    const file = await uploadFile(a1, (await roots(a1)).personal.id, "Коммерческое предложение.txt", Buffer.from("КП"));
    fileId = file.id;
  });

  it("shows a file attached to a deal to whoever reads the deal, though the drive folder is the owner's", async () => {
    const attached = await ok<DriveAttachment>(
      a1.request("POST", "/api/v1/drive/attachments", { entityType: "deal", entityId: dealId, fileId }),
      201,
    );
    expect(attached).toMatchObject({ file: { id: fileId, name: "Коммерческое предложение.txt" }, canDetach: true });
    // Attaching twice keeps one link.
    await ok(a1.request("POST", "/api/v1/drive/attachments", { entityType: "deal", entityId: dealId, fileId }), 201);
    const seenByHead = await ok<{ items: DriveAttachment[] }>(list(headA, "deal", dealId));
    expect(seenByHead.items.map((item) => item.file.id)).toEqual([fileId]);
    expect((await content(headA, "deal", dealId, fileId)).body).toBe("КП");
    expect((await headA.request("GET", `/api/v1/drive/files/${fileId}`)).statusCode).toBe(404);
  });

  it("gives 404 to those who may not read the record, and to a file they may not read", async () => {
    for (const client of [a2, b1]) {
      expect((await list(client, "deal", dealId)).statusCode).toBe(404);
      expect((await content(client, "deal", dealId, fileId)).statusCode).toBe(404);
      expect((await client.request("DELETE", `/api/v1/drive/attachments/deal/${dealId}/${fileId}`)).statusCode).toBe(
        404,
      );
    }
    const ownDeal = (await ok(b1.request("POST", "/api/v1/deals", { title: "Своя сделка" }), 201)).id;
    const foreignFile = await b1.request("POST", "/api/v1/drive/attachments", {
      entityType: "deal",
      entityId: ownDeal,
      fileId,
    });
    expect(foreignFile.statusCode).toBe(404);
    expect(foreignFile.json().errors[0].path).toBe("fileId");
    const foreignDeal = await b1.request("POST", "/api/v1/drive/attachments", {
      entityType: "deal",
      entityId: dealId,
      fileId: (await uploadFile(b1, (await roots(b1)).personal.id, "b.txt", Buffer.from("b"))).id,
    });
    expect(foreignDeal.statusCode).toBe(404);
    expect(foreignDeal.json().errors[0].path).toBe("entityId");
  });

  it("attaches to tasks too, and a file in the trash leaves the record with it", async () => {
    const task = await ok(a1.request("POST", "/api/v1/tasks", { title: "Подготовить КП" }), 201);
    await ok(a1.request("POST", "/api/v1/drive/attachments", { entityType: "task", entityId: task.id, fileId }), 201);
    expect((await ok(list(a1, "task", task.id))).items).toHaveLength(1);
    expect((await list(b1, "task", task.id)).statusCode).toBe(404);
    await ok(a1.request("DELETE", `/api/v1/drive/files/${fileId}`), 204);
    expect((await ok(list(a1, "task", task.id))).items).toEqual([]);
    expect((await content(a1, "task", task.id, fileId)).statusCode).toBe(404);
    await ok(a1.request("POST", `/api/v1/drive/files/${fileId}/restore`));
    expect((await ok(list(headA, "deal", dealId))).items).toHaveLength(1);
  });

  it("lets who may change the record take a file off it", async () => {
    await ok(headA.request("DELETE", `/api/v1/drive/attachments/deal/${dealId}/${fileId}`), 204);
    expect((await ok(list(a1, "deal", dealId))).items).toEqual([]);
    // The file itself stays on the drive.
    expect((await a1.request("GET", `/api/v1/drive/files/${fileId}`)).statusCode).toBe(200);
  });
});
