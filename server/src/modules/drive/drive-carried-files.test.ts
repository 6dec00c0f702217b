import { createHash } from "node:crypto";
import type { ChatMessage, DriveFile } from "@planerka/common";
import { sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { multipart } from "../../testing/multipart";
import { type SmtpTestServer, smtpSettingsFor, startSmtpServer } from "../../testing/smtp-test-server";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createGroup } from "../chat/chat-test-kit";
import { sendDueLetters } from "../mail/mail-outbox";
import { ok, roots, uploadFile, useTemporaryStore } from "./drive-test-kit";
import { runDriveMaintenance } from "./drive-trash.service";

const sha256 = (data: Buffer | Uint8Array) => createHash("sha256").update(data).digest("hex");
const twoHoursLater = () => new Date(Date.now() + 2 * 3_600_000);

/**
 * Task, chat and letter files live in the drive's blob store (one stored file, many links): new
 * uploads go there, rows from before are moved by the drive's maintenance, and drive files ride on
 * chat messages and letters without their bytes being copied.
 */
describe("files of tasks, chats and letters in the blob store", () => {
  const storage = useTemporaryStore();
  const context = useTestApp({ blobStore: storage.store, outboxWorker: false });
  let smtp: SmtpTestServer;
  let owner: Client;
  let colleague: Client;
  let stranger: Client;
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let priceList: DriveFile;
  let strangersFile: DriveFile;
  const priceBytes = Buffer.from("Прайс-лист: полуавтомат 250 А — 420 000 ₸\n".repeat(50));

  const db = () => context.handle.db;
  const blobOf = async (table: "task_files" | "chat_files" | "mail_files", id: string) =>
    (
      await rows<{ blobId: string | null; inline: boolean }>(
        db(),
        sql`select blob_id as "blobId", data is not null as inline from ${sql.raw(table)} where id = ${id}`,
      )
    )[0]!;
  const versionBlobOf = async (fileId: string) =>
    (
      await rows<{ blobId: string }>(
        db(),
        sql`select v.blob_id as "blobId" from drive_files f join drive_file_versions v on v.id = f.current_version_id
            where f.id = ${fileId}`,
      )
    )[0]!.blobId;
  const blobExists = async (blobId: string) =>
    (await rows(db(), sql`select 1 from drive_blobs where id = ${blobId}`)).length === 1;
  const createTask = (client: Client, title: string) =>
    ok<{ id: string }>(client.request("POST", "/api/v1/tasks", { title }), 201);
  const attachToTask = (client: Client, taskId: string, name: string, data: Buffer) => {
    const { payload, headers } = multipart({}, { name, data, type: "text/plain" });
    return client.request("POST", `/api/v1/tasks/${taskId}/files`, payload, headers);
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    fixture = await createAccessFixture(db());
    [owner, colleague, stranger] = await loginEach(context.app, ["manager-a1", "manager-a2", "manager-b1"]);
    const admin = (await loginEach(context.app, ["admin-user"]))[0]!;
    await ok(admin.request("PUT", "/api/v1/mail/smtp", smtpSettingsFor(smtp)));
    priceList = await uploadFile(owner, (await roots(owner)).personal.id, "Прайс.txt", priceBytes, "text/plain");
    strangersFile = await uploadFile(
      stranger,
      (await roots(stranger)).personal.id,
      "Личное.txt",
      Buffer.from("не для чужих"),
      "text/plain",
    );
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it("a task's new file goes to the store, downloads byte for byte, and its bytes go when it is deleted", async () => {
    const task = await createTask(owner, "Смета для «Арман»");
    const bytes = Buffer.from("Смета: 3 позиции\n".repeat(100));
    const file = await ok<{ id: string }>(attachToTask(owner, task.id, "смета.txt", bytes), 201);
    const stored = await blobOf("task_files", file.id);
    expect(stored).toEqual({ blobId: expect.any(String), inline: false });
    const download = await owner.request("GET", `/api/v1/tasks/${task.id}/files/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(sha256(download.rawPayload)).toBe(sha256(bytes));
    // Someone who does not see the task does not get the file.
    expect((await stranger.request("GET", `/api/v1/tasks/${task.id}/files/${file.id}`)).statusCode).toBe(404);

    // In use: the maintenance keeps it; deleted: the next pass removes the row and the bytes.
    await runDriveMaintenance(db(), storage.store, twoHoursLater());
    expect(await blobExists(stored.blobId!)).toBe(true);
    const filesBefore = await storage.files();
    await ok(owner.request("DELETE", `/api/v1/tasks/${task.id}/files/${file.id}`), 204);
    await runDriveMaintenance(db(), storage.store, twoHoursLater());
    expect(await blobExists(stored.blobId!)).toBe(false);
    expect(await storage.files()).toHaveLength(filesBefore.length - 1);
  });

  it("files stored in the database before the store are moved by the maintenance and read the same before and after", async () => {
    const task = await createTask(owner, "Старые файлы");
    const group = await createGroup(owner, "Старый чат", [fixture.managerA2.id]);
    const taskBytes = Buffer.from("файл задачи из прошлой версии\n".repeat(40));
    const chatBytes = Buffer.from("файл чата из прошлой версии\n".repeat(40));
    const [taskFile] = await rows<{ id: string }>(
      db(),
      sql`insert into task_files (task_id, name, mime_type, size, data, uploaded_by)
          values (${task.id}, 'старое.txt', 'text/plain', ${taskBytes.length}, ${taskBytes}, ${fixture.managerA1.id})
          returning id`,
    );
    const [message] = await rows<{ id: string }>(
      db(),
      sql`insert into chat_messages (chat_id, author_id, body) values (${group.id}, ${fixture.managerA1.id}, 'старое')
          returning id`,
    );
    const [chatFile] = await rows<{ id: string }>(
      db(),
      sql`insert into chat_files (message_id, chat_id, name, mime_type, size, data)
          values (${message!.id}, ${group.id}, 'старое.txt', 'text/plain', ${chatBytes.length}, ${chatBytes})
          returning id`,
    );
    const taskUrl = `/api/v1/tasks/${task.id}/files/${taskFile!.id}`;
    const chatUrl = `/api/v1/chats/${group.id}/files/${chatFile!.id}`;
    const read = async () => [
      sha256((await owner.request("GET", taskUrl)).rawPayload),
      sha256((await colleague.request("GET", chatUrl)).rawPayload),
    ];
    expect(await read()).toEqual([sha256(taskBytes), sha256(chatBytes)]);

    await runDriveMaintenance(db(), storage.store);
    expect(await blobOf("task_files", taskFile!.id)).toEqual({ blobId: expect.any(String), inline: false });
    expect(await blobOf("chat_files", chatFile!.id)).toEqual({ blobId: expect.any(String), inline: false });
    expect(await read()).toEqual([sha256(taskBytes), sha256(chatBytes)]);
    // Nothing inline is left anywhere.
    const [left] = await rows<{ n: number }>(
      db(),
      sql`select ((select count(*) from task_files where data is not null) + (select count(*) from chat_files where data is not null)
          + (select count(*) from mail_files where data is not null))::int as n`,
    );
    expect(left!.n).toBe(0);
    expect((await stranger.request("GET", chatUrl)).statusCode).toBe(404);
  });

  it("a chat message carries a drive file: the same stored bytes, readable by the chat's members only", async () => {
    const group = await createGroup(owner, "Прайсы", [fixture.managerA2.id]);
    const message = await ok<ChatMessage>(
      owner.request("POST", `/api/v1/chats/${group.id}/messages`, { body: "", driveFileIds: [priceList.id] }),
      201,
    );
    expect(message.files).toEqual([expect.objectContaining({ name: "Прайс.txt", size: priceBytes.length })]);
    const fileId = message.files[0]!.id;
    expect((await blobOf("chat_files", fileId)).blobId).toBe(await versionBlobOf(priceList.id));
    const url = `/api/v1/chats/${group.id}/files/${fileId}`;
    const fetched = await colleague.request("GET", url);
    expect(fetched.statusCode).toBe(200);
    expect(sha256(fetched.rawPayload)).toBe(sha256(priceBytes));
    expect((await stranger.request("GET", url)).statusCode).toBe(404);

    // A drive file the writer may not read is refused as if it did not exist, and nothing is stored.
    const [before] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from chat_messages`);
    const refused = await owner.request("POST", `/api/v1/chats/${group.id}/messages`, {
      body: "смотри",
      driveFileIds: [strangersFile.id],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].path).toBe("driveFileIds");
    expect(refused.body).not.toContain("Личное");
    const [after] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from chat_messages`);
    expect(after!.n).toBe(before!.n);
    // Neither text nor files: the field is named.
    const empty = await owner.request("POST", `/api/v1/chats/${group.id}/messages`, { body: " ", driveFileIds: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe("body.body");

    // The drive file goes to the trash and is purged: the message keeps its bytes.
    await ok(owner.request("DELETE", `/api/v1/drive/files/${priceList.id}`), 204);
    await runDriveMaintenance(db(), storage.store, new Date(Date.now() + 31 * 86_400_000));
    const kept = await colleague.request("GET", url);
    expect(sha256(kept.rawPayload)).toBe(sha256(priceBytes));
  });

  it("a letter carries a drive file, sent byte for byte; one the writer may not read is refused", async () => {
    const bytes = Buffer.from("Коммерческое предложение для ТОО «Арман»\n".repeat(30));
    const offer = await uploadFile(owner, (await roots(owner)).personal.id, "КП.txt", bytes, "text/plain");
    const company = await ok<{ id: string }>(
      owner.request("POST", "/api/v1/companies", { name: "ТОО «Арман»", emails: ["office@arman.kz"] }),
      201,
    );
    const deal = await ok<{ id: string }>(
      owner.request("POST", "/api/v1/deals", { title: "Поставка", companyId: company.id }),
      201,
    );
    const refused = await owner.request("POST", `/api/v1/deals/${deal.id}/emails`, {
      subject: "КП",
      body: "Добрый день",
      driveFileIds: [strangersFile.id],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].path).toBe("driveFileIds");

    const letter = await ok<{ id: string }>(
      owner.request("POST", `/api/v1/deals/${deal.id}/emails`, {
        subject: "КП",
        body: "Добрый день! Предложение во вложении.",
        driveFileIds: [offer.id],
      }),
      201,
    );
    expect(await sendDueLetters(db(), context.store)).toBe(1);
    const parsed = await simpleParser(smtp.arrived.at(-1)!.raw);
    expect(parsed.attachments.map((file) => [file.filename, file.size])).toEqual([["КП.txt", bytes.length]]);
    expect(sha256(parsed.attachments[0]!.content)).toBe(sha256(bytes));
    const [carried] = await rows<{ blobId: string }>(
      db(),
      sql`select f.blob_id as "blobId" from mail_message_attachments a join mail_files f on f.id = a.file_id
          where a.message_id = ${letter.id}`,
    );
    expect(carried!.blobId).toBe(await versionBlobOf(offer.id));
  });
});
