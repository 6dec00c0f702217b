import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { formatPhone } from "@planerka/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, baseUrl, screenshot, useBrowserSessions } from "./browser";

/** Settings → «Телефония» in the browser, then a call from the "PBX" (this test, signing as one would). */
describe("telephony in the browser", () => {
  const session = useBrowserSessions();
  const secret = `pbx-secret-${Date.now().toString(36)}-0123456789`;
  const extension = `7${Date.now().toString().slice(-3)}`;
  /** The PBX's originate address: what the portal asked it to dial. */
  const originated: { extension: string; number: string }[] = [];
  const pbx = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      originated.push(JSON.parse(body));
      response.end("{}");
    });
  });
  beforeAll(() => new Promise<void>((resolve) => pbx.listen(0, "127.0.0.1", resolve)));
  afterAll(() => new Promise((resolve) => pbx.close(resolve)));

  /** Sends a call event as the PBX would: signed with the shared secret. */
  const sendEvent = async (event: Record<string, unknown>) => {
    const body = JSON.stringify({
      to: "+77273000000",
      employeeExtension: extension,
      at: new Date().toISOString(),
      ...event,
    });
    const t = Math.floor(Date.now() / 1000);
    const signature = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    return fetch(`${baseUrl()}/api/v1/integrations/telephony/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Planerka-Signature": `t=${t},v1=${signature}` },
      body,
    });
  };

  it("an administrator connects the PBX and maps an extension; a finished call lands on the employee's activities", async () => {
    const page = await session("admin");
    await page.goto(`${baseUrl()}/settings/telephony`);
    await page.getByRole("heading", { name: "Телефония" }).waitFor();
    await page
      .getByLabel(/общий секрет/i)
      .first()
      .fill(secret);
    await page.getByRole("button", { name: "Добавить номер" }).click();
    const table = page.getByRole("table", { name: "Внутренние номера" });
    await table.getByRole("textbox", { name: "Внутренний номер" }).last().fill(extension);
    const employee = table.getByRole("combobox", { name: "Сотрудник" }).last();
    await employee.click();
    await employee.fill("Исмаилова");
    await page.getByRole("option", { name: /Исмаилова Айгерим/ }).click();
    await page
      .getByLabel("Адрес для звонка из портала")
      .fill(`http://127.0.0.1:${(pbx.address() as AddressInfo).port}/originate`);
    await screenshot(page, "120-telephony-settings");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.getByText("Настройки телефонии сохранены").waitFor();
    await page.getByText("Подключена", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Проверить" }).click();
    const result = page.getByRole("status", { name: "Проверить" });
    await result.getByText(/Внутренних номеров: \d+/).waitFor();
    await result.getByText("Адрес для звонка из портала ответил: 200").waitFor();
    await page
      .getByRole("alertdialog", { name: "Входящий звонок" })
      .getByText(/Проверка/)
      .waitFor();

    // The PBX reports a finished outgoing call from that extension.
    const callId = `e2e-${Date.now()}`;
    const answer = await sendEvent({
      callId,
      direction: "outgoing",
      from: "+77273000000",
      to: "+77015550000",
      event: "finished",
      durationSec: 61,
    });
    expect(answer.status).toBe(200);
    const { activityId } = (await answer.json()) as { activityId: string };
    const activity = await apiGet<{ subject: string; ownerName: string; durationMinutes: number }>(
      page,
      `/activities/${activityId}`,
    );
    expect(activity.subject).toBe("Исходящий звонок +7 701 555 00 00");
    expect(activity.ownerName).toMatch(/^Исмаилова/);
    expect(activity.durationMinutes).toBe(2);
  });

  it("while a call rings on her extension, the manager sees who is calling and their open deals", async () => {
    const page = await session("a.ismailova");
    await page.goto(`${baseUrl()}/cabinet`);
    const contacts = await apiGet<{ items: { id: string; name: string; phones: string[] }[] }>(
      page,
      "/contacts?limit=100&sort=-updatedAt",
    );
    const caller = contacts.items.find((contact) => contact.phones.length > 0)!;
    expect(caller).toBeDefined();
    // Her socket is open once the page has said hello; the event then reaches it.
    await page.waitForTimeout(1000);
    const callId = `ring-${Date.now()}`;
    const answer = await sendEvent({ callId, direction: "incoming", from: caller.phones[0], event: "ringing" });
    expect(answer.status).toBe(200);
    const card = page.getByRole("alertdialog", { name: "Входящий звонок" });
    await card.waitFor();
    await card.getByText(formatPhone(caller.phones[0]!)).waitFor();
    expect(await card.getByRole("link").count()).toBeGreaterThan(0);
    await screenshot(page, "121-telephony-incoming-call");
    // Answered, the card says so; finished, it goes; the call with its recording is on the card's timeline.
    expect((await sendEvent({ callId, direction: "incoming", from: caller.phones[0], event: "answered" })).status).toBe(
      200,
    );
    await card.getByText("Идёт разговор").waitFor();
    const recordingUrl = `https://pbx.example.kz/rec/${callId}.mp3`;
    const finished = await sendEvent({
      callId,
      direction: "incoming",
      from: caller.phones[0],
      event: "finished",
      durationSec: 95,
      recordingUrl,
    });
    expect(finished.status).toBe(200);
    await card.waitFor({ state: "detached" });
    await page.goto(`${baseUrl()}/crm/contacts/${caller.id}`);
    const recording = page.getByLabel("Запись разговора").first();
    await recording.waitFor();
    expect(await recording.getAttribute("src")).toBe(recordingUrl);
    await screenshot(page, "122-telephony-recording");

    // Her phone links call through the PBX: a click asks it to ring her extension.
    const phone = page.locator('a[data-click-to-call="pbx"]', { hasText: formatPhone(caller.phones[0]!) }).first();
    await phone.waitFor();
    await phone.click();
    await page.getByText(/Звоним на .*: снимите трубку на номере/).waitFor();
    expect(originated.at(-1)).toMatchObject({ extension, number: caller.phones[0] });
  });
});
