import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, artifactsDir, baseUrl, screenshot as fullPageShot, launchBrowser, logIn } from "./browser";

interface TemplateJson {
  id: string;
  name: string;
  active: boolean;
  builtinKey: string | null;
  trigger: string;
  entity: string;
  definition: {
    startStepId: string;
    steps: { id: string; type: string; next?: string | null; [key: string]: unknown }[];
  };
}

interface InstanceJson {
  id: string;
  status: string;
  templateId: string;
  history: { seq: number; stepType: string; status: string; outcome: string | null }[];
}

/** A write from inside the page, with its session and origin, as the web app makes it. */
function apiPost<T>(page: Page, path: string, body: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ([url, json]) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(json),
      });
      return { status: response.status, body: await response.json() };
    },
    [`/api/v1${path}`, body] as const,
  ) as Promise<{ status: number; body: T }>;
}

/** From the top: a full-page shot of a scrolled page draws the fixed header over the middle. */
async function screenshot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullPageShot(page, name);
}

/**
 * The whole page in one viewport as tall as the page, so the editor's sticky save bar sits at the
 * bottom of the picture rather than over the middle of a stitched full-page shot.
 */
async function tallShot(page: Page, name: string) {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(height, viewport.height) });
  await screenshot(page, name);
  await page.setViewportSize(viewport);
}

/** A field by its whole label, with or without the asterisk of a required one. */
const labelled = (label: string) => new RegExp(`^${label}( \\*)?$`);

