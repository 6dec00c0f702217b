import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, baseUrl, escapeRegExp, launchBrowser, logIn, screenshot } from "./browser";

interface UserRow {
  id: string;
  login: string;
  name: string;
  role: string;
  unitName: string;
}

interface GroupRow {
  id: string;
  name: string;
  visibility: string;
  myRole: string | null;
  members: { id: string; role: string }[];
}

interface TaskRow {
  id: string;
  title: string;
  group: { id: string; name: string } | null;
}

describe("groups in the browser", () => {
  let browser: Browser;
  const marker = Date.now().toString(36);
  const groupName = `Проект запуска линии ${marker}`;
  const taskTitle = `Согласовать график монтажа ${marker}`;
  let creator: UserRow;
  let colleague: UserRow;
  let outsider: UserRow;
  let groupId: string;
  let taskId: string;

  const session = async (login: string, viewport = { width: 1366, height: 768 }) => {
    const context = await browser.newContext({ viewport, locale: "ru-RU", isMobile: viewport.width < 500 });
    const page = await context.newPage();
    await logIn(page, login, "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    return { context, page };
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    // Three managers of one office (Костанай), whom the other browser tests leave alone.
    const { context, page } = await session("admin");
    const users = await apiGet<{ items: UserRow[] }>(page, "/users?role=manager&limit=500&sort=name");
    const office = users.items.filter((user) => user.unitName === "Костанай");
    [creator, colleague, outsider] = office as [UserRow, UserRow, UserRow];
    expect(outsider).toBeDefined();
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const groupsCard = (page: Page) => page.getByRole("list", { name: "Группы и проекты" });

  it("a manager creates a closed group with a colleague and a task in it from the group's page", async () => {
    const { context, page } = await session(creator.login);
    await page.getByRole("link", { name: "Группы", exact: true }).click();
    await page.getByRole("heading", { name: "Группы и проекты" }).waitFor();
    await page.getByRole("button", { name: "Создать группу" }).click();
    const dialog = page.getByRole("dialog", { name: "Новая группа" });
    await dialog.getByLabel("Название").fill(groupName);
    await dialog.getByLabel("Описание").fill("Монтаж и пусконаладка новой линии у клиента");
    await dialog.getByText("Проект", { exact: true }).click();
    await dialog.getByText("Закрытая", { exact: true }).click();
    await dialog.getByLabel("Участники", { exact: true }).fill(colleague.name);
    // The server's search narrows the list to the colleague (the dropdown opens outside the dialog).
    await expect.poll(() => page.getByRole("option", { name: colleague.name }).count()).toBe(1);
    await page.getByRole("option", { name: colleague.name }).click();
    await dialog.getByRole("button", { name: "Создать", exact: true }).click();

    await page.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    groupId = page.url().split("/groups/")[1]!;
    await page.getByRole("heading", { name: groupName }).waitFor();
    const group = await apiGet<GroupRow>(page, `/groups/${groupId}`);
    expect(group).toMatchObject({ name: groupName, visibility: "closed", myRole: "owner" });
    expect(group.members.map((member) => [member.id, member.role]).sort()).toEqual(
      [
        [creator.id, "owner"],
        [colleague.id, "member"],
      ].sort(),
    );

    // «Задачи» → «Новая задача»: the form comes with the group chosen.
    await page.getByRole("button", { name: "Новая задача" }).click();
    const form = page.getByRole("dialog", { name: "Новая задача" });
    await expect.poll(() => form.getByLabel("Группа", { exact: true }).inputValue()).toBe(groupName);
    await form.getByLabel("Название").fill(taskTitle);
    await screenshot(page, "70-group-new-task-form");
    await form.getByRole("button", { name: "Сохранить" }).click();
    await form.waitFor({ state: "hidden" });
    const row = page.getByRole("link", { name: taskTitle });
    await row.waitFor();
    const tasks = await apiGet<{ items: TaskRow[] }>(page, `/tasks?view=all&groupId=${groupId}`);
    expect(tasks.items.map((task) => [task.title, task.group?.id])).toEqual([[taskTitle, groupId]]);
    taskId = tasks.items[0]!.id;
    await screenshot(page, "71-group-page-tasks");

    await page.getByRole("tab", { name: /Участники/ }).click();
    await page.getByRole("listitem", { name: colleague.name }).waitFor();
    await screenshot(page, "72-group-members");
    await context.close();
  });

  it("the colleague sees the group, its task (with the group on the card) and its chat", async () => {
    const { context, page } = await session(colleague.login);
    await page.goto(`${baseUrl()}/groups`);
    await groupsCard(page).getByRole("link", { name: groupName }).click();
    await page.getByRole("heading", { name: groupName }).waitFor();
    await page.getByRole("link", { name: taskTitle }).click();
    await page.getByRole("heading", { name: taskTitle }).waitFor();
    await screenshot(page, "73-task-card-with-group");
    // The card names the group as a link back to it.
    await page.getByRole("link", { name: groupName }).click();
    await page.waitForURL(new RegExp(`/groups/${groupId}`));
    await page.getByRole("tab", { name: "Чат" }).click();
    const chat = page.getByTestId("group-chat");
    await chat.getByRole("textbox").first().waitFor();
    await screenshot(page, "74-group-chat");

    // On a phone the page stays usable: the header, the tabs and the task list fit the width.
    const phone = await browser.newContext({
      viewport: { width: 375, height: 740 },
      locale: "ru-RU",
      isMobile: true,
      storageState: await context.storageState(),
    });
    const small = await phone.newPage();
    await small.goto(`${baseUrl()}/groups/${groupId}`);
    await small.getByRole("heading", { name: groupName }).waitFor();
    await small.getByRole("link", { name: taskTitle }).waitFor();
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(small, "75-group-page-phone");
    await small.goto(`${baseUrl()}/groups`);
    await groupsCard(small).getByRole("link", { name: groupName }).waitFor();
    await screenshot(small, "76-groups-list-phone");
    await phone.close();
    await context.close();
  });

  it("an outsider neither finds the group nor opens it, its task or its chat", async () => {
    const { context, page } = await session(outsider.login);
    await page.goto(`${baseUrl()}/groups?q=${encodeURIComponent(marker)}`);
    await page.getByText("Ничего не нашли").waitFor();
    await page.getByRole("tab", { name: "Все открытые" }).click();
    await page.getByText("Ничего не нашли").waitFor();
    expect(await page.getByText(new RegExp(escapeRegExp(groupName))).count()).toBe(0);

    await page.goto(`${baseUrl()}/groups/${groupId}`);
    await page.getByRole("heading", { name: "Группа не найдена" }).waitFor();
    expect(await page.getByText(groupName).count()).toBe(0);
    await screenshot(page, "77-group-not-found");
    await page.goto(`${baseUrl()}/tasks/${taskId}`);
    await page.getByRole("heading", { name: "Задача не найдена" }).waitFor();
    const group = await page.evaluate(async (url) => (await fetch(url)).status, `/api/v1/groups/${groupId}`);
    expect(group).toBe(404);
    await context.close();
  });
});
