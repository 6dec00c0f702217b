import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DovecotServer,
  dovecotAvailable,
  dovecotMissing,
  letterSource,
  startDovecot,
} from "../server/src/testing/dovecot";
import { apiPost, baseUrl, screenshot, useBrowserSessions } from "./browser";

if (!dovecotAvailable) console.warn(`e2e/mail-inbox.test.ts skipped: ${dovecotMissing}`);

/**
 * A manager connects her own mailbox (a real Dovecot on loopback), the server's importer brings in
 * a client's letter, and she answers it from the contact's card.
 */
describe.skipIf(!dovecotAvailable)("incoming mail in the browser", () => {
  const session = useBrowserSessions();
  let dovecot: DovecotServer;
  const password = "почта-Secret-1";

  beforeAll(async () => {
    dovecot = await startDovecot([{ user: "ismailova", password }]);
  }, 30_000);
  afterAll(async () => {
    await dovecot?.stop();
  });

  it("a manager adds her mailbox, checks it, and answers a client's letter from the contact's card", async () => {
    const page = await session("a.ismailova");
    await page.goto(`${baseUrl()}/cabinet`);
    const stamp = Date.now().toString(36);
    const client = await apiPost<{ id: string; name: string; emails: string[] }>(page, "/contacts", {
      name: "Данияр Сейтказиев",
      emails: [`daniyar.${stamp}@client.kz`],
    });
    expect(client.emails).toEqual([`daniyar.${stamp}@client.kz`]);
    const subject = `Запрос цены ${stamp}`;
    await dovecot.append(
      "ismailova",
      letterSource({
        from: `${client.name} <${client.emails[0]}>`,
        to: "ismailova@planerka.kz",
        subject,
        body: "Добрый день! Пришлите, пожалуйста, цену.",
        messageId: `<${Date.now()}@client.kz>`,
        attachment: { name: "запрос.txt", type: "text/plain", data: Buffer.from("Нужно 10 штук") },
      }),
    );

    await page.goto(`${baseUrl()}/mailboxes`);
    await page.getByRole("heading", { name: "Почтовые ящики" }).waitFor();
    await page.getByRole("button", { name: "Добавить ящик" }).click();
    const form = page.getByRole("dialog");
    await form.getByRole("textbox", { name: /^Название/ }).fill("Моя почта");
    await form.getByRole("textbox", { name: /^Сервер IMAP/ }).fill("127.0.0.1");
    await form.getByRole("textbox", { name: /^Порт/ }).fill(String(dovecot.port));
    await form.getByLabel("Защита соединения").click();
    await page.getByRole("option", { name: /Без шифрования/ }).click();
    await form.getByRole("textbox", { name: /^Логин/ }).fill("ismailova");
    await form.getByRole("textbox", { name: /^Пароль/ }).fill(password);
    await form.getByRole("button", { name: "Сохранить" }).click();
    await page.getByText("Ящик сохранён").waitFor();

    const box = page.getByTestId("mailbox").filter({ hasText: "Моя почта" });
    await box.getByRole("button", { name: "Проверить соединение" }).click();
    await box.getByText("Соединение установлено, писем в папке: 1").waitFor();
    // Saving woke the importer; the list refreshes with its progress.
    await box.getByText("Импортировано 1 из 1").waitFor({ timeout: 30_000 });
    await screenshot(page, "140-mailboxes");

    await page.goto(`${baseUrl()}/crm/contacts/${client.id}`);
    const letter = page.locator("li[data-inbound]").filter({ hasText: subject });
    await letter.waitFor();
    await letter.getByText("Входящее").waitFor();
    const file = letter.getByRole("link", { name: "запрос.txt" });
    const href = await file.getAttribute("href");
    const download = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(download).toBe("Нужно 10 штук");
    await letter.getByRole("button", { name: "Ответить" }).click();
    const reply = page.getByRole("dialog", { name: `Ответ: ${subject}` });
    await reply.getByLabel("Текст ответа").fill("Цена — 12 000 ₸ за штуку.");
    await screenshot(page, "141-mail-reply");
    await reply.getByRole("button", { name: "Отправить" }).click();
    await page.getByText("Ответ поставлен в очередь на отправку").waitFor();
    await page
      .locator("li[data-kind='email']")
      .filter({ hasText: `Re: ${subject}` })
      .waitFor();
  }, 90_000);
});
