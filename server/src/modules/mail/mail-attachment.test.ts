import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { multipart } from "../../testing/multipart";
import { type SmtpTestServer, smtpSettingsFor, startSmtpServer } from "../../testing/smtp-test-server";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { sendDueLetters } from "./mail-outbox";

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** Bytes that survive no re-encoding by accident: every byte value, then a pattern. */
function binaryFile(size: number): Buffer {
  const pattern = Buffer.alloc(4096);
  for (let index = 0; index < pattern.length; index++) pattern[index] = (index * 31 + (index >> 8)) & 0xff;
  return Buffer.alloc(size, pattern);
}

describe("letters carry files", () => {
  const context = useTestApp({ outboxWorker: false });
  let smtp: SmtpTestServer;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let admin: Client;
  let deal: { id: string };
  let otherDeal: { id: string };

  const countLetters = async () =>
    (await rows<{ n: number }>(context.handle.db, sql`select count(*)::int as n from mail_messages`))[0]!.n;

  const upload = (client: Client, name: string, data: Buffer, type = "application/octet-stream") => {
    const { payload, headers } = multipart({}, { name, data, type });
    return client.request("POST", "/api/v1/mail/files", payload, headers);
  };

  const timelineLetter = async (client: Client, dealId: string, letterId: string) => {
    const timeline = (await client.request("GET", `/api/v1/deals/${dealId}/timeline`)).json();
    return timeline.items.find((entry: { id: string }) => entry.id === `email:${letterId}`);
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "admin-user",
    ]);
    const saved = await admin.request("PUT", "/api/v1/mail/smtp", smtpSettingsFor(smtp));
    expect(saved.statusCode, saved.body).toBe(200);
    const company = (
      await managerA1.request("POST", "/api/v1/companies", { name: "ТОО «Вложения»", emails: ["office@vlozh.kz"] })
    ).json();
    deal = (await managerA1.request("POST", "/api/v1/deals", { title: "Поставка", companyId: company.id })).json();
    otherDeal = (await managerA2.request("POST", "/api/v1/deals", { title: "Чужая", amount: 1 })).json();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it("an uploaded file and a task's file arrive with the letter, byte for byte, and are listed on the timeline", async () => {
    const pdf = binaryFile(300_000);
    const uploaded = await upload(managerA1, "Счёт №15 от 07.12.pdf", pdf, "application/pdf");
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect(uploaded.json()).toMatchObject({
      name: "Счёт №15 от 07.12.pdf",
      mimeType: "application/pdf",
      size: 300_000,
    });

    // A task on the deal with a file: one of the record's files.
    const task = (
      await managerA1.request("POST", "/api/v1/tasks", {
        title: "Подготовить смету",
        entityType: "deal",
        entityId: deal.id,
      })
    ).json();
    const estimate = Buffer.from("Смета: 3 позиции, итого 150 000 ₸\n", "utf8");
    const taskUpload = multipart({}, { name: "смета.txt", data: estimate, type: "text/plain" });
    const taskFile = (
      await managerA1.request("POST", `/api/v1/tasks/${task.id}/files`, taskUpload.payload, taskUpload.headers)
    ).json();
    const recordFiles = (await managerA1.request("GET", `/api/v1/deals/${deal.id}/mail-files`)).json();
    expect(recordFiles.items).toEqual([
      expect.objectContaining({ id: taskFile.id, name: "смета.txt", source: "task", sourceTitle: "Подготовить смету" }),
    ]);

    const response = await managerA1.request("POST", `/api/v1/deals/${deal.id}/emails`, {
      subject: "Счёт и смета",
      body: "Добрый день! Во вложении счёт и смета.",
      fileIds: [uploaded.json().id],
      taskFileIds: [taskFile.id],
    });
    expect(response.statusCode, response.body).toBe(201);
    const letterId = response.json().id as string;
    expect(await sendDueLetters(context.handle.db, context.store)).toBe(1);

    const parsed = await simpleParser(smtp.arrived.at(-1)!.raw);
    expect(parsed.subject).toBe("Счёт и смета");
    expect(parsed.text?.trim()).toBe("Добрый день! Во вложении счёт и смета.");
    expect(parsed.attachments.map((file) => [file.filename, file.contentType, file.size])).toEqual([
      ["Счёт №15 от 07.12.pdf", "application/pdf", 300_000],
      ["смета.txt", "text/plain", estimate.length],
    ]);
    expect(sha256(parsed.attachments[0]!.content)).toBe(sha256(pdf));
    expect(parsed.attachments[1]!.content.toString("utf8")).toBe(estimate.toString("utf8"));

    const item = await timelineLetter(managerA1, deal.id, letterId);
    expect(item.email.state).toBe("sent");
    expect(item.email.attachments.map((file: { name: string; size: number }) => [file.name, file.size])).toEqual([
      ["Счёт №15 от 07.12.pdf", 300_000],
      ["смета.txt", estimate.length],
    ]);
    // Downloadable by the owner and the head above; the bytes as stored.
    const [first] = item.email.attachments;
    for (const client of [managerA1, headA]) {
      const download = await client.request("GET", `/api/v1/mail/messages/${letterId}/attachments/${first.id}`);
      expect(download.statusCode).toBe(200);
      expect(download.headers["content-type"]).toBe("application/pdf");
      expect(download.headers["content-disposition"]).toContain("filename*=UTF-8''%D0%A1%D1%87%D1%91%D1%82");
      expect(sha256(download.rawPayload)).toBe(sha256(pdf));
    }
    // Another manager does not see the letter: its files are not found either.
    const foreign = await managerA2.request("GET", `/api/v1/mail/messages/${letterId}/attachments/${first.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain("Счёт");
    expect((await managerA2.request("GET", `/api/v1/deals/${deal.id}/mail-files`)).statusCode).toBe(404);

    // The letter's files are now the record's: the next letter takes the invoice again without uploading it.
    const files = (await managerA1.request("GET", `/api/v1/deals/${deal.id}/mail-files`)).json().items;
    const invoice = files.find(
      (file: { source: string; size: number }) => file.source === "letter" && file.size === 300_000,
    );
    expect(invoice).toMatchObject({ name: "Счёт №15 от 07.12.pdf", sourceTitle: "Счёт и смета" });
    const again = await managerA1.request("POST", `/api/v1/deals/${deal.id}/emails`, {
      subject: "Повторно счёт",
      body: "Направляем счёт повторно.",
      fileIds: [invoice.id],
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(await sendDueLetters(context.handle.db, context.store)).toBe(1);
    const repeated = await simpleParser(smtp.arrived.at(-1)!.raw);
    expect(repeated.attachments).toHaveLength(1);
    expect(sha256(repeated.attachments[0]!.content)).toBe(sha256(pdf));
  });

  it("a letter cannot carry someone else's upload, another deal's files, or files it may not read", async () => {
    const theirs = (await upload(managerA2, "чужое.txt", Buffer.from("secret"))).json();
    const onOtherDeal = await managerA2.request("POST", `/api/v1/deals/${otherDeal.id}/emails`, {
      to: "x@example.kz",
      subject: "С файлом",
      body: "Текст",
      fileIds: [theirs.id],
    });
    expect(onOtherDeal.statusCode, onOtherDeal.body).toBe(201);
    const before = await countLetters();
    const stolen = await managerA1.request("POST", `/api/v1/deals/${deal.id}/emails`, {
      subject: "Чужой файл",
      body: "Текст",
      fileIds: [theirs.id],
    });
    expect(stolen.statusCode).toBe(422);
    expect(stolen.json().errors[0].path).toBe("fileIds");
    const missing = await managerA1.request("POST", `/api/v1/deals/${deal.id}/emails`, {
      subject: "Нет файла",
      body: "Текст",
      taskFileIds: ["00000000-0000-4000-8000-000000000000"],
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].path).toBe("taskFileIds");
    // Another manager writing from someone else's deal with their own upload: the deal is not found.
    const mine = (await upload(managerA2, "моё.txt", Buffer.from("mine"))).json();
    const foreignDeal = await managerA2.request("POST", `/api/v1/deals/${deal.id}/emails`, {
      subject: "Чужая сделка",
      body: "Текст",
      fileIds: [mine.id],
    });
    expect(foreignDeal.statusCode).toBe(404);
    expect(await countLetters()).toBe(before);
    // The refused letters attached nothing: the upload is still usable by its owner.
    const attached = await rows<{ n: number }>(
      context.handle.db,
      sql`select count(*)::int as n from mail_message_attachments where file_id = ${mine.id}`,
    );
    expect(attached[0]!.n).toBe(0);
  });

  it("more than 20 MB together is refused naming the field, and nothing is stored", async () => {
    // The rule adds up the stored sizes; two uploads are made to weigh 11 and 10 MB there (writing
    // 21 MB into the embedded engine would take most of the test's time).
    const big = (await upload(managerA1, "часть-1.bin", binaryFile(1000))).json();
    const big2 = (await upload(managerA1, "часть-2.bin", binaryFile(1000))).json();
    await context.handle.db.execute(
      sql`update mail_files set size = case id when ${big.id}::uuid then ${11 * 1024 * 1024}::int else ${10 * 1024 * 1024}::int end
          where id in (${big.id}, ${big2.id})`,
    );
    // 20 MB exactly is still allowed.
    const exactly = await managerA1.request("POST", `/api/v1/deals/${deal.id}/emails`, {
      subject: "Ровно двадцать",
      body: "Текст",
      fileIds: [big2.id],
    });
    expect(exactly.statusCode, exactly.body).toBe(201);
    const big3 = (await upload(managerA1, "часть-3.bin", binaryFile(1000))).json();
    await context.handle.db.execute(sql`update mail_files set size = ${10 * 1024 * 1024} where id = ${big3.id}`);
    const twenty = await managerA1.request("POST", `/api/v1/deals/${deal.id}/emails`, {
      subject: "Двадцать мегабайт",
      body: "Текст",
      fileIds: [big2.id, big3.id],
    });
    expect(twenty.statusCode, twenty.body).toBe(201);
    const before = await countLetters();
    const response = await managerA1.request("POST", `/api/v1/deals/${deal.id}/emails`, {
      subject: "Слишком много",
      body: "Текст",
      fileIds: [big.id, big2.id],
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json().errors[0].path).toBe("fileIds");
    expect(await countLetters()).toBe(before);
    // One file over 20 MB is refused while it is read.
    const tooLarge = await upload(managerA1, "огромный.bin", binaryFile(20 * 1024 * 1024 + 1));
    expect(tooLarge.statusCode).toBe(413);
  });

  it("bad uploads and references are refused naming the field", async () => {
    const notMultipart = await managerA1.request("POST", "/api/v1/mail/files", { file: "x" });
    expect(notMultipart.statusCode).toBe(422);
    expect(notMultipart.json().errors[0].path).toBe("file");
    const wrongField = multipart({}, { name: "a.txt", data: Buffer.from("a"), type: "text/plain" }, "attachment");
    const wrong = await managerA1.request("POST", "/api/v1/mail/files", wrongField.payload, wrongField.headers);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].path).toBe("file");
    const badId = await managerA1.request("POST", `/api/v1/deals/${deal.id}/emails`, {
      subject: "Тема",
      body: "Текст",
      fileIds: ["not-an-id"],
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0].path).toBe("body.fileIds.0");
    const download = await managerA1.request("GET", "/api/v1/mail/messages/not-an-id/attachments/x");
    expect(download.statusCode).toBe(400);
  });
});

describe("uploads nobody used", () => {
  const context = useTestApp({ outboxWorker: false });

  it("are removed after a day; a letter's files are kept however old", async () => {
    await createAccessFixture(context.handle.db);
    const [managerA1] = await loginEach(context.app, ["manager-a1"]);
    const send = (name: string) => {
      const { payload, headers } = multipart({}, { name, data: Buffer.from(name), type: "text/plain" });
      return managerA1.request("POST", "/api/v1/mail/files", payload, headers);
    };
    const deal = (await managerA1.request("POST", "/api/v1/deals", { title: "Старые файлы", amount: 1 })).json();
    const abandoned = (await send("брошенный.txt")).json();
    const sent = (await send("отправленный.txt")).json();
    const recent = (await send("свежий.txt")).json();
    const letter = await managerA1.request("POST", `/api/v1/deals/${deal.id}/emails`, {
      to: "client@example.kz",
      subject: "С файлом",
      body: "Текст",
      fileIds: [sent.id],
    });
    expect(letter.statusCode, letter.body).toBe(201);
    await context.handle.db.execute(
      sql`update mail_files set created_at = now() - interval '25 hours' where id in (${abandoned.id}, ${sent.id})`,
    );
    await context.handle.db.execute(
      sql`update mail_files set created_at = now() - interval '23 hours' where id = ${recent.id}`,
    );
    // The next upload tidies up.
    await send("следующий.txt");
    const left = await rows<{ name: string }>(context.handle.db, sql`select name from mail_files order by name`);
    expect(left.map((file) => file.name)).toEqual(["отправленный.txt", "свежий.txt", "следующий.txt"]);
  });
});
