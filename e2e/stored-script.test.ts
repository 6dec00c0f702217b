import { addDays, dayInTimeZone, isoWeekOf } from "@planerka/common";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, baseUrl, launchBrowser, logIn, screenshot } from "./browser";

/**
 * Stored script: hostile text in every user-entered field that a screen shows must come back as
 * text. Each field gets one of the payloads below with its own label; every screen is then checked
 * for the text being drawn, for `window.__xss` staying undefined, for no dialog, and for no element
 * carrying an `on…` handler attribute or a `javascript:` address.
 *
 * Fields covered (user-entered text, as listed by /api/v1/openapi.json):
 * - units: name; users: name, position;
 * - pipelines: name; stages: name; activity types: name;
 * - companies: name, address, city, industry; contacts: name, position;
 * - leads: title, source, contactName, companyName, comment;
 * - deals: title, source; activities: subject, description, result (lists, timelines, the week table);
 * - comments on companies, contacts, leads and deals (card timelines; an activity's comments are stored
 *   through the API too, though no screen shows them yet);
 * - letters from a deal: subject, body (deal timeline, outbox);
 * - the head's week comments (manager cabinet, «Личные планы»);
 * - tasks: title, description (rich text, sanitised by the server), checklist items, comments,
 *   time entry comments, file names;
 * - chats: group title, messages, file names; «Написать» notification texts, task notifications;
 * - workflow templates: name, description, step names, step titles and messages;
 * - saved filters: name; API tokens: name.
 * Not user text or validated to a strict shape (never free text): logins, e-mails, phones, BIN,
 * codes, colours, dates, amounts, deal numbers.
 */

const hostile = [
  (label: string) => `<script>window.__xss=(window.__xss||0)+1</script> ${label}`,
  (label: string) => `<img src=x onerror="window.__xss=(window.__xss||0)+1"> ${label}`,
  (label: string) => `"><svg onload="window.__xss=(window.__xss||0)+1"> ${label}`,
  (label: string) => `javascript:window.__xss=1 ${label}`,
  (label: string) => `{{constructor.constructor('window.__xss=1')()}} ${label}`,
  (label: string) => `=HYPERLINK("http://evil","x") ${label}`,
];

/** Rich text fields (task descriptions and comments) take HTML: the payload as text in it, escaped. */
const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** What the DOM must never hold, and whether the payload ran. */
interface Findings {
  xss: unknown;
  handlers: string[];
  scriptLinks: string[];
}

function findingsIn(page: Page): Promise<Findings> {
  return page.evaluate(() => {
    const handlers: string[] = [];
    const scriptLinks: string[] = [];
    for (const element of Array.from(document.querySelectorAll("*"))) {
      for (const attribute of Array.from(element.attributes)) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith("on")) handlers.push(`${element.tagName} ${name}=${attribute.value.slice(0, 60)}`);
        // The browser ignores whitespace and control characters around and inside a scheme.
        // biome-ignore lint/suspicious/noControlCharactersInRegex: those characters are what is ignored
        const value = attribute.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
        if (
          ["href", "src", "action", "formaction", "xlink:href", "data"].includes(name) &&
          value.startsWith("javascript:")
        )
          scriptLinks.push(`${element.tagName} ${name}=${attribute.value.slice(0, 60)}`);
      }
    }
    return { xss: (window as unknown as { __xss?: unknown }).__xss, handlers, scriptLinks };
  });
}

