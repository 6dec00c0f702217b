import { createHash } from "node:crypto";
import {
  salesBookBodyMaxChars as maxBody,
  type SalesBookArticle,
  type SalesBookArticleSummary,
  type SalesBookSection,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { ok, roots, uploadFile } from "../drive/drive-test-kit";

type Page = { items: SalesBookArticleSummary[]; total: number };
const base = "/api/v1/sales-book";
const sha256 = (data: Buffer | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** «Книга продаж»: everyone reads and searches it, heads, tops and admins write it. */
describe("the sales book", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let admin: Client;
  let top: Client;
  let headA: Client;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;

  const section = (client: Client, title: string) =>
    ok<SalesBookSection>(client.request("POST", `${base}/sections`, { title }), 201);
  const article = (client: Client, body: Record<string, unknown>) =>
    ok<SalesBookArticle>(client.request("POST", `${base}/articles`, body), 201);
  const search = (client: Client, q: string, extra = "") =>
    ok<Page>(client.request("GET", `${base}/articles?q=${encodeURIComponent(q)}${extra}`));
  /** Every table's row count: a refused write must leave all of them as they were. */
  const counts = async () =>
    (
      await rows<{ counts: string }>(
        context.handle.db,
        sql`select concat_ws(',', (select count(*) from sales_book_sections), (select count(*) from sales_book_articles),
              (select count(*) from sales_book_article_files), (select count(*) from sales_book_feedback),
              (select max(version) from sales_book_articles), (select count(*) from audit_log)) as counts`,
      )
    )[0]!.counts;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [admin, top, headA, managerA1, managerA2, managerB1] = await loginEach(context.app, [
      "admin-user",
      "top-user",
      "head-a",
      "manager-a1",
      "manager-a2",
      "manager-b1",
    ]);
  });

  it("lets a manager read and search the book but not write it; heads, tops and admins write", async () => {
    const equipment = await section(headA, "Оборудование");
    expect(equipment).toMatchObject({
      title: "Оборудование",
      articleCount: 0,
      abilities: { edit: true, delete: true },
    });
    const written = await article(headA, {
      sectionId: equipment.id,
      title: "Как читать паспорт аппарата",
      body: "<p>Смотрите на <strong>ПВ</strong> и диапазон тока.</p>",
    });
    expect(written).toMatchObject({
      section: { id: equipment.id, title: "Оборудование" },
      author: { id: fixture.headA.id },
      version: 1,
      feedback: { helpful: 0, notHelpful: 0, mine: null },
      abilities: { edit: true, delete: true },
    });

    // The manager reads everything, with no ability to change it.
    const sections = await ok<{ items: SalesBookSection[]; abilities: { create: boolean } }>(
      managerA1.request("GET", `${base}/sections`),
    );
    expect(sections.abilities.create).toBe(false);
    expect(sections.items).toEqual([
      expect.objectContaining({ id: equipment.id, articleCount: 1, abilities: { edit: false, delete: false } }),
    ]);
    const listed = await ok<Page>(managerA1.request("GET", `${base}/articles?sectionId=${equipment.id}`));
    expect(listed.total).toBe(1);
    expect(listed.items[0]).toMatchObject({
      id: written.id,
      snippet: [{ text: "Смотрите на ПВ и диапазон тока.", match: false }],
      abilities: { edit: false, delete: false },
    });
    const opened = await ok<SalesBookArticle>(managerA1.request("GET", `${base}/articles/${written.id}`));
    expect(opened.body).toBe("<p>Смотрите на <strong>ПВ</strong> и диапазон тока.</p>");
    expect(opened.abilities).toEqual({ edit: false, delete: false });

    // Every write is the guard's 403 for a manager, and nothing changes.
    const before = await counts();
    for (const [method, url, body] of [
      ["POST", `${base}/sections`, { title: "Свой раздел" }],
      ["PATCH", `${base}/sections/${equipment.id}`, { title: "Переименовал" }],
      ["PUT", `${base}/sections/order`, { sectionIds: [equipment.id] }],
      ["DELETE", `${base}/sections/${equipment.id}`, undefined],
      ["POST", `${base}/articles`, { sectionId: equipment.id, title: "Моя статья", body: "Текст" }],
      ["PATCH", `${base}/articles/${written.id}`, { title: "Чужое", version: 1 }],
      ["DELETE", `${base}/articles/${written.id}`, undefined],
    ] as const) {
      const answer = await managerA1.request(method, url, body);
      expect(answer.statusCode, `${method} ${url}`).toBe(403);
      expect(answer.json().detail).toBe("Your role may not do this");
    }
    expect(await counts()).toBe(before);

    // Tops and administrators write too.
    const byTop = await section(top, "Регламенты");
    const byAdmin = await article(admin, { sectionId: byTop.id, title: "Скидки", body: "До 5% без согласования" });
    expect(byAdmin.body).toBe("<p>До 5% без согласования</p>");
  });

  it("finds Russian word forms in titles and text, title matches first, with the words marked in a snippet", async () => {
    const welding = await section(headA, "Сварка");
    const other = await section(headA, "Продажи");
    const inTitle = await article(headA, {
      sectionId: welding.id,
      title: "Инверторные аппараты",
      body: "<p>Лёгкие и экономичные источники тока.</p>",
    });
    const inText = await article(headA, {
      sectionId: other.id,
      title: "Возражения клиентов",
      body:
        "<p>Клиент говорит, что трансформатор надёжнее. Ответ: современный инвертор защищён от перепадов " +
        "напряжения, а у инвертора выше КПД и меньше масса.</p><p>Duty cycle is the share of ten minutes.</p>",
    });
    await article(headA, { sectionId: other.id, title: "Про гарантию", body: "<p>Гарантия 24 месяца.</p>" });

    // «инвертором» is neither word as written: the stems match, the title's hit ranks first.
    const found = await search(managerB1, "инвертором");
    expect(found.items.map((item) => item.id)).toEqual([inTitle.id, inText.id]);
    expect(found.total).toBe(2);
    const marked = found.items[1]!.snippet.filter((piece) => piece.match).map((piece) => piece.text.toLowerCase());
    expect(marked.length).toBeGreaterThan(0);
    for (const word of marked) expect(word.startsWith("инвертор")).toBe(true);
    expect(found.items[1]!.snippet.map((piece) => piece.text).join("")).toContain("инвертор защищён");

    // Several words: all of them; a word's beginning as it is typed; English word forms.
    expect((await search(managerA1, "инвертор масса")).items.map((item) => item.id)).toEqual([inText.id]);
    expect((await search(managerA1, "возраж")).items.map((item) => item.id)).toEqual([inText.id]);
    expect((await search(managerA1, "cycles")).items.map((item) => item.id)).toEqual([inText.id]);
    // Within a section; nothing for words that are nowhere, or for punctuation alone.
    expect((await search(managerA1, "инвертор", `&sectionId=${welding.id}`)).items.map((item) => item.id)).toEqual([
      inTitle.id,
    ]);
    expect(await search(managerA1, "плазморез")).toEqual({ items: [], total: 0 });
    expect(await search(managerA1, "&|!:*()")).toEqual({ items: [], total: 0 });

    // Paging through the results keeps the ranking.
    const first = await ok<Page>(
      managerA1.request("GET", `${base}/articles?q=${encodeURIComponent("инвертор")}&limit=1`),
    );
    const second = await ok<Page>(
      managerA1.request("GET", `${base}/articles?q=${encodeURIComponent("инвертор")}&limit=1&offset=1`),
    );
    expect([first.total, second.total]).toEqual([2, 2]);
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual([inTitle.id, inText.id]);

    // Markup never reaches the snippet: it is plain text (ts_headline leaves out tag-like words), script is gone.
    const tricky = await article(headA, {
      sectionId: other.id,
      title: "Разметка",
      body: "<p>Слово &lt;b&gt;полужирное&lt;/b&gt; и <script>alert(1)</script> отгрузка</p>",
    });
    const hit = (await search(managerA1, "отгрузка")).items.find((item) => item.id === tricky.id)!;
    expect(hit.snippet.map((piece) => piece.text).join("")).toMatch(/^Слово\s+полужирное\s+и отгрузка$/);
    expect(hit.snippet.filter((piece) => piece.match).map((piece) => piece.text)).toEqual(["отгрузка"]);
  });

  it("refuses an edit from a stale version with 409 and changes nothing; moves an article between sections", async () => {
    const from = await section(headA, "Черновики");
    const to = await section(headA, "Готовое");
    const draft = await article(headA, { sectionId: from.id, title: "Черновик", body: "<p>Первый вариант</p>" });
    const edited = await ok<SalesBookArticle>(
      top.request("PATCH", `${base}/articles/${draft.id}`, { title: "Чистовик", version: 1 }),
    );
    expect(edited).toMatchObject({ title: "Чистовик", version: 2, body: "<p>Первый вариант</p>" });

    const before = await counts();
    const stale = await headA.request("PATCH", `${base}/articles/${draft.id}`, {
      body: "<p>Поверх чужой правки</p>",
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().type).toBe("urn:planerka:problem:stale-version");
    expect(await counts()).toBe(before);
    expect((await ok<SalesBookArticle>(headA.request("GET", `${base}/articles/${draft.id}`))).body).toBe(
      "<p>Первый вариант</p>",
    );

    const moved = await ok<SalesBookArticle>(
      headA.request("PATCH", `${base}/articles/${draft.id}`, { sectionId: to.id, version: 2 }),
    );
    expect(moved).toMatchObject({ section: { id: to.id, title: "Готовое" }, version: 3 });
    const sections = await ok<{ items: SalesBookSection[] }>(managerA1.request("GET", `${base}/sections`));
    const countOf = (id: string) => sections.items.find((item) => item.id === id)!.articleCount;
    expect([countOf(from.id), countOf(to.id)]).toEqual([0, 1]);
    const [audit] = await rows<{ changes: { field: string; old: unknown; new: unknown }[] }>(
      context.handle.db,
      sql`select changes from audit_log where entity = 'sales_book_article' and entity_id = ${draft.id}
          and action = 'update' order by at desc, id desc limit 1`,
    );
    expect(audit!.changes).toEqual([{ field: "sectionId", old: from.id, new: to.id }]);

    // Sections in a new order: the named ones first, the rest after them as they were.
    const all = await ok<{ items: SalesBookSection[] }>(managerA1.request("GET", `${base}/sections`));
    const reordered = await ok<{ items: SalesBookSection[] }>(
      headA.request("PUT", `${base}/sections/order`, { sectionIds: [to.id, from.id] }),
    );
    expect(reordered.items.map((item) => item.id)).toEqual([
      to.id,
      from.id,
      ...all.items.map((item) => item.id).filter((id) => id !== to.id && id !== from.id),
    ]);
    const renamed = await ok<SalesBookSection>(
      headA.request("PATCH", `${base}/sections/${to.id}`, { title: "Готовые статьи" }),
    );
    expect(renamed).toMatchObject({ title: "Готовые статьи", articleCount: 1, abilities: { delete: false } });
  });

  it("counts «Было полезно» answers, one per person and changeable", async () => {
    const faq = await section(headA, "Вопросы");
    const useful = await article(headA, {
      sectionId: faq.id,
      title: "Доставка",
      body: "<p>По Казахстану 3–5 дней</p>",
    });
    const answers = new Map<Client, boolean>();
    const answer = async (client: Client, helpful: boolean) => {
      answers.set(client, helpful);
      return ok<SalesBookArticle>(client.request("PUT", `${base}/articles/${useful.id}/feedback`, { helpful }));
    };
    await answer(managerA1, true);
    await answer(managerA2, true);
    await answer(managerB1, false);
    await answer(managerA1, true);
    const changed = await answer(managerA2, false);
    const tally = { helpful: 0, notHelpful: 0 };
    for (const value of answers.values()) tally[value ? "helpful" : "notHelpful"] += 1;
    expect(tally).toEqual({ helpful: 1, notHelpful: 2 });
    expect(changed.feedback).toEqual({ ...tally, mine: false });
    const [stored] = await rows<{ yes: number; no: number }>(
      context.handle.db,
      sql`select count(*) filter (where helpful)::int as yes, count(*) filter (where not helpful)::int as no
          from sales_book_feedback where article_id = ${useful.id}`,
    );
    expect(stored).toEqual({ yes: tally.helpful, no: tally.notHelpful });
    // Each reader sees their own answer; someone who has not answered sees none.
    for (const [client, helpful] of answers) {
      const seen = await ok<SalesBookArticle>(client.request("GET", `${base}/articles/${useful.id}`));
      expect(seen.feedback).toEqual({ ...tally, mine: helpful });
    }
    expect(
      (await ok<SalesBookArticle>(headA.request("GET", `${base}/articles/${useful.id}`))).feedback.mine,
    ).toBeNull();
    const listed = await ok<Page>(headA.request("GET", `${base}/articles?sectionId=${faq.id}`));
    expect(listed.items[0]!.helpfulCount).toBe(tally.helpful);
    const bad = await managerA1.request("PUT", `${base}/articles/${useful.id}/feedback`, { helpful: "да" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe("body.helpful");
  });

  it("carries a drive file that every reader downloads byte for byte, and drops it when asked", async () => {
    const docs = await section(headA, "Документы");
    const bytes = Buffer.from("Прайс-лист: инвертор 200 А — 185 000 ₸\n".repeat(200));
    const price = await uploadFile(headA, (await roots(headA)).personal.id, "Прайс.txt", bytes, "text/plain");
    const strangers = await uploadFile(
      managerA1,
      (await roots(managerA1)).personal.id,
      "Личное.txt",
      Buffer.from("не для книги"),
      "text/plain",
    );
    const before = await counts();
    const refused = await headA.request("POST", `${base}/articles`, {
      sectionId: docs.id,
      title: "Чужой файл",
      body: "Текст",
      driveFileIds: [strangers.id],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].path).toBe("driveFileIds");
    expect(await counts()).toBe(before);

    const withFile = await article(headA, {
      sectionId: docs.id,
      title: "Прайс",
      body: "<p>Актуальный прайс во вложении</p>",
      driveFileIds: [price.id],
    });
    expect(withFile.files).toEqual([
      { id: expect.any(String), name: "Прайс.txt", mimeType: "text/plain", size: bytes.length, isImage: false },
    ]);
    const fileUrl = `${base}/articles/${withFile.id}/files/${withFile.files[0]!.id}`;
    const download = await managerB1.request("GET", fileUrl);
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-disposition"]).toContain("attachment");
    expect(sha256(download.rawPayload)).toBe(sha256(bytes));
    // A file of another article is not this article's.
    const plain = await article(headA, { sectionId: docs.id, title: "Без файлов", body: "Текст" });
    expect(
      (await managerB1.request("GET", `${base}/articles/${plain.id}/files/${withFile.files[0]!.id}`)).statusCode,
    ).toBe(404);

    const unknown = await headA.request("PATCH", `${base}/articles/${withFile.id}`, {
      removeFileIds: [plain.id],
      version: 1,
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].path).toBe("removeFileIds");
    const dropped = await ok<SalesBookArticle>(
      headA.request("PATCH", `${base}/articles/${withFile.id}`, { removeFileIds: [withFile.files[0]!.id], version: 1 }),
    );
    expect(dropped.files).toEqual([]);
    expect((await managerB1.request("GET", fileUrl)).statusCode).toBe(404);
    const again = await ok<SalesBookArticle>(
      headA.request("PATCH", `${base}/articles/${withFile.id}`, { driveFileIds: [price.id], version: 2 }),
    );
    expect(again.files.map((file) => file.name)).toEqual(["Прайс.txt"]);
  });

  it("answers 404 for a deleted article on every route, and deletes a section only when it is empty", async () => {
    const old = await section(headA, "Архив");
    const gone = await article(headA, {
      sectionId: old.id,
      title: "Устаревшее",
      body: "<p>Старые цены прошлого года</p>",
    });
    const kept = await article(headA, { sectionId: old.id, title: "Ещё нужное", body: "Текст" });
    const full = await headA.request("DELETE", `${base}/sections/${old.id}`);
    expect(full.statusCode).toBe(409);
    expect(full.json().detail).toContain("2 article(s)");

    await ok(headA.request("DELETE", `${base}/articles/${gone.id}`), 204);
    for (const [method, url, body] of [
      ["GET", `${base}/articles/${gone.id}`, undefined],
      ["PATCH", `${base}/articles/${gone.id}`, { title: "Воскрешение", version: 1 }],
      ["DELETE", `${base}/articles/${gone.id}`, undefined],
      ["PUT", `${base}/articles/${gone.id}/feedback`, { helpful: true }],
      ["GET", `${base}/articles/${gone.id}/files/${gone.id}`, undefined],
    ] as const) {
      const answer = await headA.request(method, url, body);
      expect(answer.statusCode, `${method} ${url}`).toBe(404);
      expect(answer.body).not.toContain("Устаревшее");
      if (method === "GET" || method === "PUT")
        expect((await managerA1.request(method, url, body)).statusCode, `${method} ${url} as a manager`).toBe(404);
    }
    expect((await search(managerA1, "устаревшее")).items).toEqual([]);
    const listed = await ok<Page>(managerA1.request("GET", `${base}/articles?sectionId=${old.id}`));
    expect(listed.items.map((item) => item.id)).toEqual([kept.id]);

    await ok(headA.request("DELETE", `${base}/articles/${kept.id}`), 204);
    await ok(headA.request("DELETE", `${base}/sections/${old.id}`), 204);
    for (const [method, url, body] of [
      ["GET", `${base}/articles?sectionId=${old.id}`, undefined],
      ["PATCH", `${base}/sections/${old.id}`, { title: "Снова" }],
      ["DELETE", `${base}/sections/${old.id}`, undefined],
    ] as const) {
      expect((await headA.request(method, url, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    const sections = await ok<{ items: SalesBookSection[] }>(managerA1.request("GET", `${base}/sections`));
    expect(sections.items.map((item) => item.id)).not.toContain(old.id);
    const into = await headA.request("POST", `${base}/articles`, { sectionId: old.id, title: "Туда", body: "Текст" });
    expect(into.statusCode).toBe(422);
    expect(into.json().errors[0].path).toBe("sectionId");
  });

  it("refuses bad input naming the field, and stores nothing", async () => {
    const place = await section(headA, "Проверки");
    const before = await counts();
    const post = (body: Record<string, unknown>) => headA.request("POST", `${base}/articles`, body);
    const refusals: [Promise<{ statusCode: number; json: () => { errors: { path: string }[] } }>, number, string][] = [
      [post({ sectionId: place.id, title: "", body: "Текст" }), 400, "body.title"],
      [post({ sectionId: place.id, title: "x".repeat(301), body: "Текст" }), 400, "body.title"],
      [post({ sectionId: "не-id", title: "Заголовок", body: "Текст" }), 400, "body.sectionId"],
      [post({ sectionId: place.id, title: "Заголовок", body: "" }), 400, "body.body"],
      [post({ sectionId: place.id, title: "Заголовок", body: `<p>${"ж".repeat(maxBody)}</p>` }), 422, "body"],
      [post({ sectionId: place.id, title: "Заголовок", body: "<script>alert(1)</script>" }), 422, "body"],
      [
        post({ sectionId: "00000000-0000-4000-8000-000000000000", title: "Заголовок", body: "Текст" }),
        422,
        "sectionId",
      ],
      [post({ sectionId: place.id, title: "Заголовок", body: "Текст", driveFileIds: [place.id] }), 422, "driveFileIds"],
      [post({ sectionId: place.id, title: "Заголовок", body: "Текст", extra: 1 }), 400, "body"],
      [headA.request("POST", `${base}/sections`, { title: "  " }), 400, "body.title"],
      [headA.request("POST", `${base}/sections`, { title: "проверки" }), 409, "title"],
      [headA.request("PUT", `${base}/sections/order`, { sectionIds: [place.id, place.id] }), 422, "sectionIds"],
      [
        headA.request("PUT", `${base}/sections/order`, { sectionIds: ["00000000-0000-4000-8000-000000000000"] }),
        422,
        "sectionIds",
      ],
      [managerA1.request("GET", `${base}/articles?q=${"x".repeat(201)}`), 400, "query.q"],
    ];
    for (const [pending, status, path] of refusals) {
      const answer = await pending;
      expect(answer.statusCode, path).toBe(status);
      expect(answer.json().errors[0]!.path).toBe(path);
    }
    const long = await post({ sectionId: place.id, title: "Заголовок", body: `<p>${"ж".repeat(maxBody)}</p>` });
    expect(long.json().detail).toContain(`${maxBody}`);
    expect(await counts()).toBe(before);
  });
});
