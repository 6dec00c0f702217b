import { type SQL, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { computeScope } from "../../platform/scope/access-scope";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { activitySpec } from "./activity.resource";
import { companySpec } from "./company.resource";
import { contactSpec } from "./contact.resource";
import { listConditions, type ResourceSpec, searchCountLimit } from "./crm-resource";
import { dealSpec } from "./deal.resource";
import { leadSpec } from "./lead.resource";

/** The lists' `q`: every word in some searched field, phones by digits, within the caller's scope. */
describe("CRM search", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  const ids: Record<string, string> = {};

  const create = async (client: Client, collection: string, body: Record<string, unknown>) => {
    const response = await client.request("POST", `/api/v1/${collection}`, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; number?: number };
  };

  /** Names (or titles, subjects) of what `client` finds for `q`, sorted; the total must agree. */
  const found = async (client: Client, collection: string, q: string) => {
    const response = await client.request("GET", `/api/v1/${collection}?limit=200&q=${encodeURIComponent(q)}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { items: Record<string, string>[]; total: number };
    expect(body.total).toBe(body.items.length);
    return body.items.map((item) => item.name ?? item.title ?? item.subject).sort();
  };

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA] = await loginEach(context.app, ["manager-a1", "manager-a2", "head-a"]);
    ids.service = (
      await create(managerA1, "companies", {
        name: "ТОО «Идемпотент Сервис»",
        emails: ["ec7713@idem.kz"],
        phones: ["+7 701 000 00 01"],
        city: "Алматы",
      })
    ).id;
    ids.warehouse = (
      await create(managerA1, "companies", { name: "ТОО «Идемпотент Склад»", phones: ["8 (701) 771-30-00"] })
    ).id;
    await create(managerA1, "companies", { name: "АО «Прочая»", phones: ["+7 727 277 13 99"], city: "Шымкент" });
    // The same words, another manager's: never found by managerA1.
    await create(managerA2, "companies", {
      name: "ТОО «Идемпотент Чужой»",
      emails: ["ec7713@other.kz"],
      phones: ["+7 701 771 30 00"],
    });
    await create(managerA1, "contacts", {
      name: "Иванов Пётр Сергеевич",
      position: "Главный инженер",
      phones: ["+7 777 123 45 67"],
      emails: ["p.ivanov@idem.kz"],
      companyId: ids.service,
    });
    await create(managerA1, "contacts", { name: "Иванова Анна", position: "Бухгалтер" });
    await create(managerA1, "leads", {
      title: "Заявка с сайта на электроды",
      contactName: "Сериков Ержан",
      companyName: "ИП Сериков",
      phone: "87015550011",
    });
    await create(managerA1, "deals", { title: "Поставка электродов ОК 46", amount: 1, companyId: ids.service });
    await create(managerA1, "deals", { title: "Поставка проволоки ER70S", amount: 1, companyId: ids.warehouse });
    await create(managerA2, "deals", { title: "Поставка электродов чужая", amount: 1 });
    const [type] = (await managerA1.request("GET", "/api/v1/activity-types")).json().items;
    await create(managerA1, "activities", {
      typeId: type.id,
      subject: "Звонок по счёту",
      description: "Обсудить отгрузку проволоки до пятницы",
      dueAt: new Date().toISOString(),
    });
  });

  it("finds a company only when every word matches one of its fields", async () => {
    // Name and e-mail: the other companies with 7713 in a phone are not found.
    expect(await found(managerA1, "companies", "Идемпотент ec7713")).toEqual(["ТОО «Идемпотент Сервис»"]);
    // Digits alone reach e-mails and phones alike.
    expect(await found(managerA1, "companies", "7713")).toEqual([
      "АО «Прочая»",
      "ТОО «Идемпотент Сервис»",
      "ТОО «Идемпотент Склад»",
    ]);
    expect(await found(managerA1, "companies", "идемпотент 7713")).toEqual([
      "ТОО «Идемпотент Сервис»",
      "ТОО «Идемпотент Склад»",
    ]);
    expect(await found(managerA1, "companies", "Идемпотент ec7713 Шымкент")).toEqual([]);
    expect(await found(managerA1, "companies", "Алматы сервис")).toEqual(["ТОО «Идемпотент Сервис»"]);
    // Words in any order, one word never spanning two fields.
    expect(await found(managerA1, "companies", "idem.kz Идемпотент")).toEqual(["ТОО «Идемпотент Сервис»"]);
    expect(await found(managerA1, "companies", "Сервис» ec7713")).toEqual(["ТОО «Идемпотент Сервис»"]);
    expect(await found(managerA1, "companies", "Сервис»ec7713")).toEqual([]);
  });

  it("finds a piece of a word, in any case, Cyrillic too", async () => {
    expect(await found(managerA1, "companies", "ДЕМПОТ")).toEqual([
      "ТОО «Идемпотент Сервис»",
      "ТОО «Идемпотент Склад»",
    ]);
    expect(await found(managerA1, "companies", "емпотент скл")).toEqual(["ТОО «Идемпотент Склад»"]);
    expect(await found(managerA1, "contacts", "ИВАНОВ")).toEqual(["Иванов Пётр Сергеевич", "Иванова Анна"]);
    expect(await found(managerA1, "contacts", "иванов инженер")).toEqual(["Иванов Пётр Сергеевич"]);
    expect(await found(managerA1, "contacts", "иванов бухгалтер")).toEqual(["Иванова Анна"]);
    expect(await found(managerA1, "contacts", "ivanov@IDEM")).toEqual(["Иванов Пётр Сергеевич"]);
    // The words' own %, _ and \ are literal.
    expect(await found(managerA1, "companies", "%")).toEqual([]);
    expect(await found(managerA1, "companies", "Идем_отент")).toEqual([]);
  });

  it("finds a phone however its digits are written", async () => {
    for (const q of ["+7 (701) 771-30-00", "8 701 771 30 00", "87017713000", "771-30-00", "Склад 771 30 00"]) {
      expect(await found(managerA1, "companies", q), q).toEqual(["ТОО «Идемпотент Склад»"]);
    }
    expect(await found(managerA1, "contacts", "+7 777 123-45-67")).toEqual(["Иванов Пётр Сергеевич"]);
    expect(await found(managerA1, "leads", "8 (701) 555 00 11")).toEqual(["Заявка с сайта на электроды"]);
    expect(await found(managerA1, "leads", "сериков электроды")).toEqual(["Заявка с сайта на электроды"]);
    // Fewer than 4 digits is no phone search, and digits inside a word do not search phones.
    expect(await found(managerA1, "companies", "ec0001")).toEqual([]);
    expect(await found(managerA1, "companies", "0001")).toEqual(["ТОО «Идемпотент Сервис»"]);
  });

  it("finds a deal by title, number and its company's name, word by word", async () => {
    expect(await found(managerA1, "deals", "поставка")).toEqual([
      "Поставка проволоки ER70S",
      "Поставка электродов ОК 46",
    ]);
    expect(await found(managerA1, "deals", "электродов идемпотент")).toEqual(["Поставка электродов ОК 46"]);
    expect(await found(managerA1, "deals", "идемпотент")).toEqual([
      "Поставка проволоки ER70S",
      "Поставка электродов ОК 46",
    ]);
    expect(await found(managerA1, "deals", "склад er70")).toEqual(["Поставка проволоки ER70S"]);
    expect(await found(managerA1, "deals", "склад электродов")).toEqual([]);
    const [deal] = (await managerA1.request("GET", `/api/v1/deals?q=${encodeURIComponent("ОК 46")}`)).json().items;
    expect(await found(managerA1, "deals", `${deal.number}`)).toContain("Поставка электродов ОК 46");
    expect(await found(managerA1, "activities", "проволок звонок")).toEqual(["Звонок по счёту"]);
    expect(await found(managerA1, "activities", "проволок встреча")).toEqual([]);
  });

  it("never finds what lies outside the caller's scope, in lists and the kanban's counts", async () => {
    expect(await found(managerA1, "deals", "электродов")).toEqual(["Поставка электродов ОК 46"]);
    expect(await found(managerA2, "deals", "электродов")).toEqual(["Поставка электродов чужая"]);
    expect(await found(headA, "deals", "электродов")).toEqual([
      "Поставка электродов ОК 46",
      "Поставка электродов чужая",
    ]);
    expect(await found(managerA1, "companies", "чужой")).toEqual([]);
    expect(await found(headA, "companies", "Идемпотент ec7713")).toEqual([
      "ТОО «Идемпотент Сервис»",
      "ТОО «Идемпотент Чужой»",
    ]);
    // A deal is not found by the name of a company its owner may not read.
    const foreign = await create(managerA2, "companies", { name: "ТОО «Невидимка»" });
    await create(headA, "deals", {
      title: "Сделка с невидимкой",
      amount: 1,
      ownerId: fixture.managerA1.id,
      companyId: foreign.id,
    });
    expect(await found(managerA1, "deals", "невидимк")).toEqual(["Сделка с невидимкой"]);
    expect(await found(managerA1, "deals", "Невидимка»")).toEqual([]);
    expect(await found(headA, "deals", "Невидимка»")).toEqual(["Сделка с невидимкой"]);
    const kanban = (
      await managerA1.request("GET", `/api/v1/deals/kanban?q=${encodeURIComponent("электродов")}`)
    ).json();
    const counted = kanban.columns.reduce((sum: number, column: { count: number }) => sum + column.count, 0);
    expect(counted).toBe(1);
    const headKanban = (
      await headA.request("GET", `/api/v1/deals/kanban?q=${encodeURIComponent("электродов")}`)
    ).json();
    expect(headKanban.columns.reduce((sum: number, column: { count: number }) => sum + column.count, 0)).toBe(2);
  });

  it("pages through a search's matches in the list's order", async () => {
    for (let index = 1; index <= 12; index++) {
      await create(managerA1, "companies", { name: `Страница ${String(index).padStart(2, "0")}`, city: "Тараз" });
    }
    const page = async (query: string) => {
      const response = await managerA1.request("GET", `/api/v1/companies?q=${encodeURIComponent("страница")}&${query}`);
      const body = response.json() as { items: { name: string }[]; total: number };
      return { names: body.items.map((item) => item.name), total: body.total };
    };
    expect(await page("sort=-name&limit=5&offset=5")).toEqual({
      names: ["Страница 07", "Страница 06", "Страница 05", "Страница 04", "Страница 03"],
      total: 12,
    });
    expect(await page("sort=name&limit=5&offset=10")).toEqual({ names: ["Страница 11", "Страница 12"], total: 12 });
    expect(await page("limit=5&offset=20")).toEqual({ names: [], total: 12 });
  });

  it("counts a search's matches up to 1,000 and says so beyond, still paging through them", async () => {
    const over = searchCountLimit + 5;
    // Others of the manager's companies sort before the matches by name: a page by name cannot come
    // from walking the order (it would walk past 400 of them first) and is sorted from the matches.
    await context.handle.db.execute(sql`
      insert into companies (name, owner_id, created_by)
      select 'Аист ' || lpad(n::text, 5, '0'), ${fixture.managerA1.id}, ${fixture.managerA1.id}
      from generate_series(1, 400) n`);
    await context.handle.db.execute(sql`
      insert into companies (name, owner_id, created_by)
      select 'Массовая ' || lpad(n::text, 5, '0'), ${fixture.managerA1.id}, ${fixture.managerA1.id}
      from generate_series(1, ${over}) n`);
    const list = async (client: Client, query: string) => {
      const response = await client.request("GET", `/api/v1/companies?q=${encodeURIComponent("массовая")}&${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { items: { name: string }[]; total: number; totalCapped?: boolean };
    };
    const first = await list(managerA1, "sort=name&limit=3");
    expect(first.total).toBe(searchCountLimit);
    expect(first.totalCapped).toBe(true);
    expect(first.items.map((item) => item.name)).toEqual(["Массовая 00001", "Массовая 00002", "Массовая 00003"]);
    // Backwards the matches come first: the page is walked, and it is the same page.
    const last = await list(managerA1, "sort=-name&limit=3&offset=2");
    expect(last.items.map((item) => item.name)).toEqual(["Массовая 01003", "Массовая 01002", "Массовая 01001"]);
    expect(last).toMatchObject({ total: searchCountLimit, totalCapped: true });
    // Past the counted rows the matches still come, in order, up to the last one.
    const tail = await list(managerA1, `sort=name&limit=50&offset=${searchCountLimit}`);
    expect(tail.items.map((item) => item.name)).toEqual(
      Array.from({ length: 5 }, (_, index) => `Массовая ${String(searchCountLimit + index + 1).padStart(5, "0")}`),
    );
    // A search under the limit is counted exactly and says nothing more; others' companies stay out.
    const expected = Array.from({ length: over }, (_, index) => String(index + 1).padStart(5, "0")).filter((number) =>
      number.includes("0999"),
    ).length;
    const few = (await managerA1.request("GET", `/api/v1/companies?q=${encodeURIComponent("массовая 0999")}`)).json();
    expect(few.total).toBe(expected);
    expect(few.items).toHaveLength(expected);
    expect(few.totalCapped).toBeUndefined();
    expect(await list(managerA2, "limit=1")).toEqual({ items: [], total: 0 });
    // A list without a search is counted exactly, however long.
    const [own] = await rows<{ count: number }>(
      context.handle.db,
      sql`select count(*)::int as count from companies where owner_id = ${fixture.managerA1.id} and deleted_at is null`,
    );
    const all = (await managerA1.request("GET", "/api/v1/companies?limit=1")).json();
    expect(all.total).toBe(own!.count);
    expect(all.total).toBeGreaterThan(searchCountLimit);
    expect(all.totalCapped).toBeUndefined();
  });

  it("refuses more than ten words, naming the parameter", async () => {
    const q = Array.from({ length: 11 }, (_, index) => `слово${index}`).join(" ");
    const response = await managerA1.request("GET", `/api/v1/companies?q=${encodeURIComponent(q)}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe("query.q");
    expect(await found(managerA1, "companies", " Идемпотент   ec7713 ")).toEqual(["ТОО «Идемпотент Сервис»"]);
  });

  it("searches users by every word too", async () => {
    const response = await headA.request("GET", `/api/v1/users?q=${encodeURIComponent("manager a2")}`);
    expect(response.json().items.map((user: { login: string }) => user.login)).toEqual(["manager-a2"]);
  });

  // The search must be written as the indexes are (migration 0033), or a million deals are read
  // one by one. Without sequential scans the planner shows whether the trigram index can serve it.
  it.each([
    ["companies", companySpec, "companies_search_idx"],
    ["contacts", contactSpec, "contacts_search_idx"],
    ["leads", leadSpec, "leads_search_idx"],
    ["deals", dealSpec, "deals_title_search_idx"],
    ["activities", activitySpec, "activities_search_idx"],
  ] as [string, ResourceSpec, string][])("%s: the search can use its trigram index", async (_name, spec, index) => {
    const scope = await computeScope(context.handle.db, {
      id: fixture.admin.id,
      role: "admin",
      unitId: fixture.rootUnitId,
    });
    for (const q of ["Идемпотент ec7713", "+7 701 771 30 00"]) {
      const where = listConditions(spec, scope, { limit: 50, offset: 0, q });
      const plan = await explainWithoutSeqScan(sql`select count(*) from ${spec.table} ${spec.alias} where ${where}`);
      expect(plan, q).toContain(index);
    }
  });

  const explainWithoutSeqScan = (query: SQL) =>
    context.handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const plan = await rows<{ "QUERY PLAN": string }>(tx, sql`explain ${query}`);
      return plan.map((line) => line["QUERY PLAN"]).join("\n");
    });
});