describe("stored script stays text", () => {
  let browser: Browser;
  const marker = Date.now().toString(36);
  let counter = 0;
  /** A hostile value with a unique label; payloads rotate over the fields. */
  const payload = (field: string) => hostile[counter++ % hostile.length]!(`${field} ${marker}`);
  const values: Record<string, string> = {};
  const value = (field: string) => {
    values[field] ??= payload(field);
    return values[field]!;
  };
  const ids: Record<string, string> = {};
  const dialogs: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const session = async (login: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "ru-RU" });
    const page = await context.newPage();
    page.on("dialog", (dialog) => {
      dialogs.push(`${login}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await logIn(page, login, "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    return { context, page };
  };

  /** A write from inside the page, with its session and origin, as the web app makes it; must succeed. */
  const api = async <T = { id: string }>(page: Page, method: string, path: string, body?: unknown): Promise<T> => {
    const result = await page.evaluate(
      async ([url, verb, json]) => {
        const response = await fetch(url, {
          method: verb,
          headers: json === undefined ? {} : { "Content-Type": "application/json" },
          body: json === undefined ? undefined : JSON.stringify(json),
        });
        const text = await response.text();
        return { status: response.status, text };
      },
      [`/api/v1${path}`, method, body] as const,
    );
    expect(result.status, `${method} ${path}: ${result.text}`).toBeLessThan(300);
    return (result.text ? JSON.parse(result.text) : {}) as T;
  };

  /** A multipart upload of a small text file under a hostile name. */
  const upload = async (page: Page, path: string, fileName: string, fields: Record<string, string> = {}) => {
    const status = await page.evaluate(
      async ([url, name, extra]) => {
        const form = new FormData();
        for (const [key, text] of Object.entries(extra)) form.append(key, text);
        form.append("file", new Blob(["Прайс-лист\n"], { type: "text/plain" }), name);
        return (await fetch(url, { method: "POST", body: form })).status;
      },
      [`/api/v1${path}`, fileName, fields] as const,
    );
    expect(status, `upload ${path}`).toBe(201);
  };

  /**
   * Opens (or stays on) a screen, waits until each field's text is drawn, then checks that nothing
   * ran and nothing executable reached the DOM.
   */
  const check = async (page: Page, name: string, fields: string[], url?: string) => {
    if (url) await page.goto(`${baseUrl()}${url}`);
    for (const field of fields) {
      const text = values[field]!;
      // Drawn text (innerText skips hidden elements) or the value of a field being edited.
      const shown = () =>
        page.evaluate(
          (wanted) =>
            document.body.innerText.includes(wanted) ||
            Array.from(document.querySelectorAll("input, textarea")).some(
              (input) => (input as HTMLInputElement | HTMLTextAreaElement).value === wanted,
            ),
          text,
        );
      await expect.poll(shown, { message: `${name}: «${field}» is not shown as text` }).toBe(true);
    }
    const findings = await findingsIn(page);
    expect(findings, name).toEqual({ xss: undefined, handlers: [], scriptLinks: [] });
    expect(dialogs, name).toEqual([]);
  };

  /** A day's row of the week table opens its details, which list each activity. */
  const openDay = async (page: Page, date: string) => {
    const [, month, day] = date.split("-");
    const row = page.getByRole("table").locator("th button[aria-expanded]", { hasText: `${day}.${month}` });
    if ((await row.getAttribute("aria-expanded")) === "false") await row.click();
  };

  it("stores hostile text in every user-entered field", async () => {
    const admin = await session("admin");
    const manager = await session("a.ismailova");
    const head = await session("d.kozlov");
    const settings = await apiGet<{ timeZone: string }>(admin.page, "/settings");
    const today = dayInTimeZone(new Date(), settings.timeZone);
    const headMe = await apiGet<{ id: string; unitId: string; headedUnitIds: string[] }>(head.page, "/me");
    const managerMe = await apiGet<{ id: string; name: string }>(manager.page, "/me");
    ids.manager = managerMe.id;
    ids.head = headMe.id;
    ids.nextWeek = isoWeekOf(addDays(today, 7));
    ids.today = today;

    // The company tree and the staff: a unit under the head's one, with an employee in it.
    const unit = await api(admin.page, "POST", "/units", {
      name: value("unit.name"),
      kind: "department",
      parentId: headMe.headedUnitIds[0],
    });
    ids.unit = unit.id;
    const user = await api(admin.page, "POST", "/users", {
      login: `xss.${marker}`,
      password: "demo-demo",
      name: value("user.name"),
      position: value("user.position"),
      role: "manager",
      unitId: unit.id,
    });
    ids.user = user.id;

    // CRM settings: a pipeline with hostile stage names, an activity type in the weekly table.
    const pipeline = await api<{ id: string; stages: { id: string; semantic: string }[] }>(
      admin.page,
      "POST",
      "/pipelines",
      {
        name: value("pipeline.name"),
        stages: [
          { name: value("stage.open"), color: "#228be6", semantic: "open" },
          { name: value("stage.won"), color: "#40c057", semantic: "won" },
          { name: value("stage.lost"), color: "#fa5252", semantic: "lost" },
        ],
      },
    );
    ids.pipeline = pipeline.id;
    const type = await api(admin.page, "POST", "/activity-types", {
      code: `xss_${marker}`,
      name: value("activityType.name"),
      category: "call",
      direction: "out",
      inWeeklyTable: true,
    });
    await api(admin.page, "POST", "/api-tokens", { name: value("apiToken.name"), scopes: ["crm:read"] });

    // The manager's CRM records, linked so that every card's related lists show them too.
    const company = await api(manager.page, "POST", "/companies", {
      name: value("company.name"),
      address: value("company.address"),
      city: value("company.city"),
      industry: value("company.industry"),
      emails: ["client@example.kz"],
    });
    ids.company = company.id;
    const contact = await api(manager.page, "POST", "/contacts", {
      name: value("contact.name"),
      position: value("contact.position"),
      companyId: company.id,
    });
    ids.contact = contact.id;
    const lead = await api(manager.page, "POST", "/leads", {
      title: value("lead.title"),
      source: value("lead.source"),
      contactName: value("lead.contactName"),
      companyName: value("lead.companyName"),
      comment: value("lead.comment"),
    });
    ids.lead = lead.id;
    const deal = await api(manager.page, "POST", "/deals", {
      title: value("deal.title"),
      source: value("deal.source"),
      pipelineId: pipeline.id,
      stageId: pipeline.stages.find((stage) => stage.semantic === "open")!.id,
      amount: 12_345,
      companyId: company.id,
      contactId: contact.id,
    });
    ids.deal = deal.id;
    const now = new Date();
    const activity = await api(manager.page, "POST", "/activities", {
      typeId: type.id,
      subject: value("activity.subject"),
      description: value("activity.description"),
      dueAt: now.toISOString(),
      completedAt: now.toISOString(),
      result: value("activity.result"),
      dealId: deal.id,
      companyId: company.id,
    });
    ids.activity = activity.id;
    await api(manager.page, "POST", "/activities", {
      typeId: type.id,
      subject: value("activity.planned"),
      description: value("activity.plannedDescription"),
      dueAt: `${addDays(today, 7)}T06:00:00Z`,
      dealId: deal.id,
    });
    for (const entity of ["companies", "contacts", "leads", "deals", "activities"] as const) {
      const id = {
        companies: company.id,
        contacts: contact.id,
        leads: lead.id,
        deals: deal.id,
        activities: activity.id,
      }[entity];
      await api(manager.page, "POST", `/${entity}/${id}/comments`, { body: value(`${entity}.comment`) });
    }
    await api(manager.page, "POST", "/saved-filters", {
      entity: "deals",
      name: value("savedFilter.name"),
      params: { q: marker },
    });
    await api(manager.page, "POST", `/deals/${deal.id}/emails`, {
      to: "client@example.kz",
      subject: value("email.subject"),
      body: value("email.body"),
    });

    // The head's comment on the manager's plan for next week, and a «Написать» message.
    await api(head.page, "POST", `/cabinet/manager/${managerMe.id}/week-comments`, {
      week: ids.nextWeek,
      body: value("weekComment.body"),
    });
    await api(head.page, "POST", "/notifications/messages", { userId: managerMe.id, text: value("notification.text") });

    // A task the head sets for the manager: rich description, checklist, comment, time, file.
    const task = await api(head.page, "POST", "/tasks", {
      title: value("task.title"),
      description: `<p>${escapeHtml(value("task.description"))}</p><script>window.__xss=1</script><p><a href="javascript:window.__xss=1">ссылка ${marker}</a> <img src=x onerror="window.__xss=1"><iframe src="javascript:window.__xss=1"></iframe></p>`,
      assigneeId: managerMe.id,
      checklist: [value("task.checklist")],
    });
    ids.task = task.id;
    await api(head.page, "POST", `/tasks/${task.id}/comments`, {
      body: `<p>${escapeHtml(value("task.comment"))} <img src=x onerror="window.__xss=1"> <a href="javascript:window.__xss=1">ссылка</a></p>`,
    });
    await api(manager.page, "POST", `/tasks/${task.id}/time-entries`, {
      day: today,
      minutes: 15,
      comment: value("timeEntry.comment"),
    });
    // Browsers send a quote in a file name as %22, so these payloads do without quotes.
    values["task.file"] = `<img src=x onerror=window.__xss=1> задача ${marker}.txt`;
    await upload(head.page, `/tasks/${task.id}/files`, values["task.file"]);

    // A group chat with a hostile title, message and file.
    const chat = await api(head.page, "POST", "/chats", { title: value("chat.title"), memberIds: [managerMe.id] });
    ids.chat = chat.id;
    await api(head.page, "POST", `/chats/${chat.id}/messages`, { body: value("chat.message") });
    await api(head.page, "POST", `/chats/${chat.id}/messages`, {
      body: `javascript:window.__xss=1 [x](javascript:window.__xss=1) ${marker}`,
    });
    values["chat.file"] = `><svg onload=window.__xss=1> чат ${marker}.txt`;
    await upload(head.page, `/chats/${chat.id}/files`, values["chat.file"]);

    // A workflow template with hostile names, titles and texts in its steps.
    const template = await api(admin.page, "POST", "/workflow-templates", {
      name: value("workflow.name"),
      description: value("workflow.description"),
      entity: "deal",
      trigger: "manual",
      active: true,
      definition: {
        startStepId: "notify",
        steps: [
          {
            id: "notify",
            name: value("workflow.step.name"),
            type: "notify",
            recipient: { kind: "owner" },
            message: value("workflow.step.message"),
            next: "task",
          },
          {
            id: "task",
            name: value("workflow.step2.name"),
            type: "task",
            assignee: { kind: "owner" },
            title: value("workflow.step.title"),
            description: value("workflow.step.description"),
            next: null,
          },
        ],
      },
    });
    ids.template = template.id;
    // Run on the deal: the owner is notified with the step's message and gets a task with its title.
    await api(admin.page, "POST", "/workflow-instances", { templateId: template.id, entityId: deal.id });
    for (const { context } of [admin, manager, head]) await context.close();
  });

  it("the manager's CRM screens, cabinet, tasks, chat and notifications draw it as text", async () => {
    const { context, page } = await session("a.ismailova");
    await check(page, "companies list", ["company.name"], `/crm/companies?q=${marker}`);
    await check(
      page,
      "company card",
      ["company.name", "company.address", "company.city", "company.industry", "companies.comment", "contact.name"],
      `/crm/companies/${ids.company}`,
    );
    await check(page, "contacts list", ["contact.name"], `/crm/contacts?q=${marker}`);
    await check(
      page,
      "contact card",
      ["contact.name", "contact.position", "contacts.comment", "company.name"],
      `/crm/contacts/${ids.contact}`,
    );
    await check(page, "leads list", ["lead.title"], `/crm/leads?q=${marker}`);
    await check(
      page,
      "lead card",
      ["lead.title", "lead.source", "lead.contactName", "lead.companyName", "lead.comment", "leads.comment"],
      `/crm/leads/${ids.lead}`,
    );
    await check(page, "deals list", ["deal.title"], `/crm/deals?q=${marker}`);
    await page.getByRole("button", { name: "Сохранённые фильтры" }).click();
    await check(page, "saved filters menu", ["savedFilter.name"]);
    await page.keyboard.press("Escape");
    await check(
      page,
      "deals kanban",
      ["deal.title", "stage.open", "stage.won"],
      `/crm/deals?view=kanban&pipelineId=${ids.pipeline}`,
    );
    await screenshot(page, "s1-kanban-hostile");
    await check(
      page,
      "deal card and its timeline",
      [
        "deal.title",
        "deal.source",
        "stage.open",
        "company.name",
        "contact.name",
        "deals.comment",
        "activity.subject",
        "activity.result",
        "activity.plannedDescription",
        "email.subject",
        "email.body",
      ],
      `/crm/deals/${ids.deal}`,
    );
    await screenshot(page, "s2-deal-card-hostile");
    await check(
      page,
      "completed activities",
      ["activity.subject", "activity.result"],
      `/activities?tab=completed&q=${encodeURIComponent(marker)}`,
    );
    await check(
      page,
      "upcoming activities",
      ["activity.planned"],
      `/activities?tab=upcoming&q=${encodeURIComponent(marker)}`,
    );
    await check(page, "cabinet week table", ["activityType.name"], "/cabinet");
    await openDay(page, ids.today!);
    await check(page, "cabinet week details", ["activity.subject"]);
    await check(page, "cabinet plans", ["weekComment.body"], `/cabinet?tab=plans&week=${ids.nextWeek}`);
    await openDay(page, addDays(ids.today!, 7));
    await check(page, "cabinet plans details", ["activity.planned"]);
    await check(page, "tasks list", ["task.title"], "/tasks");
    await check(
      page,
      "task card",
      ["task.title", "task.description", "task.checklist", "task.comment", "timeEntry.comment", "task.file"],
      `/tasks/${ids.task}`,
    );
    await screenshot(page, "s3-task-card-hostile");
    await check(page, "processes", ["workflow.name"], `/workflows?show=all&templateId=${ids.template}`);
    await check(page, "chat", ["chat.title", "chat.message", "chat.file"], `/chat/${ids.chat}`);
    await page.getByTestId("notifications-bell").click();
    await check(page, "notifications", ["notification.text", "task.title", "workflow.step.message"]);
    await screenshot(page, "s4-notifications-hostile");
    await context.close();
  });

  it("the head's cabinet, a manager's cabinet and the export dialog draw it as text", async () => {
    const { context, page } = await session("d.kozlov");
    await check(page, "head cabinet", ["unit.name"], "/head");
    await page.getByRole("button", { name: "Экспорт" }).click();
    await page.getByRole("dialog").waitFor();
    await check(page, "export dialog", []);
    await page.keyboard.press("Escape");
    await check(page, "new employee's cabinet", ["user.name"], `/cabinet/${ids.user}`);
    await check(
      page,
      "manager's plans with the head's comment",
      ["weekComment.body"],
      `/cabinet/${ids.manager}?tab=plans&week=${ids.nextWeek}`,
    );
    await context.close();
  });

  it("the administrator's directory, settings and workflow screens draw it as text", async () => {
    const { context, page } = await session("admin");
    await page.goto(`${baseUrl()}/units?unit=${ids.unit}`);
    await page.getByRole("button", { name: "Развернуть всё" }).click();
    await check(page, "company tree and the unit's staff", ["unit.name", "user.name", "user.position"]);
    await check(page, "staff", ["user.name"], `/users?q=${marker}`);
    await check(page, "pipelines", ["pipeline.name"], "/settings/pipelines");
    await check(page, "activity types", ["activityType.name"], "/settings/activity-types");
    await check(page, "API tokens", ["apiToken.name"], "/settings/api-tokens");
    await check(page, "outbox", ["email.subject"], "/settings/outbox");
    await check(page, "workflow templates", ["workflow.name"], "/settings/workflows");
    await check(
      page,
      "workflow editor",
      ["workflow.name", "workflow.step.name", "workflow.step.message", "workflow.step.title"],
      `/settings/workflows/${ids.template}`,
    );
    await screenshot(page, "s5-workflow-editor-hostile");
    // The probe itself finds a handler attribute and a script address when they are there.
    await page.evaluate(() => {
      const link = document.createElement("a");
      link.setAttribute("href", " JavaScript:void 0");
      link.setAttribute("onclick", "void 0");
      link.id = "probe";
      document.body.append(link);
    });
    const planted = await findingsIn(page);
    expect(planted.handlers).toEqual(["A onclick=void 0"]);
    expect(planted.scriptLinks).toEqual(["A href= JavaScript:void 0"]);
    await context.close();
  });
});
