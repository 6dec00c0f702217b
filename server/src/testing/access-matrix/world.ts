import { dayInTimeZone, isoWeekOf } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { insertAttempt, insertCourse } from "../../modules/training/training-test-kit";
import { runDueWorkflowJobs } from "../../modules/workflows/workflow-worker";
import { type Database, rows } from "../../platform/db/database";
import type { ApiApp } from "../../platform/http/api-app";
import { createAccessFixture } from "../factories";
import { multipart } from "../multipart";
import { type Client, login } from "../test-app";

/**
 * The world the access-leak matrix runs in: the access fixture's people, and one of everything a
 * route can read or write, owned by manager A1 and each carrying the marker in its text. Whoever
 * may not see A1's things must never receive the marker, nor any of the ids, in any answer.
 */
export const marker = "ЛЕАК7319";

export const people = ["managerA1", "managerA2", "managerB1", "headA", "headB", "regionHead", "top", "admin"] as const;
export type Person = (typeof people)[number];
const logins: Record<Person, string> = {
  managerA1: "manager-a1",
  managerA2: "manager-a2",
  managerB1: "manager-b1",
  headA: "head-a",
  headB: "head-b",
  regionHead: "region-head",
  top: "top-user",
  admin: "admin-user",
};

/** A raw body (multipart, an image) where JSON is not what the route takes. */
export interface RawBody {
  raw: Buffer;
  contentType: string;
}

export type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;

export function multipartBody(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const { payload, headers } = multipart(fields, file);
  return { raw: payload, contentType: headers["content-type"] } satisfies RawBody;
}

export const textFile = (name: string) => ({ name, type: "text/plain", data: Buffer.from(`${marker} файл`) });
/** The smallest valid PNG: one transparent pixel. */
export const onePixelPng = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

export class World {
  readonly clients = {} as Record<Person, Client>;
  readonly ids: Record<string, string> = {};
  fixture!: Fixture;
  readonly today = dayInTimeZone(new Date(), "Asia/Almaty");
  readonly month = this.today.slice(0, 7);
  readonly week = isoWeekOf(this.today);
  readonly now = new Date().toISOString();

  constructor(
    readonly app: ApiApp,
    readonly db: Database,
  ) {}

