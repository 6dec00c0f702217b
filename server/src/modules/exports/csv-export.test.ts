import { dayInTimeZone } from "@planerka/common";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

interface Cell {
  value: string;
  quoted: boolean;
}

/** The CSV as Russian Excel reads it (`;`, quotes), each cell with whether it was quoted. */
const cellsOf = (body: string): Cell[][] =>
  parse(body, {
    delimiter: ";",
    bom: true,
    record_delimiter: "\r\n",
    cast: (value, context) => ({ value, quoted: context.quoting }) as unknown as string,
  }) as unknown as Cell[][];

describe("the CSV export for Excel in Russian", () => {
  const context = useTestApp();
  let manager: Client;

  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    [manager] = await loginEach(context.app, ["manager-a1"]);
    for (const [title, amount] of [
      ["x,=1+2,y", 267_900],
      ["Полтиныч", 0.5],
      ["=1+2", 1_234_567.89],
      ["Пустая", 0],
    ] as const) {
      expect(
        (await manager.request("POST", "/api/v1/deals", { title, amount, source: "+77015551234" })).statusCode,
      ).toBe(201);
    }
  });

  it("quotes every text cell, writes amounts as bare numbers with a decimal comma, and no formula", async () => {
    // The company's day (Almaty): after 19:00 UTC a deal created now is already on tomorrow there.
    const today = dayInTimeZone(new Date(), "Asia/Almaty");
    const response = await manager.request("GET", `/api/v1/exports/deals?from=2020-01-01&to=${today}&format=csv`);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...records] = cellsOf(response.body);
    expect(header!.every((cell) => cell.quoted)).toBe(true);
    expect(header!.map((cell) => cell.value)).toContain("Сумма, ₸");
    expect(records).toHaveLength(4);

    const byTitle = new Map(records.map((record) => [record[1]!.value, record]));
    expect([...byTitle.keys()].sort()).toEqual(["'=1+2", "x,=1+2,y", "Полтиныч", "Пустая"].sort());
    const amountOf = (title: string) => byTitle.get(title)![3]!;
    expect(amountOf("x,=1+2,y")).toEqual({ value: "267900,00", quoted: false });
    expect(amountOf("Полтиныч")).toEqual({ value: "0,50", quoted: false });
    expect(amountOf("'=1+2")).toEqual({ value: "1234567,89", quoted: false });
    expect(amountOf("Пустая")).toEqual({ value: "0,00", quoted: false });

    for (const record of records) {
      expect(record).toHaveLength(header!.length);
      const [number, ...rest] = record;
      expect(number).toEqual({ value: expect.stringMatching(/^\d+$/), quoted: false });
      for (const [index, cell] of rest.entries()) {
        if (index === 2) continue; // the amount, checked above
        // Empty cells (no company, not closed) are empty; every other one is quoted text.
        if (cell.value !== "") expect(cell.quoted, `${record[1]!.value} column ${index + 1}`).toBe(true);
        expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
      }
      expect(record[10]).toEqual({ value: "'+77015551234", quoted: true });
    }
  });
});
