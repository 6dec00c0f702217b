import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, baseUrl, screenshot, useBrowserSessions } from "./browser";

interface DealRow {
  id: string;
  title: string;
  contactName: string | null;
  stage: { semantic: string };
}

/** Templates, a letter with a template and a file from a deal, and «Проверить соединение», in the browser. */
describe("letters with templates and files in the browser", () => {
  const session = useBrowserSessions();
  const marker = Date.now().toString(36);
  const templateName = `Предложение ${marker}`;
  const fileText = `Смета ${marker}: 3 позиции`;
  // A real SMTP server on loopback, only for the connection check (nothing is saved).
  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.password === "wrong") return callback(new Error("Authentication failed"));
      callback(null, { user: auth.username });
    },
  });
  beforeAll(() => new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve)));
  afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

  it("an administrator writes a template with the client's fields", async () => {
    const page = await session("admin");
    await page.goto(`${baseUrl()}/settings/mail-templates`);
    await page.getByRole("heading", { name: "Шаблоны писем" }).waitFor();
    await page.getByRole("button", { name: "Новый шаблон" }).click();
    const dialog = page.getByRole("dialog", { name: "Новый шаблон" });
    await dialog.getByLabel("Название").fill(templateName);
    // An unknown field is caught before saving.
    await dialog.getByLabel("Тема").fill("КП {{deal.sum}}");
    await dialog.getByRole("textbox", { name: "Текст письма" }).fill("Текст");
    await dialog.getByRole("button", { name: "Сохранить" }).click();
    await dialog.getByText("Неизвестное поле {{deal.sum}}").waitFor();
    await dialog.getByLabel("Тема").fill("Предложение по сделке «{{deal.title}}»");
    await dialog
      .getByRole("textbox", { name: "Текст письма" })
      .fill("Здравствуйте, {{contact.name}}!\n\nСумма: {{deal.amount}}.\n\nС уважением, {{manager.name}}");
    await screenshot(page, "mail-letters-01-template");
    await dialog.getByRole("button", { name: "Сохранить" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("table", { name: "Шаблоны писем" }).getByText(templateName).waitFor();
  });

  it("a manager writes from her deal with the template and a file, and sees both on the timeline", async () => {
    const page = await session("a.ismailova");
    const me = await apiGet<{ id: string; name: string }>(page, "/me");
    const deals = await apiGet<{ items: DealRow[] }>(page, `/deals?ownerId=${me.id}&limit=100&sort=-updatedAt`);
    const deal = deals.items.find((item) => item.stage.semantic === "open" && item.contactName) ?? deals.items[0]!;
    await page.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    const actions = page.getByRole("group", { name: "Действия со сделкой" });
    await actions.getByRole("button", { name: "Письмо", exact: true }).click();
    const letter = page.getByRole("dialog", { name: "Письмо клиенту" });
    await letter.waitFor();

    const picker = letter.getByLabel("Шаблон", { exact: true });
    await picker.click();
    await page.getByRole("option", { name: templateName }).click();
    const subject = `Предложение по сделке «${deal.title}»`;
    await expect.poll(() => letter.getByLabel("Тема").inputValue()).toBe(subject);
    const body = await letter.getByRole("textbox", { name: "Текст письма" }).inputValue();
    expect(body).toContain(`С уважением, ${me.name}`);
    expect(body).toMatch(/Сумма: [\d\u00a0]+,\d\d\u00a0₸\./);
    if (deal.contactName) expect(body).toContain(`Здравствуйте, ${deal.contactName}!`);

    const to = letter.getByLabel("Кому");
    await page.waitForTimeout(300);
    if (!(await to.inputValue())) await to.fill("zakup@example.kz");
    const chooser = page.waitForEvent("filechooser");
    await letter.getByRole("button", { name: "Прикрепить файлы" }).click();
    await (await chooser).setFiles({
      name: `смета-${marker}.txt`,
      mimeType: "text/plain",
      buffer: Buffer.from(fileText, "utf8"),
    });
    await letter.getByRole("list", { name: "Прикреплённые файлы" }).getByText(`смета-${marker}.txt`).waitFor();
    await screenshot(page, "mail-letters-02-compose");
    await letter.getByRole("button", { name: "Отправить" }).click();
    await letter.waitFor({ state: "detached" });

    const entry = page
      .getByRole("list", { name: "Лента событий" })
      .locator('li[data-kind="email"]', { hasText: subject });
    await entry.waitFor();
    const link = entry
      .getByRole("list", { name: "Вложения письма" })
      .getByRole("link", { name: `смета-${marker}.txt` });
    await link.waitFor();
    await screenshot(page, "mail-letters-03-timeline");
    // The link downloads the very bytes uploaded.
    const href = await link.getAttribute("href");
    const downloaded = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(downloaded).toBe(fileText);

    // Another manager does not get the file.
    const managers = await apiGet<{ items: { login: string; unitName: string }[] }>(
      page,
      "/users?limit=200&role=manager",
    );
    const other = managers.items.find((user) => user.unitName === "Алматы" && user.login !== "a.ismailova")!;
    const colleague = await session(other.login);
    const status = await colleague.evaluate(async (url) => (await fetch(url!)).status, href);
    expect(status).toBe(404);
  });

  it("«Проверить соединение» shows the server's answer without saving anything", async () => {
    const page = await session("admin");
    const before = await apiGet<{ version: number; configured: boolean }>(page, "/mail/smtp");
    await page.goto(`${baseUrl()}/settings/mail`);
    await page.getByLabel("Сервер (хост)").fill("127.0.0.1");
    await page.getByRole("textbox", { name: "Порт" }).fill(String((smtp.server.address() as AddressInfo).port));
    await page.getByLabel("Логин").fill("robot");
    await page.getByLabel("Пароль", { exact: true }).fill("secret");
    await page.getByRole("button", { name: "Проверить соединение" }).click();
    await page.getByRole("status").getByText("Соединение установлено").waitFor();
    await screenshot(page, "mail-letters-04-check-ok");

    await page.getByLabel("Пароль", { exact: true }).fill("wrong");
    await page.getByRole("button", { name: "Проверить соединение" }).click();
    const failed = page.getByRole("status").filter({ hasText: "Не удалось подключиться" });
    await failed.waitFor();
    expect(await failed.innerText()).toMatch(/Invalid login/);

    // A closed port: refused at once.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await page.getByRole("textbox", { name: "Порт" }).fill(String(port));
    await page.getByRole("button", { name: "Проверить соединение" }).click();
    await page.getByRole("status").filter({ hasText: "ECONNREFUSED" }).waitFor();
    await screenshot(page, "mail-letters-05-check-failed");
    expect(await apiGet<{ version: number; configured: boolean }>(page, "/mail/smtp")).toEqual(before);
  });
});