  send(person: Person, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse> {
    const client = this.clients[person];
    if (body && typeof body === "object" && "raw" in body) {
      const { raw, contentType } = body as RawBody;
      return this.app.inject({
        method: method as "POST",
        url,
        payload: raw,
        headers: { cookie: client.cookie, "content-type": contentType },
      });
    }
    return client.request(method as "POST", url, body);
  }

  /** A request that must succeed; its JSON answer. */
  async ok<T = Record<string, unknown> & { id: string }>(person: Person, method: string, url: string, body?: unknown) {
    const response = await this.send(person, method, url, body);
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return (response.body ? response.json() : undefined) as T;
  }

  /** The record's current version, read as its owner (writes in the matrix send what the owner would). */
  async version(url: string): Promise<number> {
    return (await this.ok<{ version: number }>("managerA1", "GET", url)).version;
  }

  async build() {
    this.fixture = await createAccessFixture(this.db);
    for (const person of people) this.clients[person] = await login(this.app, logins[person]);
    const ids = this.ids;
    const a1 = (method: string, url: string, body?: unknown) => this.ok("managerA1", method, url, body);

    ids.company = (await a1("POST", "/api/v1/companies", { name: `Компания ${marker}` })).id;
    ids.contact = (await a1("POST", "/api/v1/contacts", { name: `Контакт ${marker}`, companyId: ids.company })).id;
    ids.lead = (await a1("POST", "/api/v1/leads", { title: `Лид ${marker}` })).id;
    ids.deal = (
      await a1("POST", "/api/v1/deals", {
        title: `Сделка ${marker}`,
        amount: 7319,
        companyId: ids.company,
        contactId: ids.contact,
      })
    ).id;
    // 1C's order behind A1's deal (as an exchange would have linked it).
    await this.db.execute(
      sql`insert into one_c_counterparties (guid, name, kind, phones, emails, company_id)
          values ('world-counterparty', ${`Контрагент ${marker}`}, 'company', '{}', '{}', ${ids.company})`,
    );
    await this.db.execute(
      sql`insert into one_c_orders (guid, number, document_date, counterparty_guid, amount, posted, deleted, cancelled, deal_id)
          values ('world-order', ${`З-${marker}`}, now(), 'world-counterparty', 7319, true, false, false, ${ids.deal})`,
    );
    // A letter A1 wrote from the deal, with a file: waiting in the outbox (the world has no mail server).
    ids.letterFile = (await a1("POST", "/api/v1/mail/files", multipartBody({}, textFile(`счёт-${marker}.txt`)))).id;
    ids.letter = (
      await a1("POST", `/api/v1/deals/${ids.deal}/emails`, {
        to: "client@example.kz",
        subject: `Письмо ${marker}`,
        body: "Текст письма",
        fileIds: [ids.letterFile],
      })
    ).id;
    // A1's own mailbox (nothing listens on port 1: a check answers at once), and a letter it
    // imported onto A1's deal with a file.
    ids.mailbox = (
      await a1("POST", "/api/v1/mailboxes", {
        name: `Почта ${marker}`,
        host: "127.0.0.1",
        port: 1,
        security: "none",
        user: "a1",
        password: "secret",
        active: false,
      })
    ).id;
    const [inbound] = await rows<{ id: string }>(
      this.db,
      sql`insert into mail_inbound_messages (mailbox_id, uid_validity, uid, message_id, from_address, subject, body,
            size, sent_at, deal_id, company_id, contact_id)
          values (${ids.mailbox}, 1, 1, '<world@client.kz>', 'client@example.kz', ${`Входящее ${marker}`}, 'Текст', 10,
            now(), ${ids.deal}, ${ids.company}, ${ids.contact})
          returning id`,
    );
    ids.inbound = inbound!.id;
    const [inboundFile] = await rows<{ id: string }>(
      this.db,
      sql`insert into mail_inbound_attachments (message_id, name, mime_type, size, data, position)
          values (${ids.inbound}, 'file.txt', 'text/plain', 4, decode('74657374', 'hex'), 0) returning id`,
    );
    ids.inboundAttachment = inboundFile!.id;
    ids.mailTemplate = (
      await this.ok("admin", "POST", "/api/v1/mail/templates", {
        name: "Шаблон",
        subject: "Для {{contact.name}}",
        body: "{{company.name}}: {{deal.title}}",
      })
    ).id;
    const types = await this.ok<{ items: { id: string }[] }>("managerA1", "GET", "/api/v1/activity-types");
    ids.activityType = types.items[0]!.id;
    ids.activity = (
      await a1("POST", "/api/v1/activities", {
        typeId: ids.activityType,
        subject: `Звонок ${marker}`,
        dueAt: new Date().toISOString(),
        dealId: ids.deal,
      })
    ).id;
    for (const [collection, id] of this.crmRecords()) {
      await a1("POST", `/api/v1/${collection}/${id}/comments`, { body: `Комментарий ${marker}` });
    }
    ids.savedFilter = (
      await a1("POST", "/api/v1/saved-filters", { entity: "deals", name: `Фильтр ${marker}`, params: { q: marker } })
    ).id;

    // The head's plan and comment for A1, which only A1 and the heads above may read.
    await this.ok("headA", "PUT", `/api/v1/plans/${this.fixture.managerA1.id}/${this.month}`, { amount: 7319 });
    await this.ok("headA", "POST", `/api/v1/cabinet/manager/${this.fixture.managerA1.id}/week-comments`, {
      week: this.week,
      body: `План недели ${marker}`,
    });
    // Head A's «Планёрка» note on A1 for this week: the heads above A1 read it, A1 does not.
    ids.meetingNote = (
      await this.ok("headA", "PUT", `/api/v1/cabinet/manager/${this.fixture.managerA1.id}/meeting-notes/${this.week}`, {
        body: `Заметка ${marker}`,
      })
    ).id;

    // A task with everything a task holds, and A1's running timer on it.
    const task = await a1("POST", "/api/v1/tasks", {
      title: `Задача ${marker}`,
      checklist: [`Пункт ${marker}`],
      entityType: "deal",
      entityId: ids.deal,
    });
    ids.task = task.id;
    ids.checklistItem = (task.checklist as { id: string }[])[0]!.id;
    ids.taskComment = (await a1("POST", `/api/v1/tasks/${ids.task}/comments`, { body: `Обсуждение ${marker}` })).id;
    ids.taskFile = (
      await a1("POST", `/api/v1/tasks/${ids.task}/files`, multipartBody({}, textFile(`смета-${marker}.txt`)))
    ).id;
    ids.timeEntry = (
      await a1("POST", `/api/v1/tasks/${ids.task}/time-entries`, {
        day: this.today,
        minutes: 73,
        comment: `Работа ${marker}`,
      })
    ).id;
    await a1("POST", `/api/v1/tasks/${ids.task}/timer/start`);
    await a1("POST", "/api/v1/workday", { action: "start" });

    // Chats: a group chat of A1 and their head, and the deal's record chat.
    ids.chat = (await a1("POST", "/api/v1/chats", { title: `Чат ${marker}`, memberIds: [this.fixture.headA.id] })).id;
    ids.chatMessage = (await a1("POST", `/api/v1/chats/${ids.chat}/messages`, { body: `Сообщение ${marker}` })).id;
    const chatFile = await a1(
      "POST",
      `/api/v1/chats/${ids.chat}/files`,
      multipartBody({ body: marker }, textFile(`файл-${marker}.txt`)),
    );
    ids.chatFile = (chatFile.files as { id: string }[])[0]!.id;
    ids.recordChat = (await a1("POST", "/api/v1/chats/record", { entityType: "deal", entityId: ids.deal })).id;

    // A closed group of A1 and their head, with a task in it.
    ids.group = (
      await a1("POST", "/api/v1/groups", {
        name: `Группа ${marker}`,
        visibility: "closed",
        memberIds: [this.fixture.headA.id],
      })
    ).id;
    ids.groupTask = (await a1("POST", "/api/v1/tasks", { title: `Задача группы ${marker}`, groupId: ids.group })).id;

    // A1's drive: a folder and, beside it, a file; an upload waiting for its bytes, and one more for
    // the chunk route (the writes complete one and cancel the other).
    const drive = await this.ok<{ personal: { id: string } }>("managerA1", "GET", "/api/v1/drive/roots");
    ids.driveFolder = (
      await a1("POST", "/api/v1/drive/folders", { parentId: drive.personal.id, name: `Папка ${marker}` })
    ).id;
    const driveBytes = Buffer.from(`${marker} файл диска`);
    const driveUpload = await a1("POST", "/api/v1/drive/uploads", {
      folderId: drive.personal.id,
      name: `договор-${marker}.txt`,
      size: driveBytes.length,
    });
    const uploaded = await this.ok<{ file: { id: string } }>(
      "managerA1",
      "PUT",
      `/api/v1/drive/uploads/${driveUpload.id}/chunks/0`,
      { raw: driveBytes, contentType: "application/octet-stream" },
    );
    ids.driveFile = uploaded.file.id;
    // The extractor's work, done here by hand: the file's text, and a "thumbnail" (its own bytes).
    await this.db.execute(
      sql`update drive_files set content = ${`${marker} файл диска`}, content_state = 'done' where id = ${ids.driveFile}`,
    );
    await this.db.execute(
      sql`update drive_file_versions v set thumbnail_blob_id = v.blob_id where v.file_id = ${ids.driveFile}`,
    );
    // The link is on a file of its own, which no other write of the matrix moves or deletes.
    const shared = await a1("POST", "/api/v1/drive/uploads", {
      folderId: drive.personal.id,
      name: `для-клиента-${marker}.txt`,
      size: driveBytes.length,
    });
    ids.driveSharedFile = (
      await this.ok<{ file: { id: string } }>("managerA1", "PUT", `/api/v1/drive/uploads/${shared.id}/chunks/0`, {
        raw: driveBytes,
        contentType: "application/octet-stream",
      })
    ).file.id;
    ids.driveLink = (
      await a1("POST", "/api/v1/drive/links", {
        fileId: ids.driveSharedFile,
        expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      })
    ).id;
    await a1("POST", "/api/v1/drive/attachments", { entityType: "deal", entityId: ids.deal, fileId: ids.driveFile });
    const waiting = { folderId: drive.personal.id, size: Buffer.byteLength(`${marker}-x`) };
    ids.driveUpload = (await a1("POST", "/api/v1/drive/uploads", { ...waiting, name: `черновик-${marker}.txt` })).id;
    ids.driveChunkUpload = (await a1("POST", "/api/v1/drive/uploads", { ...waiting, name: `часть-${marker}.txt` })).id;

    // An important post of A1's to their closed group (A1 and their head), carrying the drive file and a
    // poll, with a comment.
    const post = await a1("POST", "/api/v1/feed", {
      body: `<p>Объявление ${marker}</p>`,
      audience: { groupIds: [ids.group] },
      important: true,
      driveFileIds: [ids.driveFile],
      poll: { question: `Опрос ${marker}`, options: [`Да ${marker}`, "Нет"] },
    });
    ids.feedPost = post.id;
    ids.feedFile = (post.files as { id: string }[])[0]!.id;
    ids.feedPollOption = (post.poll as { options: { id: string }[] }).options[0]!.id;
    ids.feedComment = (await a1("POST", `/api/v1/feed/${ids.feedPost}/comments`, { body: `Комментарий ${marker}` })).id;
    // A deal A1 won: the feed tells department A — A1's fellow manager among them, who may not read the
    // deal, so its title and id must not reach them.
    const [wonStage] = await rows<{ id: string }>(this.db, sql`select id from stages where semantic = 'won' limit 1`);
    ids.wonDeal = (
      await a1("POST", "/api/v1/deals", { title: `Выиграна ${marker}`, amount: 7319, stageId: wonStage!.id })
    ).id;

    // The company's sales book (everyone reads it; not A1's): a section and an article, written by the admin.
    ids.salesBookSection = (
      await this.ok("admin", "POST", "/api/v1/sales-book/sections", { title: "Книга продаж" })
    ).id;
    ids.salesBookArticle = (
      await this.ok("admin", "POST", "/api/v1/sales-book/articles", {
        sectionId: ids.salesBookSection,
        title: "Статья",
        body: "<p>Текст для всех</p>",
      })
    ).id;

    // Training: a course (company material, not A1's) that head A assigned to A1, and an attestation
    // of A1 alone, which A1 failed (so head A may repeat it).
    ids.trainingCourse = (await insertCourse(this.db, { authorId: this.fixture.admin.id, title: "Курс для всех" })).id;
    ids.courseAssignment = (
      await this.ok("headA", "POST", "/api/v1/training/assignments", {
        courseId: ids.trainingCourse,
        subject: { type: "user", id: this.fixture.managerA1.id },
      })
    ).id;
    const [attestation] = await rows<{ id: string }>(
      this.db,
      sql`insert into attestations (course_id, unit_id, title, held_on, created_by)
          values (${ids.trainingCourse}, ${this.fixture.departmentA}, ${`Аттестация ${marker}`}, ${this.today}, ${this.fixture.headA.id})
          returning id`,
    );
    ids.attestation = attestation!.id;
    await this.db.execute(
      sql`insert into attestation_people (attestation_id, user_id) values (${ids.attestation}, ${this.fixture.managerA1.id})`,
    );
    await insertAttempt(this.db, {
      courseId: ids.trainingCourse,
      userId: this.fixture.managerA1.id,
      status: "failed",
      score: 3,
      attestationId: ids.attestation,
    });
    // A1's attempts at a course with a free-text question (the course is the company's, by the admin):
    // one submitted and waiting for a grade, one open — both with A1's answers.
    const course = await this.ok<{ id: string }>("admin", "POST", "/api/v1/courses", { title: "Курс с тестом" });
    ids.course = course.id;
    await this.ok("admin", "POST", `/api/v1/courses/${ids.course}/lessons`, { title: "Урок" });
    const withQuestion = await this.ok<{ questions: { id: string }[] }>(
      "admin",
      "POST",
      `/api/v1/courses/${ids.course}/questions`,
      { kind: "text", text: "Расскажите о продукте", points: 2 },
    );
    ids.courseQuestion = withQuestion.questions[0]!.id;
    await this.ok("admin", "POST", `/api/v1/courses/${ids.course}/publish`);
    ids.courseGradingAttempt = (await a1("POST", `/api/v1/courses/${ids.course}/attempts`, {})).id;
    await a1("PUT", `/api/v1/attempts/${ids.courseGradingAttempt}/answers/${ids.courseQuestion}`, {
      text: `Ответ ${marker}`,
    });
    await a1("POST", `/api/v1/attempts/${ids.courseGradingAttempt}/submit`);
    ids.courseAttempt = (await a1("POST", `/api/v1/courses/${ids.course}/attempts`, {})).id;
    await a1("PUT", `/api/v1/attempts/${ids.courseAttempt}/answers/${ids.courseQuestion}`, {
      text: `Черновик ${marker}`,
    });

    // A meeting of A1's on the deal, with their head invited and the deal's contact taking part.
    ids.event = (
      await a1("POST", "/api/v1/events", {
        title: `Встреча ${marker}`,
        location: `Место ${marker}`,
        startsAt: this.now,
        endsAt: new Date(Date.parse(this.now) + 3_600_000).toISOString(),
        attendeeIds: [this.fixture.headA.id],
        contactIds: [ids.contact],
        dealId: ids.deal,
      })
    ).id;
    // The online meeting room of that meeting, with an agenda item of the meeting going on.
    ids.meetingRoom = (await a1("POST", "/api/v1/meeting-rooms", { eventId: ids.event })).id;
    ids.meetingItem = (
      await a1("POST", `/api/v1/meeting-rooms/${ids.meetingRoom}/items`, { kind: "agenda", body: `Повестка ${marker}` })
    ).id;

    // A workflow on A1's deal waiting for the head's approval.
    ids.template = (
      await this.ok("admin", "POST", "/api/v1/workflow-templates", {
        name: "Согласование сделки",
        entity: "deal",
        trigger: "manual",
        active: true,
        definition: {
          startStepId: "approve",
          steps: [
            {
              id: "approve",
              name: "Согласование",
              type: "approval",
              approver: { kind: "owner_head" },
              title: "Согласуйте",
              onApproved: null,
              onRejected: null,
            },
          ],
        },
      })
    ).id;
    ids.workflowInstance = (
      await a1("POST", "/api/v1/workflow-instances", { templateId: ids.template, entityId: ids.deal })
    ).id;
    await runDueWorkflowJobs(this.db);
    const approvals = await this.ok<{ items: { id: string }[] }>("headA", "GET", "/api/v1/workflow-approvals");
    ids.approval = approvals.items[0]!.id;

    // A1's import, uploaded and not started; and a notification addressed to A1.
    const csv = `Наименование;Город\nИмпорт ${marker};Алматы\n`;
    ids.import = (
      await a1(
        "POST",
        "/api/v1/imports",
        multipartBody(
          { entity: "companies" },
          { name: `импорт-${marker}.csv`, type: "text/csv", data: Buffer.from(csv) },
        ),
      )
    ).id;
    await this.ok("headA", "POST", "/api/v1/notifications/messages", {
      userId: this.fixture.managerA1.id,
      text: `Уведомление ${marker}`,
    });
    const notifications = await this.ok<{ items: { id: string }[] }>("managerA1", "GET", "/api/v1/notifications");
    ids.notification = notifications.items[0]!.id;
    await this.ok("managerA1", "PUT", `/api/v1/users/${this.fixture.managerA1.id}/photo`, {
      raw: onePixelPng,
      contentType: "image/png",
    });
  }

  /** The five CRM collections with A1's record in each. */
  crmRecords(): [string, string][] {
    const { company, contact, lead, deal, activity } = this.ids;
    return [
      ["companies", company!],
      ["contacts", contact!],
      ["leads", lead!],
      ["deals", deal!],
      ["activities", activity!],
    ];
  }

  /** Every id of A1's things: none may appear in an answer to someone outside their scope. */
  secrets(): string[] {
    const shared = new Set([
      this.ids.activityType,
      this.ids.template,
      this.ids.salesBookSection,
      this.ids.salesBookArticle,
      this.ids.trainingCourse,
      this.ids.course,
      this.ids.courseQuestion,
    ]);
    return [marker, ...Object.values(this.ids).filter((id) => !shared.has(id))];
  }
}
