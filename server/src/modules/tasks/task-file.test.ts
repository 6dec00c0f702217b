import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { taskFileLimitBytes } from "./task-file.service";
import { createTaskAs, errorPaths, uploadFile } from "./task-testing";

describe("task files", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let creator: Client;
  let assignee: Client;
  let observer: Client;
  let outsider: Client;
  let taskId: string;
  const fileCount = async () =>
    (await rows<{ count: number }>(context.handle.db, sql`select count(*)::int as count from task_files`))[0]!.count;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [creator, assignee, observer, outsider] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-b",
      "manager-b1",
    ]);
    const task = await createTaskAs(creator, {
      title: "Тендерная документация",
      assigneeId: fixture.managerA2.id,
      observerIds: [fixture.headB.id],
    });
    taskId = task.id;
  });

  it("stores an upload and gives back the same bytes as an attachment of the stored type", async () => {
    const data = randomBytes(300_000);
    const uploaded = await uploadFile(context.app, assignee, taskId, {
      name: "Смета №1 (итог).pdf",
      type: "application/pdf",
      data,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const file = uploaded.json();
    expect(file).toMatchObject({
      name: "Смета №1 (итог).pdf",
      mimeType: "application/pdf",
      size: data.length,
      uploadedBy: { id: fixture.managerA2.id, name: "Test manager-a2" },
    });
    for (const reader of [creator, assignee, observer]) {
      const download = await reader.request("GET", `/api/v1/tasks/${taskId}/files/${file.id}`);
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(data)).toBe(true);
      expect(download.headers["content-type"]).toBe("application/pdf");
      expect(download.headers["x-content-type-options"]).toBe("nosniff");
      const disposition = String(download.headers["content-disposition"]);
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/);
      expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe("Смета №1 (итог).pdf");
    }
    const detail = (await creator.request("GET", `/api/v1/tasks/${taskId}`)).json();
    expect(detail.files).toEqual([file]);
  });

  it("serves a page uploaded as HTML only as a download, and strips folders from names", async () => {
    const uploaded = await uploadFile(context.app, creator, taskId, {
      name: "../../etc/page.html",
      type: "text/html",
      data: Buffer.from("<script>alert(1)</script>"),
    });
    expect(uploaded.json().name).toBe("page.html");
    const download = await creator.request("GET", `/api/v1/tasks/${taskId}/files/${uploaded.json().id}`);
    expect(download.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(download.headers["x-content-type-options"]).toBe("nosniff");
    const odd = await uploadFile(context.app, creator, taskId, {
      name: "x.bin",
      type: "not a type",
      data: Buffer.from([0, 1, 2]),
    });
    expect(odd.json().mimeType).toBe("application/octet-stream");
  });

  it("refuses a file over 10 MB with 413 and stores nothing", async () => {
    const before = await fileCount();
    const tooBig = await uploadFile(context.app, creator, taskId, {
      name: "big.bin",
      type: "application/octet-stream",
      data: Buffer.alloc(taskFileLimitBytes + 1, 7),
    });
    expect(tooBig.statusCode).toBe(413);
    expect(await fileCount()).toBe(before);
    const notMultipart = await creator.request("POST", `/api/v1/tasks/${taskId}/files`, { file: "x" });
    expect(notMultipart.statusCode).toBe(422);
    expect(errorPaths(notMultipart)).toEqual(["file"]);
    const wrongField = await uploadFile(
      context.app,
      creator,
      taskId,
      { name: "a.txt", type: "text/plain", data: Buffer.from("a") },
      "attachment",
    );
    expect(wrongField.statusCode).toBe(422);
    expect(await fileCount()).toBe(before);
  });

  it("lets the people on the task attach, the uploader or an editor delete, and hides files from outsiders", async () => {
    const mine = (
      await uploadFile(context.app, creator, taskId, {
        name: "creator.txt",
        type: "text/plain",
        data: Buffer.from("c"),
      })
    ).json();
    const theirs = (
      await uploadFile(context.app, assignee, taskId, { name: "a2.txt", type: "text/plain", data: Buffer.from("a") })
    ).json();
    const observerUpload = await uploadFile(context.app, observer, taskId, {
      name: "o.txt",
      type: "text/plain",
      data: Buffer.from("o"),
    });
    expect(observerUpload.statusCode).toBe(403);
    const before = await fileCount();
    const url = (fileId: string) => `/api/v1/tasks/${taskId}/files/${fileId}`;
    expect((await outsider.request("GET", url(mine.id))).statusCode).toBe(404);
    expect((await outsider.request("DELETE", url(mine.id))).statusCode).toBe(404);
    const outsiderUpload = await uploadFile(context.app, outsider, taskId, {
      name: "x.txt",
      type: "text/plain",
      data: Buffer.from("x"),
    });
    expect(outsiderUpload.statusCode).toBe(404);
    expect((await assignee.request("DELETE", url(mine.id))).statusCode).toBe(403);
    expect((await observer.request("DELETE", url(theirs.id))).statusCode).toBe(403);
    expect(await fileCount()).toBe(before);
    expect((await assignee.request("DELETE", url(theirs.id))).statusCode).toBe(204);
    expect((await creator.request("DELETE", url(mine.id))).statusCode).toBe(204);
    expect((await creator.request("GET", url(mine.id))).statusCode).toBe(404);
    expect(await fileCount()).toBe(before - 2);
    // A file is reached only through its own task.
    const other = await createTaskAs(creator, { title: "Другая задача" });
    const elsewhere = (
      await uploadFile(context.app, creator, other.id, { name: "e.txt", type: "text/plain", data: Buffer.from("e") })
    ).json();
    expect((await creator.request("GET", url(elsewhere.id))).statusCode).toBe(404);
  });
});
