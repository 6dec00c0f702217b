import {
  type BonusSheet,
  bonusFor,
  dayInTimeZone,
  previousBonusPeriod,
  type Reconciliation,
  toTiyn,
} from "@planerka/common";
import { describe, expect, it } from "vitest";
import { apiGet, baseUrl, escapeRegExp, screenshot, useBrowserSessions } from "./browser";

/** Tenge as the app writes it (ru-KZ: non-breaking spaces), independently of the app's helpers. */
const tenge = (amount: number) =>
  new Intl.NumberFormat("ru-KZ", {
    style: "currency",
    currency: "KZT",
    maximumFractionDigits: Number.isInteger(amount) ? 0 : 2,
  }).format(amount);

/** A sum in a column whose header says «₸»: digits only, tiyn only when there are some. */
const digits = (amount: number) =>
  new Intl.NumberFormat(
    "ru-KZ",
    Number.isInteger(amount) ? { maximumFractionDigits: 0 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 },
  ).format(amount);

interface ApprovedSheet {
  approval: { approvedBy: { name: string } } | null;
  changes: { userName: string }[];
}

describe("bonuses in the browser", () => {
  const session = useBrowserSessions();
  const marker = Date.now().toString(36);
  const schemeName = `Менеджеры Алматы ${marker}`;
  const month = dayInTimeZone(new Date(), "Asia/Almaty").slice(0, 7);
  // The scheme the administrator types in: 1 % of the base from 80 % of the plan, 2 % from 100 %.
  const bands = [
    { fromCompletionHundredths: 8_000n, ratePpm: 10_000n },
    { fromCompletionHundredths: 10_000n, ratePpm: 20_000n },
  ];

  /** The sheet's total is the sum of its lines, and one person's bonus is the formula's, recomputed here. */
  function checkSheet(
    sheet: BonusSheet,
    pick: (a: BonusSheet["items"][number], b: BonusSheet["items"][number]) => number,
  ) {
    expect(sheet.items.length).toBeGreaterThan(0);
    expect(sheet.items.every((item) => item.schemeName === schemeName)).toBe(true);
    const sum = sheet.items.reduce((total, item) => total + toTiyn(item.bonus), 0n);
    expect(toTiyn(sheet.total)).toBe(sum);
    const person = [...sheet.items].sort(pick)[0]!;
    const expected = bonusFor({ planTiyn: toTiyn(person.plan), baseTiyn: toTiyn(person.base), bands, mode: "step" });
    expect(toTiyn(person.bonus)).toBe(expected.bonusTiyn);
    // Which band the completion reached, compared exactly (completion = base ÷ plan, unrounded).
    const reached = (percent: bigint) => toTiyn(person.base) * 100n >= percent * toTiyn(person.plan);
    if (toTiyn(person.plan) > 0n && reached(100n)) expect(person.rate).toBe(2);
    else if (toTiyn(person.plan) > 0n && reached(80n)) expect(person.rate).toBe(1);
    else expect(person.bonus).toBe(0);
    return person;
  }

  it("the administrator creates a scheme in Settings → «Премии» through its form", async () => {
    const page = await session("admin");
    await page.goto(`${baseUrl()}/settings/company`);
    await page.getByRole("link", { name: "Премии" }).first().waitFor();
    // The settings menu's «Премии», not the main menu's: the one whose address is the settings page.
    await page.locator('a[href="/settings/bonuses"]').click();
    await page.getByRole("heading", { name: "Схемы премирования", level: 2 }).waitFor();

    await page.getByRole("button", { name: "Новая схема" }).click();
    const dialog = page.getByRole("dialog", { name: "Новая схема премирования" });
    await dialog.getByLabel("Название").fill(schemeName);
    const unit = dialog.getByLabel("Подразделение", { exact: true });
    await unit.click();
    await unit.fill("Алматы");
    await page.getByRole("option", { name: "Алматы", exact: true }).click();
    await dialog.getByLabel("От % выполнения 1").fill("80");
    await dialog.getByLabel("Ставка, % от базы 1").fill("1");
    await dialog.getByRole("button", { name: "Добавить ступень" }).click();
    await dialog.getByLabel("От % выполнения 2").fill("100");
    await dialog.getByLabel("Ставка, % от базы 2").fill("2");
    // The scheme in words, before it is saved.
    await expect
      .poll(() => dialog.getByTestId("scheme-preview").innerText())
      .toContain("от 80\u00a0% выполнения — 1\u00a0%; от 100\u00a0% выполнения — 2\u00a0%");
    await screenshot(page, "81-bonus-scheme-form");
    await dialog.getByRole("button", { name: "Новая схема" }).click();
    await dialog.waitFor({ state: "detached" });

    const row = page
      .getByRole("table", { name: "Схемы премирования" })
      .getByRole("row")
      .filter({ hasText: schemeName });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain("80\u00a0% → 1\u00a0%, 100\u00a0% → 2\u00a0%");
    expect(text).toContain("Роль: Менеджер");
    expect(text).toContain("Подразделение: Алматы");
    expect(text).toContain("Месяц");
    expect(text).toContain("Действует");
    await screenshot(page, "81-bonus-schemes", { fromTop: true });
  });

  it("the head sees his people's bonuses as the formula gives them, opens a row and approves the sheet", async () => {
    const page = await session("d.kozlov");
    await page.getByRole("navigation").getByRole("link", { name: "Премии" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/bonuses");
    const table = page.getByRole("table", { name: "Премии" });
    await table.waitFor();

    // The same period the page chose by itself: the current month in the company's time zone.
    const sheet = await apiGet<BonusSheet>(page, `/bonuses?period=${month}`);
    expect(sheet.unitName).toBe("Алматы");
    const person = checkSheet(sheet, (a, b) => b.base - a.base);
    await expect.poll(() => table.locator("tbody > tr[data-user-id]").count()).toBe(sheet.items.length);
    await expect.poll(() => page.getByTestId("bonus-total").innerText()).toBe(tenge(sheet.total));
    const row = table.locator(`tr[data-user-id="${person.userId}"]`);
    const cells = await row.getByRole("cell").allInnerTexts();
    expect(cells[0]).toContain(person.userName);
    expect(cells[2]).toBe(digits(person.plan));
    expect(cells[3]).toContain(digits(person.base));
    expect(cells[8]).toBe(digits(person.bonus));
    // «Скачать XLSX» is a plain link to the workbook of the same period and unit.
    const href = await page.getByRole("link", { name: "Скачать XLSX" }).getAttribute("href");
    expect(href).toBe(`/api/v1/bonuses/export.xlsx?period=${month}`);
    const download = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { status: response.status, type: response.headers.get("content-type") };
    }, href!);
    expect(download).toEqual({
      status: 200,
      type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    const source = sheet.source === "1c" ? "по оплатам 1С" : "по выигранным сделкам";
    await expect.poll(() => page.getByTestId("bonus-source").innerText()).toBe(source);

    // The row opens to the deals behind the base; each links to its card.
    await row.getByRole("button", { name: `Показать сделки: ${person.userName}` }).click();
    const deals = table.locator(`tr[data-deals-of="${person.userId}"]`);
    await deals.getByText("Засчитанные сделки").waitFor();
    await deals.getByText("Не засчитаны").waitFor();
    if (person.deals.length > 0) {
      const link = deals.getByRole("link", { name: person.deals[0]!.title }).first();
      expect(await link.getAttribute("href")).toBe(`/crm/deals/${person.deals[0]!.dealId}`);
    }
    await screenshot(page, "80-bonuses-sheet", { fromTop: true });

    // The whole previous month, where people reach the bands: the best completion, recomputed.
    await page.getByRole("button", { name: "Предыдущий период" }).click();
    const previousMonth = previousBonusPeriod(month)!;
    await expect.poll(() => new URL(page.url()).searchParams.get("period")).toBe(previousMonth);
    const previous = await apiGet<BonusSheet>(page, `/bonuses?period=${previousMonth}`);
    const best = checkSheet(previous, (a, b) => (b.completion ?? 0) - (a.completion ?? 0));
    await expect.poll(() => page.getByTestId("bonus-total").innerText()).toBe(tenge(previous.total));
    expect(await table.locator(`tr[data-user-id="${best.userId}"]`).getByRole("cell").last().innerText()).toBe(
      digits(best.bonus),
    );
    await screenshot(page, "80-bonuses-previous-month", { fromTop: true });
    await page.getByRole("button", { name: "Следующий период" }).click();
    await expect.poll(() => page.getByTestId("bonus-total").innerText()).toBe(tenge(sheet.total));

    await page.getByRole("button", { name: "Утвердить ведомость" }).click();
    const confirm = page.getByRole("dialog", { name: "Утвердить ведомость?" });
    await confirm.getByText(new RegExp(`«Алматы».*${escapeRegExp(tenge(sheet.total))}`)).waitFor();
    await confirm.getByRole("button", { name: "Утвердить ведомость" }).click();
    await page.getByText(/^Утверждено: Козлов Денис Михайлович, \d{1,2} \S+ \d{4}, \d{2}:\d{2}$/).waitFor();
    expect(await page.getByRole("button", { name: "Утвердить ведомость" }).count()).toBe(0);
    const approved = await apiGet<ApprovedSheet>(page, `/bonus-sheets?period=${month}`);
    expect(approved.approval?.approvedBy.name).toBe("Козлов Денис Михайлович");
    await screenshot(page, "80-bonuses-approved", { fromTop: true });
  });

  it("a manager sees only her own row, the approved one, and a phone scrolls the table, not the page", async () => {
    const page = await session("a.ismailova", { viewport: { width: 375, height: 812 } });
    const me = await apiGet<{ id: string; name: string }>(page, "/me");
    await page.goto(`${baseUrl()}/bonuses`);
    const table = page.getByRole("table", { name: "Премии" });
    await table.waitFor();
    await expect.poll(() => table.locator("tbody > tr[data-user-id]").count()).toBe(1);
    expect(await table.locator(`tr[data-user-id="${me.id}"]`).innerText()).toContain(me.name);
    const sheet = await apiGet<BonusSheet>(page, `/bonuses?period=${month}`);
    expect(sheet.items.map((item) => item.userId)).toEqual([me.id]);
    await page.getByText(/^Утверждено: Козлов Денис Михайлович/).waitFor();
    // No unit to choose and no approving for a manager.
    expect(await page.getByLabel("Подразделение", { exact: true }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Утвердить ведомость" }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, "83-bonuses-375", { fromTop: true });
  });

  it("«Сверка с 1С» lists what 1C paid without a deal, and the head accepts it with a comment", async () => {
    // 1C's HTTP service posts an order paid in full whose manager Planerka cannot tell.
    const admin = await session("admin");
    const today = dayInTimeZone(new Date(), "Asia/Almaty");
    const number = `E2E-B-${marker}`;
    await admin.evaluate(
      async ({ body }) => {
        const response = await fetch("/api/v1/integrations/1c/upsert", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      },
      {
        body: {
          counterparties: [{ guid: `e2e-b-${marker}-cp`, name: `ТОО «Премия ${marker}»` }],
          orders: [
            {
              guid: `e2e-b-${marker}-order`,
              number,
              date: `${today}T10:00:00`,
              counterpartyGuid: `e2e-b-${marker}-cp`,
              amount: "480000",
              managerName: `Неизвестный (премии ${marker})`,
            },
          ],
          payments: [
            {
              guid: `e2e-b-${marker}-pay`,
              orderGuid: `e2e-b-${marker}-order`,
              number: `П-B-${marker}`,
              date: `${today}T12:00:00`,
              amount: "480000",
            },
          ],
        },
      },
    );

    const page = await session("d.kozlov");
    await page.goto(`${baseUrl()}/bonuses`);
    await page.getByRole("tab", { name: "Сверка с 1С" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/bonuses/reconciliation");
    const table = page.getByRole("table", { name: "Сверка с 1С" });
    await table.waitFor();
    const lines = await apiGet<Reconciliation>(page, `/reconciliation?period=${month}`);
    expect(lines.connected).toBe(true);
    const line = lines.items.find((item) => item.document === number)!;
    expect(line).toMatchObject({ kind: "paid_without_deal", oneCAmount: 480000, accepted: null });
    const row = table.locator(`tr[data-line-key="${line.key}"]`);
    const text = await row.innerText();
    expect(text).toContain("Оплачен в 1С, нет сделки в CRM");
    expect(text).toContain(tenge(480000));
    expect(await row.getByRole("link", { name: "Не распределено" }).getAttribute("href")).toBe("/one-c/unassigned");
    await screenshot(page, "82-reconciliation", { fromTop: true });

    await row.getByRole("button", { name: "Принять расхождение" }).click();
    const dialog = page.getByRole("dialog", { name: "Принять расхождение" });
    await dialog.getByRole("button", { name: "Принять расхождение" }).click();
    await dialog.getByText("Заполните поле").waitFor();
    await dialog.getByLabel("Комментарий").fill("Оплата за прошлый год, сделки не будет");
    await dialog.getByRole("button", { name: "Принять расхождение" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect
      .poll(() => row.getByTestId("reconciliation-accepted").innerText())
      .toMatch(/^Принято: Оплата за прошлый год, сделки не будет — Козлов Денис Михайлович, \d{1,2} /);
    await screenshot(page, "82-reconciliation-accepted", { fromTop: true });

    // Accepted lines are hidden unless asked for.
    await page.reload();
    await table.waitFor();
    await expect.poll(() => row.count()).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole("switch", { name: "Показать принятые" }).check();
    await row.getByTestId("reconciliation-accepted").waitFor();

    // Back on the sheet: what the exchange would change in the approved sheet, if anything.
    await page.getByRole("tab", { name: "Ведомость" }).click();
    await page.getByText(/^Утверждено: Козлов Денис Михайлович/).waitFor();
    const approved = await apiGet<ApprovedSheet>(page, `/bonus-sheets?period=${month}`);
    if (approved.changes.length > 0) {
      const changes = page.getByRole("table", { name: "Что изменилось бы сейчас" });
      await changes.getByText(approved.changes[0]!.userName).waitFor();
      await screenshot(page, "84-bonuses-changes", { fromTop: true });
    }
  });
});