/** Picks an option of a Mantine Select by the input's label. */
async function choose(scope: Page | ReturnType<Page["locator"]>, page: Page, label: string, option: string) {
  await scope.getByLabel(labelled(label)).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

describe("workflows in the browser", () => {
  let browser: Browser;
  const marker = Date.now().toString(36);
  const templateName = `Проверка сделки ${marker}`;
  const message = `Проверьте сделку ${marker}`;
  const newTitle = `Сделка проверена ${marker}`;
  let templateId: string;
  let owner: { id: string; name: string };
  let deal: { id: string; title: string };

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const session = async (login: string, viewport = { width: 1366, height: 768 }) => {
    const context = await browser.newContext({ viewport, locale: "ru-RU", isMobile: viewport.width < 500 });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await logIn(page, login, "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    return { context, page };
  };

  it("an administrator builds a two-step workflow for deals, started by hand, and saves it active", async () => {
    const { context, page } = await session("admin");

    // The templates list: the built-in ones are there, switched off, ready to switch on.
    await page.goto(`${baseUrl()}/settings/workflows`);
    const list = page.getByRole("table", { name: "Шаблоны бизнес-процессов" });
    await list.waitFor();
    const builtins = await apiGet<{ items: TemplateJson[] }>(page, "/workflow-templates");
    const shipped = builtins.items.filter((template) => template.builtinKey !== null);
    expect(shipped.length).toBeGreaterThan(0);
    expect(shipped.every((template) => !template.active)).toBe(true);
    await list.getByText(shipped[0]!.name).waitFor();
    await expect.poll(() => list.getByText("Встроенный").count()).toBe(shipped.length);
    await screenshot(page, "80-workflow-templates");

    await page.getByRole("link", { name: "Новый процесс" }).click();
    await page.getByRole("heading", { name: "Новый бизнес-процесс" }).waitFor();
    const general = page.getByRole("region", { name: "Основное" });
    await general.getByRole("textbox", { name: "Название", exact: true }).fill(templateName);
    await general.getByRole("textbox", { name: "Описание" }).fill("Сообщить владельцу и пометить сделку.");
    expect(await general.getByLabel(labelled("Запись")).inputValue()).toBe("Сделка");
    expect(await general.getByLabel(labelled("Запуск")).inputValue()).toBe("Вручную");
    expect(await general.getByRole("switch", { name: /Активен/ }).isChecked()).toBe(true);

    // Step 1: a notification to the record's owner. Saved empty, the message is refused at its field.
    const addStep = page.getByRole("button", { name: "Добавить шаг" });
    await addStep.click();
    await page.getByRole("menuitem", { name: "Уведомление" }).click();
    const first = page.getByRole("group", { name: "Шаг 1" });
    expect(await first.getByLabel(labelled("Получатель")).inputValue()).toBe("Владелец записи");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.getByRole("alert").filter({ hasText: "Проверьте отмеченные поля." }).waitFor();
    const messageField = first.getByRole("textbox", { name: "Текст уведомления" });
    await expect.poll(() => messageField.getAttribute("aria-invalid")).toBe("true");
    await first.getByText("Заполните поле").waitFor();
    await messageField.fill(message);
    await expect.poll(() => first.getByText("Заполните поле").count()).toBe(0);

    // Step 2: set the deal's title. Adding it after step 1 chains them.
    await addStep.click();
    await page.getByRole("menuitem", { name: "Изменить поле" }).click();
    const second = page.getByRole("group", { name: "Шаг 2" });
    await choose(second, page, "Поле", "Название");
    await second.getByRole("textbox", { name: "Новое значение" }).fill(newTitle);
    expect(await first.getByLabel(labelled("Далее")).inputValue()).toBe("Шаг 2: Изменить поле");
    expect(await second.getByLabel(labelled("Далее")).inputValue()).toBe("Завершить процесс");
    const preview = page.getByTestId("flow-preview");
    await preview.getByText("Изменить поле").waitFor();
    await tallShot(page, "81-workflow-editor");

    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.waitForURL(/\/settings\/workflows\/[0-9a-f-]{36}$/);
    templateId = page.url().split("/").at(-1)!;
    const saved = await apiGet<TemplateJson>(page, `/workflow-templates/${templateId}`);
    expect(saved).toMatchObject({ name: templateName, entity: "deal", trigger: "manual", active: true });
    const [notify, setField] = saved.definition.steps;
    expect(saved.definition.startStepId).toBe(notify!.id);
    expect(notify).toMatchObject({ type: "notify", recipient: { kind: "owner" }, message, next: setField!.id });
    expect(setField).toMatchObject({ type: "set_field", field: "title", value: newTitle, next: null });

    // The server's 422 names a field deep in the definition: the editor shows it at that field.
    await page.route(`**/api/v1/workflow-templates/${templateId}`, (route) =>
      route.request().method() === "PATCH"
        ? route.fulfill({
            status: 422,
            contentType: "application/problem+json",
            body: JSON.stringify({
              type: "urn:planerka:problem:validation",
              title: "Invalid template",
              status: 422,
              detail: "The template has problems",
              errors: [{ path: "definition.steps.1.value", message: `Значение отклонено ${marker}` }],
            }),
          })
        : route.fallback(),
    );
    await page.getByRole("heading", { name: templateName }).waitFor();
    const savedSecond = page.getByRole("group", { name: "Шаг 2" });
    await savedSecond.getByRole("textbox", { name: "Новое значение" }).fill(`${newTitle}!`);
    await page.getByRole("button", { name: "Сохранить" }).click();
    await savedSecond.getByText(`Значение отклонено ${marker}`).waitFor();
    await page.unroute(`**/api/v1/workflow-templates/${templateId}`);
    await page.getByRole("button", { name: "Отменить изменения" }).click();
    await expect.poll(() => savedSecond.getByRole("textbox", { name: "Новое значение" }).inputValue()).toBe(newTitle);
    await context.close();
  });

  it("a deal's card starts it by hand and shows it completed, with both steps in its history", async () => {
    const { context, page } = await session("admin");
    const users = await apiGet<{ items: { id: string; login: string; name: string }[] }>(page, "/users?q=ismailova");
    owner = users.items.find((user) => user.login === "a.ismailova")!;
    const created = await apiPost<{ id: string; title: string }>(page, "/deals", {
      title: `Проверка процесса ${marker}`,
      ownerId: owner.id,
      amount: 150000,
    });
    expect(created.status).toBe(201);
    deal = created.body;

    await page.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    const panel = page.getByRole("region", { name: "Бизнес-процессы" });
    await panel.getByText("Процессов по этой записи нет.").waitFor();
    await panel.getByRole("button", { name: "Запустить" }).click();
    const dialog = page.getByRole("dialog", { name: "Запустить процесс" });
    await choose(dialog, page, "Процесс", templateName);
    await dialog.getByRole("button", { name: "Запустить процесс" }).click();
    await dialog.waitFor({ state: "detached" });

    // The engine runs in the background; the panel polls until the instance has finished.
    const item = panel.getByRole("listitem", { name: templateName });
    await expect.poll(() => item.getAttribute("data-status"), { timeout: 30_000 }).toBe("completed");
    await item.getByText("Завершён").waitFor();
    // The step changed the deal: the card reloads it without being asked.
    await page.getByRole("heading", { name: newTitle }).waitFor();
    await screenshot(page, "82-deal-workflow-panel");

    await item.getByRole("button", { name: `Открыть процесс ${templateName}` }).click();
    const drawer = page.getByRole("dialog", { name: "Процесс" });
    const history = drawer.getByRole("region", { name: "История шагов" });
    await history.getByText("Шаг 1 · Уведомление").waitFor();
    await history.getByText("Шаг 2 · Изменить поле").waitFor();
    await history.getByText("отправлено", { exact: true }).waitFor();
    await history.getByText("поле изменено", { exact: true }).waitFor();
    await screenshot(page, "83-workflow-history");

    // The effects, through the API: the deal's title changed; both steps done in order.
    const changed = await apiGet<{ title: string }>(page, `/deals/${deal.id}`);
    expect(changed.title).toBe(newTitle);
    const instances = await apiGet<{ items: { id: string }[] }>(
      page,
      `/workflow-instances?entity=deal&entityId=${deal.id}`,
    );
    expect(instances.items).toHaveLength(1);
    const detail = await apiGet<InstanceJson>(page, `/workflow-instances/${instances.items[0]!.id}`);
    expect(detail).toMatchObject({ status: "completed", templateId });
    expect(detail.history.map((run) => [run.seq, run.stepType, run.status, run.outcome])).toEqual([
      [1, "notify", "done", "sent"],
      [2, "set_field", "done", "set"],
    ]);

    // The list of instances shows it among the finished ones.
    await page.goto(`${baseUrl()}/workflows?show=finished`);
    await page.locator(`[data-instance-id="${detail.id}"]`).waitFor();
    await screenshot(page, "84-workflows-list-laptop");
    await context.close();

    // The owner received the notification.
    const ownerSession = await session("a.ismailova");
    const notifications = await apiGet<{ items: { kind: string; title: string; link: string | null }[] }>(
      ownerSession.page,
      "/notifications?limit=50",
    );
    const notice = notifications.items.find((entry) => entry.title === message);
    expect(notice).toMatchObject({ kind: "workflow_notice" });
    expect(notice!.link).toContain(deal.id);
    await ownerSession.context.close();
  });

  it("«Ждут моего решения»: the approver finds the approval, approves it, and the workflow goes on", async () => {
    const { context, page } = await session("admin");
    const me = await apiGet<{ id: string }>(page, "/me");
    const approvalTitle = `Скидка 10% по сделке ${marker}`;
    const template = await apiPost<{ id: string }>(page, "/workflow-templates", {
      name: `Согласование скидки ${marker}`,
      entity: "deal",
      trigger: "manual",
      active: true,
      definition: {
        startStepId: "approve",
        steps: [
          {
            id: "approve",
            name: "Согласовать скидку",
            type: "approval",
            approver: { kind: "user", userId: me.id },
            title: approvalTitle,
            onApproved: "mark",
            onRejected: null,
          },
          {
            id: "mark",
            name: "Отметить источник",
            type: "set_field",
            field: "source",
            value: `Скидка ${marker}`,
            next: null,
          },
        ],
      },
    });
    expect(template.status).toBe(201);
    const started = await apiPost<{ id: string }>(page, "/workflow-instances", {
      templateId: template.body.id,
      entityId: deal.id,
    });
    expect(started.status).toBe(201);

    // The sidebar counts it; the tab lists it.
    await page.goto(`${baseUrl()}/workflows`);
    const nav = page.getByRole("navigation", { name: "Разделы портала" });
    await nav.getByLabel(/Ждут вашего решения: \d+/).waitFor();
    await page.getByRole("tab", { name: /Ждут моего решения/ }).click();
    const approval = page.getByRole("listitem", { name: approvalTitle });
    await approval.waitFor();
    await approval.getByText(`Сделка: ${newTitle}`).waitFor();
    await screenshot(page, "88-workflow-approvals");
    await approval.getByRole("button", { name: "Согласовать" }).click();
    const dialog = page.getByRole("dialog", { name: `Согласовать: ${approvalTitle}` });
    await dialog.getByRole("textbox", { name: "Комментарий" }).fill("Согласовано, клиент постоянный");
    await dialog.getByRole("button", { name: "Согласовать" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => approval.count()).toBe(0);

    // The decision moved the workflow on: approved, the field set, completed; the decider is in its history.
    await expect
      .poll(async () => (await apiGet<InstanceJson>(page, `/workflow-instances/${started.body.id}`)).status)
      .toBe("completed");
    const detail = await apiGet<InstanceJson & { history: { outcome: string; actor: { id: string } | null }[] }>(
      page,
      `/workflow-instances/${started.body.id}`,
    );
    expect(detail.history.map((run) => run.outcome)).toEqual(["approved", "set"]);
    expect(detail.history[0]!.actor?.id).toBe(me.id);
    expect((await apiGet<{ source: string }>(page, `/deals/${deal.id}`)).source).toBe(`Скидка ${marker}`);

    await page.goto(`${baseUrl()}/workflows?show=finished&instance=${started.body.id}`);
    const drawer = page.getByRole("dialog", { name: "Процесс" });
    await drawer.getByText("Решение: ").first().waitFor();
    await drawer.getByText("согласовано", { exact: true }).waitFor();
    await screenshot(page, "89-workflow-approved-history");
    await context.close();
  });

  it("works on a phone: the list, the card's panel and the editor", async () => {
    const { context, page } = await session("admin", { width: 390, height: 844 });
    await page.goto(`${baseUrl()}/workflows?show=all`);
    await page.getByRole("heading", { name: "Бизнес-процессы" }).waitFor();
    await page
      .getByRole("button", { name: `Открыть процесс ${templateName}` })
      .first()
      .waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "85-workflows-phone");

    await page.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    const panel = page.getByRole("region", { name: "Бизнес-процессы" });
    await panel.getByRole("listitem", { name: templateName }).waitFor();
    // The panel where a phone shows it, below the card's details: the viewport, not the whole page.
    await panel.scrollIntoViewIfNeeded();
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, "86-deal-workflow-phone.png") });

    await page.goto(`${baseUrl()}/settings/workflows/${templateId}`);
    await page.getByRole("group", { name: "Шаг 2" }).waitFor();
    const editorOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(editorOverflow).toBeLessThanOrEqual(0);
    await tallShot(page, "87-workflow-editor-phone");
    await context.close();
  });
});
