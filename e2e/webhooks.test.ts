import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, screenshot, useBrowserSessions } from "./browser";

/** Settings → «Вебхуки» in the browser, delivering to a receiver on the loopback (allowed by the administrator). */
describe("outgoing webhooks in the browser", () => {
  const session = useBrowserSessions({ permissions: ["clipboard-read", "clipboard-write"] });
  const received: { headers: IncomingHttpHeaders; raw: string }[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, raw: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": "text/plain" }).end("принято");
    });
  });
  beforeAll(() => new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve)));
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it("an administrator allows the loopback, subscribes, copies the secret and sees the ping delivered in the log", async () => {
    const page = await session("admin");
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/planerka`;
    await page.goto(`${baseUrl()}/settings/webhooks`);
    await page.getByRole("heading", { name: "Исходящие вебхуки" }).waitFor();

    // Without the allow-list the loopback receiver is refused, naming the address.
    await page.getByRole("button", { name: "Добавить вебхук" }).click();
    const dialog = page.getByRole("dialog", { name: "Новый вебхук" });
    await dialog.getByLabel("Адрес получателя").fill(url);
    await dialog.getByRole("checkbox", { name: "Сделка выиграна" }).check();
    await dialog.getByRole("button", { name: "Сохранить" }).click();
    await dialog
      .getByText(/127\.0\.0\.1 is a loopback/)
      .first()
      .waitFor();
    await dialog.getByRole("button", { name: "Отмена" }).click();

    const hosts = page.getByRole("combobox", { name: "Хосты" });
    await hosts.fill("127.0.0.1");
    await hosts.press("Enter");
    await page
      .getByText("Разрешённые внутренние адреса")
      .locator("..")
      .getByRole("button", { name: "Сохранить" })
      .click();
    await page.getByText("Список разрешённых адресов сохранён").waitFor();

    await page.getByRole("button", { name: "Добавить вебхук" }).click();
    await dialog.getByLabel("Адрес получателя").fill(url);
    await dialog.getByRole("checkbox", { name: "Сделка выиграна" }).check();
    await dialog.getByLabel("Описание").fill("Учётная система");
    await dialog.getByRole("button", { name: "Сохранить" }).click();

    const secretDialog = page.getByRole("dialog", { name: "Секрет вебхука" });
    await secretDialog.getByText("он показывается только один раз", { exact: false }).waitFor();
    const secret = (await secretDialog.getByLabel("Секрет вебхука").textContent())!.trim();
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    await secretDialog.getByRole("button", { name: "Копировать" }).click();
    await secretDialog.getByRole("button", { name: "Скопировано" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await screenshot(page, "130-webhook-secret");
    await secretDialog.getByRole("button", { name: "Готово" }).click();

    const row = page.getByRole("table", { name: "Исходящие вебхуки" }).getByRole("row", { name: /planerka/ });
    await row.getByText("Сделка создана, Сделка выиграна").waitFor();
    await row.getByRole("button", { name: "Тест" }).click();

    const log = page.getByRole("table", { name: "Журнал отправок" });
    const delivery = log.getByRole("row", { name: /Проверка/ });
    await delivery.getByText("Доставлено").waitFor({ timeout: 15_000 });
    await delivery.getByText("200", { exact: true }).waitFor();
    await delivery.getByText("принято").waitFor();
    await screenshot(page, "131-webhook-log");

    // The receiver got the ping once, signed with the secret the page showed.
    expect(received).toHaveLength(1);
    const [ping] = received;
    expect(ping!.headers["x-planerka-event"]).toBe("ping");
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(ping!.headers["x-planerka-signature"]))!;
    expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${ping!.raw}`).digest("hex"));
    expect(JSON.parse(ping!.raw)).toMatchObject({ event: "ping", id: ping!.headers["x-planerka-delivery"] });

    // «Повторить» sends it again, with the same delivery id.
    await delivery.getByRole("button", { name: "Повторить" }).click();
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(2);
    expect(received[1]!.headers["x-planerka-delivery"]).toBe(ping!.headers["x-planerka-delivery"]);
    await delivery.getByText("Попыток: 2").waitFor();
  });
});
