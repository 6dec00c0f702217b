import { crc32, deflateSync } from "node:zlib";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfWithText } from "../server/src/testing/drive-documents";
import { apiGet, baseUrl, dropFiles, escapeRegExp, launchBrowser, logIn, screenshot } from "./browser";

/** A small PNG of one colour, written by hand (a signature, IHDR, one IDAT, IEND). */
function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]);
}

describe("the drive in the browser", () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const marker = Date.now().toString(36);
  const fileName = `Прайс-лист ${marker}.pdf`;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  async function newContext(options: Parameters<Browser["newContext"]>[0] = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ru-RU", ...options });
    contexts.push(context);
    return context;
  }

  it("uploads a PDF by drag and drop, shows it with pdf.js, and gives a client a link that opens without a session", async () => {
    const context = await newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    const page = await context.newPage();
    await logIn(page, "admin", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    const me = await apiGet<{ companyName: string }>(page, "/me");

    await page.getByRole("link", { name: "Диск" }).click();
    await page.waitForURL(/\/drive/);
    const places = page.getByRole("navigation", { name: "Раздел диска" });
    for (const place of ["Мой диск", "Диск компании", "Корзина"])
      await places.getByRole("button", { name: place }).waitFor();
    await page.getByRole("navigation", { name: "Путь к папке" }).getByText("Мой диск").waitFor();

    // A synthetic drag and drop of a PDF made in the page: it goes up in chunks and appears in the listing.
    const pdf = pdfWithText("Planerka price list", marker);
    await page.getByTestId("drive-drop-zone").waitFor();
    await dropFiles(page, "drive-drop-zone", [
      { name: fileName, type: "application/pdf", base64: pdf.toString("base64") },
    ]);
    const uploads = page.getByRole("region", { name: "Загрузка файлов" });
    await uploads.getByText("Загружено").waitFor();
    const listing = page.getByRole("table", { name: "Содержимое папки" });
    const row = listing.getByRole("row", { name: new RegExp(escapeRegExp(fileName)) });
    await row.waitFor();
    await row.getByRole("cell", { name: /^\d+ (Б|КБ)$/ }).waitFor();
    await screenshot(page, "150-drive-desktop");

    // The preview draws the page with pdf.js onto a canvas: something dark (the text) is on it.
    await row.getByRole("button", { name: fileName, exact: true }).click();
    const preview = page.getByRole("dialog", { name: fileName });
    await preview.getByText("Страница 1 из 1").waitFor();
    const canvas = preview.getByTestId("drive-pdf-canvas");
    await canvas.waitFor();
    await expect
      .poll(() =>
        canvas.evaluate((element) => {
          const target = element as HTMLCanvasElement;
          const pixels = target.getContext("2d")?.getImageData(0, 0, target.width, target.height).data ?? [];
          let dark = 0;
          for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 100 && (pixels[i + 3] ?? 0) > 0) dark++;
          return target.width > 200 && dark > 50;
        }),
      )
      .toBe(true);
    await screenshot(page, "151-drive-pdf-preview");
    await preview.getByRole("button", { name: "Закрыть" }).click();

    // A link for a client: shown once, copied, listed with «Отозвать».
    await row.getByRole("button", { name: `Действия: ${fileName}` }).click();
    await page.getByRole("menuitem", { name: "Поделиться ссылкой" }).click();
    const share = page.getByRole("dialog", { name: `Ссылка на «${fileName}»` });
    await share.getByRole("button", { name: "Создать ссылку" }).click();
    const shown = share.getByTestId("drive-share-url");
    await shown.waitFor();
    const url = (await shown.textContent())?.trim() ?? "";
    expect(url).toMatch(/\/s\/[\w-]{16,}/);
    await share.getByRole("button", { name: "Копировать" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await share.getByRole("list", { name: "Выданные ссылки" }).getByRole("button", { name: "Отозвать" }).waitFor();
    await screenshot(page, "152-drive-share-link");
    await share.getByRole("button", { name: "Готово" }).click();

    // On a phone the places become a select and the listing fits the width.
    const phoneContext = await newContext({
      viewport: { width: 375, height: 740 },
      isMobile: true,
      storageState: await context.storageState(),
    });
    const phone = await phoneContext.newPage();
    await phone.goto(`${baseUrl()}/drive`);
    await phone.getByRole("combobox", { name: "Раздел диска" }).waitFor();
    await phone
      .getByRole("table", { name: "Содержимое папки" })
      .getByRole("row", { name: new RegExp(escapeRegExp(fileName)) })
      .waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone, "153-drive-phone");

    // A stranger's browser, with no cookies: the public page names the company and the file.
    const stranger = await newContext();
    const outside = await stranger.newPage();
    await outside.goto(url.startsWith("http") ? url : `${baseUrl()}${url}`);
    await outside.getByText(me.companyName).first().waitFor();
    await outside.getByText(fileName).first().waitFor();
    expect(await stranger.cookies()).toEqual([]);
    await screenshot(outside, "154-drive-public-link");
  });
  it("works with folders: access, versions, «Редактирую», text and picture previews, search, trash, moving, and the limits", async () => {
    const context = await newContext();
    const page = await context.newPage();
    await logIn(page, "admin", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(`${baseUrl()}/drive`);

    // A folder of its own, opened from the listing.
    const folderName = `Договоры ${marker}`;
    await page.getByRole("button", { name: "Новая папка" }).click();
    const create = page.getByRole("dialog", { name: "Новая папка" });
    await create.getByLabel("Название").fill(folderName);
    await create.getByRole("button", { name: "Сохранить" }).click();
    const listing = page.getByRole("table", { name: "Содержимое папки" });

    // «Доступ»: a unit may read the folder.
    await listing.getByRole("button", { name: `Действия: ${folderName}` }).click();
    await page.getByRole("menuitem", { name: "Доступ" }).click();
    const access = page.getByRole("dialog", { name: `Доступ к «${folderName}»` });
    await access.getByText("Отдельных прав на папку нет").waitFor();
    await access.getByText("Подразделение", { exact: true }).click();
    await access.getByRole("combobox", { name: "Подразделение" }).click();
    const unitName = (await page.getByRole("option").first().textContent())?.trim() ?? "";
    await page.getByRole("option").first().click();
    await access.getByRole("button", { name: "Добавить" }).click();
    await access.getByRole("listitem").filter({ hasText: unitName }).waitFor();
    await screenshot(page, "157-drive-access");
    await access.getByRole("button", { name: "Сохранить" }).click();
    await page.getByText("Доступ сохранён").waitFor();
    await listing.getByRole("button", { name: `Действия: ${folderName}` }).click();
    await page.getByRole("menuitem", { name: "Доступ" }).click();
    await access.getByRole("listitem").filter({ hasText: unitName }).waitFor();
    await access.getByRole("button", { name: "Отмена" }).click();

    await listing.getByRole("button", { name: folderName, exact: true }).click();
    const crumbs = page.getByRole("navigation", { name: "Путь к папке" });
    await crumbs.getByText(folderName).waitFor();
    await page.getByText("В папке пока ничего нет", { exact: false }).waitFor();

    // The same name dropped twice: one row, two versions.
    const name = `Договор ${marker}.pdf`;
    for (const text of ["first edition", "second edition, longer"]) {
      await dropFiles(page, "drive-drop-zone", [
        { name, type: "application/pdf", base64: pdfWithText(text).toString("base64") },
      ]);
      await expect
        .poll(() => page.getByRole("region", { name: "Загрузка файлов" }).getByText("Загружено").count())
        .toBeGreaterThan(0);
      await page.getByRole("button", { name: "Скрыть" }).click();
    }
    const row = listing.getByRole("row", { name: new RegExp(escapeRegExp(name)) });
    await expect.poll(() => row.count()).toBe(1);

    // A text file shows its text in the preview (extracted on the server, in the background).
    const notes = `Заметки ${marker}.txt`;
    await dropFiles(page, "drive-drop-zone", [
      {
        name: notes,
        type: "text/plain",
        base64: Buffer.from("Цена сварочного аппарата: 250 000 ₸\n").toString("base64"),
      },
    ]);
    await listing.getByRole("button", { name: notes, exact: true }).click();
    const notesPreview = page.getByRole("dialog", { name: notes });
    await notesPreview
      .getByTestId("drive-text-preview")
      .getByText("Цена сварочного аппарата", { exact: false })
      .waitFor();
    await notesPreview.getByRole("button", { name: "Закрыть" }).click();
    await page.getByRole("button", { name: "Скрыть" }).click();

    // A picture gets a thumbnail in the listing and shows itself in the preview.
    const photo = `Стенд ${marker}.png`;
    await dropFiles(page, "drive-drop-zone", [
      { name: photo, type: "image/png", base64: solidPng(64, 48, [200, 40, 40]).toString("base64") },
    ]);
    const photoRow = listing.getByRole("row", { name: new RegExp(escapeRegExp(photo)) });
    const thumbnail = photoRow.locator("img");
    await expect
      .poll(() => thumbnail.evaluate((image) => (image as HTMLImageElement).naturalWidth).catch(() => 0))
      .toBeGreaterThan(0);
    await photoRow.getByRole("button", { name: photo, exact: true }).click();
    const photoPreview = page.getByRole("dialog", { name: photo });
    const picture = photoPreview.getByRole("img", { name: photo });
    await expect.poll(() => picture.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBe(64);
    await photoPreview.getByRole("button", { name: "Закрыть" }).click();
    await page.getByRole("button", { name: "Скрыть" }).click();
    await row.getByRole("button", { name: `Действия: ${name}` }).click();
    await page.getByRole("menuitem", { name: "Версии" }).click();
    const versions = page.getByRole("dialog", { name: `Версии «${name}»` });
    await versions.getByText("Версия 2").waitFor();
    await versions.getByText("Текущая").waitFor();
    await versions.getByRole("button", { name: "Восстановить" }).click();
    await page.getByText("Версия 1 восстановлена").waitFor();
    await versions.getByText("восстановлена из версии 1", { exact: false }).waitFor();
    await screenshot(page, "155-drive-versions");
    await versions.getByRole("button", { name: "Закрыть" }).click();

    // «Редактирую»: the row says who is editing.
    await row.getByRole("button", { name: `Действия: ${name}` }).click();
    await page.getByRole("menuitem", { name: "Редактирую" }).click();
    await row.getByText(/^Редактирует: /).waitFor();

    // Search by name from the toolbar.
    await page.getByRole("textbox", { name: "Поиск" }).fill(marker);
    const hits = page.getByRole("list", { name: `Найдено по запросу «${marker}»` });
    await hits.getByText(name).waitFor();
    await page.getByRole("textbox", { name: "Поиск" }).fill("");

    // Unlocked and deleted, it waits in the trash and comes back.
    await row.getByRole("button", { name: `Действия: ${name}` }).click();
    await page.getByRole("menuitem", { name: "Снять блокировку" }).click();
    await expect.poll(() => row.getByText(/^Редактирует: /).count()).toBe(0);
    await row.getByRole("button", { name: `Действия: ${name}` }).click();
    await page.getByRole("menuitem", { name: "Удалить" }).click();
    await page.getByRole("dialog", { name: "Удалить файл?" }).getByRole("button", { name: "Удалить" }).click();
    await expect.poll(() => row.count()).toBe(0);
    await page.getByRole("navigation", { name: "Раздел диска" }).getByRole("button", { name: "Корзина" }).click();
    const trash = page.getByRole("table", { name: "Корзина" });
    const trashed = trash.getByRole("row", { name: new RegExp(escapeRegExp(name)) });
    await trashed.waitFor();
    await screenshot(page, "156-drive-trash");
    await trashed.getByRole("button", { name: "Восстановить" }).click();
    await expect.poll(() => trashed.count()).toBe(0);
    await page.getByRole("navigation", { name: "Раздел диска" }).getByRole("button", { name: "Мой диск" }).click();
    await listing.getByRole("button", { name: folderName, exact: true }).click();
    await row.waitFor();

    // «Переместить» up into «Мой диск» with the folder picker.
    await row.getByRole("button", { name: `Действия: ${name}` }).click();
    await page.getByRole("menuitem", { name: "Переместить" }).click();
    const move = page.getByRole("dialog", { name: `Переместить «${name}»` });
    await move.getByRole("button", { name: "Мой диск" }).click();
    await move.getByRole("button", { name: "Переместить сюда" }).click();
    await expect.poll(() => row.count()).toBe(0);
    await crumbs.getByRole("button", { name: "Мой диск" }).click();
    await row.waitFor();

    // The company drive holds the «Библиотека» folder.
    await page.getByRole("navigation", { name: "Раздел диска" }).getByRole("button", { name: "Диск компании" }).click();
    await crumbs.getByText("Диск компании").waitFor();
    await listing.getByRole("button", { name: "Библиотека", exact: true }).waitFor();

    // Settings → «Диск»: the administrator changes the largest file allowed.
    await page.goto(`${baseUrl()}/settings/drive`);
    const maxFile = page.getByRole("textbox", { name: "Наибольший файл, МБ" });
    await maxFile.waitFor();
    await maxFile.fill("300");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.getByText("Ограничения диска сохранены").waitFor();
    const settings = await apiGet<{ maxFileBytes: number }>(page, "/drive/settings");
    expect(settings.maxFileBytes).toBe(300 * 1024 * 1024);
    await screenshot(page, "158-drive-settings");
  });
});
