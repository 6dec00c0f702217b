import { readFileSync } from "node:fs";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { apiGet, apiPost, artifactsDir, baseUrl, dropFiles, screenshot, useBrowserSessions } from "./browser";

interface DealRow {
  id: string;
  title: string;
}

/** Drops files onto the element as a person dragging them from the desktop would: dragenter, dragover, drop. */
/** «Файлы» on CRM cards: upload, drop, download, detach, attach from the drive, and the client's downloads on the timeline. */
describe("files on a deal card in the browser", () => {
  const session = useBrowserSessions();
  const marker = Date.now().toString(36);
  const fileName = `Смета ${marker}.txt`;
  const fileText = `Смета ${marker}: монтаж 3 шт., 250 000 ₸\n`;
  const pictureName = `Фото объекта ${marker}.png`;
  let deal: DealRow;

  it("a manager uploads a file into the block, downloads the same bytes, drops a picture, detaches and attaches again from the drive", async () => {
    const page = await session("a.ismailova");
    const me = await apiGet<{ id: string; name: string }>(page, "/me");
    const deals = await apiGet<{ items: DealRow[] }>(page, `/deals?ownerId=${me.id}&limit=20&sort=-updatedAt`);
    // A deal with no files yet (an earlier run against the same server may have left some).
    for (const item of deals.items) {
      const files = await apiGet<{ items: unknown[] }>(page, `/drive/attachments?entityType=deal&entityId=${item.id}`);
      if (files.items.length === 0) {
        deal = item;
        break;
      }
    }
    await page.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    const block = page.getByRole("region", { name: "Файлы", exact: true });
    await block.getByText("Файлов пока нет", { exact: false }).waitFor();

    // «Загрузить»: the computer's file goes to «Мой диск» / «Вложения» and onto the deal.
    const chooser = page.waitForEvent("filechooser");
    await block.getByRole("button", { name: "Загрузить" }).click();
    await (await chooser).setFiles({ name: fileName, mimeType: "text/plain", buffer: Buffer.from(fileText) });
    const list = block.getByRole("list", { name: "Файлы записи" });
    const row = list.getByRole("listitem", { name: fileName });
    await row.waitFor();
    await row.getByText(new RegExp(`^\\d+ Б · ${me.name}, `)).waitFor();
    await page.getByText(`Файл «${fileName}» прикреплён`).waitFor();

    // The download is the record's route, and its bytes are the file's.
    const download = page.waitForEvent("download");
    await row.getByRole("link", { name: `Скачать «${fileName}»` }).click();
    const saved = await (await download).path();
    expect(readFileSync(saved, "utf8")).toBe(fileText);
    expect(
      (
        await apiGet<{ folders: { name: string }[] }>(
          page,
          `/drive/folders/${(await apiGet<{ personal: { id: string } }>(page, "/drive/roots")).personal.id}`,
        )
      ).folders.map((folder) => folder.name),
    ).toContain("Вложения");

    // A picture dropped onto the block: uploaded too, shown with its thumbnail.
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#2a6" } })
      .png()
      .toBuffer();
    await dropFiles(page, "record-files-drop-zone", [
      { name: pictureName, type: "image/png", base64: png.toString("base64") },
    ]);
    const picture = list.getByRole("listitem", { name: pictureName });
    await picture.waitFor();
    await expect
      .poll(() => picture.locator("img").evaluate((image) => (image as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    await block.screenshot({ path: `${artifactsDir}/drive-record-files-01-desktop-block.png` });
    await screenshot(page, "drive-record-files-01-desktop", { fromTop: true });

    // «Открепить» asks first; the file stays on the drive.
    await row.getByRole("button", { name: `Открепить «${fileName}»` }).click();
    const confirm = page.getByRole("dialog", { name: "Открепить файл?" });
    await confirm.getByText("останется на диске", { exact: false }).waitFor();
    await confirm.getByRole("button", { name: "Открепить" }).click();
    await row.waitFor({ state: "detached" });

    // «С диска»: browse «Мой диск» → «Вложения» and pick it again.
    await block.getByRole("button", { name: "С диска" }).click();
    const picker = page.getByRole("dialog", { name: "Прикрепить файл с диска" });
    const listing = picker.getByRole("list", { name: "Папки и файлы" });
    await listing.getByRole("button", { name: "Вложения" }).click();
    await listing.getByRole("button", { name: new RegExp(fileName) }).click();
    await picker.getByText(`Выбран: ${fileName}`).waitFor();
    await screenshot(page, "drive-record-files-02-picker", { fromTop: true });
    await picker.getByRole("button", { name: "Прикрепить" }).click();
    await picker.waitFor({ state: "detached" });
    await row.waitFor();

    // The same through the search.
    await block.getByRole("button", { name: "С диска" }).click();
    await picker.getByLabel("Поиск по диску").fill(marker);
    await picker.getByRole("button", { name: new RegExp(`${pictureName}.*Вложения`) }).waitFor();
    await picker.getByRole("button", { name: "Отмена" }).click();
  });

  it("the head sees the file on the same deal and downloads it", async () => {
    const page = await session("d.kozlov");
    await page.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    const block = page.getByRole("region", { name: "Файлы", exact: true });
    const row = block.getByRole("list", { name: "Файлы записи" }).getByRole("listitem", { name: fileName });
    await row.getByText(", ", { exact: false }).waitFor();
    const href = await row.getByRole("link", { name: `Скачать «${fileName}»` }).getAttribute("href");
    const bytes = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(bytes).toBe(fileText);
  });

  it("a client's download through a link given for the deal appears on its timeline", async () => {
    const page = await session("a.ismailova");
    const attachments = await apiGet<{ items: { file: { id: string; name: string } }[] }>(
      page,
      `/drive/attachments?entityType=deal&entityId=${deal.id}`,
    );
    const file = attachments.items.find((item) => item.file.name === fileName)!.file;
    const link = await apiPost<{ url: string }>(page, "/drive/links", {
      fileId: file.id,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      entityType: "deal",
      entityId: deal.id,
    });
    const url = link.url.startsWith("http") ? link.url : `${baseUrl()}${link.url}`;
    const path = new URL(url).pathname;
    // The client, with no session at all.
    const response = await fetch(`${baseUrl()}${path}/files/${file.id}`);
    expect(await response.text()).toBe(fileText);

    await page.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    const timeline = page.getByRole("list", { name: "Лента событий" });
    const entry = timeline.locator('[data-kind="download"]').first();
    await entry.getByText(`Клиент скачал файл «${fileName}» по ссылке`).waitFor();

    // On a phone the block fits the width.
    const phone = await session("a.ismailova", { viewport: { width: 375, height: 740 }, isMobile: true });
    await phone.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    const block = phone.getByRole("region", { name: "Файлы", exact: true });
    await block.getByRole("listitem", { name: fileName }).waitFor();
    await block.scrollIntoViewIfNeeded();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await block.screenshot({ path: `${artifactsDir}/drive-record-files-03-phone-block.png` });
    await screenshot(phone, "drive-record-files-04-phone", { fromTop: true });
  });

  it("a task card has the block too, beside the task's own uploads", async () => {
    const page = await session("a.ismailova");
    const tasks = await apiGet<{ items: { id: string }[] }>(page, "/tasks?view=all&limit=5");
    await page.goto(`${baseUrl()}/tasks/${tasks.items[0]!.id}`);
    const block = page.getByRole("region", { name: "Файлы с диска" });
    await block.getByRole("button", { name: "С диска" }).click();
    const picker = page.getByRole("dialog", { name: "Прикрепить файл с диска" });
    await picker.getByLabel("Поиск по диску").fill(marker);
    await picker.getByRole("button", { name: new RegExp(fileName) }).click();
    await picker.getByRole("button", { name: "Прикрепить" }).click();
    await block.getByRole("list", { name: "Файлы записи" }).getByRole("listitem", { name: fileName }).waitFor();
    await block.screenshot({ path: `${artifactsDir}/drive-record-files-05-task-block.png` });
  });

  it("a drive file goes into a chat message and into a letter, and whoever reads them gets its bytes", async () => {
    const page = await session("a.ismailova");
    const managers = await apiGet<{ items: { id: string; login: string; unitName: string }[] }>(
      page,
      "/users?limit=200&role=manager",
    );
    const other = managers.items.find((user) => user.unitName === "Алматы" && user.login !== "a.ismailova")!;
    const chat = await apiPost<{ id: string }>(page, "/chats", { title: `Файлы ${marker}`, memberIds: [other.id] });

    // «Отправить файл с диска» in the chat: the message carries the drive file.
    await page.goto(`${baseUrl()}/chat/${chat.id}`);
    await page.getByRole("button", { name: "Отправить файл с диска" }).click();
    const chatPicker = page.getByRole("dialog", { name: "Отправить файл с диска" });
    await chatPicker.getByLabel("Поиск по диску").fill(marker);
    await chatPicker.getByRole("button", { name: new RegExp(fileName) }).click();
    await chatPicker.getByRole("button", { name: "Отправить", exact: true }).click();
    await chatPicker.waitFor({ state: "detached" });
    const sent = page.getByTestId("chat-message").getByRole("link", { name: `Скачать ${fileName}` });
    await sent.waitFor();
    await screenshot(page, "drive-record-files-06-chat");
    const colleague = await session(other.login);
    await colleague.goto(`${baseUrl()}/chat/${chat.id}`);
    const received = colleague.getByTestId("chat-message").getByRole("link", { name: `Скачать ${fileName}` });
    const chatHref = await received.getAttribute("href");
    expect(await colleague.evaluate(async (url) => (await fetch(url!)).text(), chatHref)).toBe(fileText);

    // «С диска» in the letter from the deal: the letter carries it too, listed on the timeline.
    await page.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    await page
      .getByRole("group", { name: "Действия со сделкой" })
      .getByRole("button", { name: "Письмо", exact: true })
      .click();
    const letter = page.getByRole("dialog", { name: "Письмо клиенту" });
    await letter.waitFor();
    const subject = `Смета с диска ${marker}`;
    await page.waitForTimeout(300);
    const to = letter.getByLabel("Кому");
    if (!(await to.inputValue())) await to.fill("zakup@example.kz");
    await letter.getByLabel("Тема").fill(subject);
    await letter.getByRole("textbox", { name: "Текст письма" }).fill("Добрый день! Смета во вложении.");
    await letter.getByRole("button", { name: "С диска" }).click();
    const letterPicker = page.getByRole("dialog", { name: "Приложить файл с диска" });
    await letterPicker.getByLabel("Поиск по диску").fill(marker);
    await letterPicker.getByRole("button", { name: new RegExp(fileName) }).click();
    await letterPicker.getByRole("button", { name: "Прикрепить" }).click();
    await letterPicker.waitFor({ state: "detached" });
    await letter.getByRole("list", { name: "Прикреплённые файлы" }).getByText(fileName).waitFor();
    await screenshot(page, "drive-record-files-07-letter");
    await letter.getByRole("button", { name: "Отправить" }).click();
    await letter.waitFor({ state: "detached" });
    const entry = page
      .getByRole("list", { name: "Лента событий" })
      .locator('li[data-kind="email"]', { hasText: subject });
    const attachment = entry.getByRole("list", { name: "Вложения письма" }).getByRole("link", { name: fileName });
    const letterHref = await attachment.getAttribute("href");
    expect(await page.evaluate(async (url) => (await fetch(url!)).text(), letterHref)).toBe(fileText);
  });
});
