import { oneCCounterpartySchema, oneCOrderSchema } from "@planerka/common";
import { describe, expect, it } from "vitest";
import { type CommerceMlItem, readCommerceMl } from "./commerceml-reader";
import { type CommerceMlOrderOut, writeCommerceMlOrders } from "./commerceml-writer";

const generatedAt = new Date("2025-03-01T19:00:00Z");

function written(orders: CommerceMlOrderOut[]): string {
  return [...writeCommerceMlOrders(orders, generatedAt, "Asia/Almaty")].join("");
}

async function readBack(xml: string): Promise<CommerceMlItem[]> {
  async function* source() {
    yield Buffer.from(xml, "utf8");
  }
  const items: CommerceMlItem[] = [];
  for await (const item of readCommerceMl(source())) items.push(item);
  return items;
}

function order(overrides: Partial<CommerceMlOrderOut> = {}): CommerceMlOrderOut {
  return {
    guid: "6b1f0c2e-0000-4000-8000-000000000001",
    number: "CRM-1",
    date: new Date("2025-03-01T20:30:05Z"),
    timeZone: "Asia/Almaty",
    amount: "150000.00",
    comment: null,
    managerName: null,
    stageName: "Счёт выставлен",
    counterparty: null,
    ...overrides,
  };
}

const orders: CommerceMlOrderOut[] = [
  order({
    comment: "Позвонить после обеда",
    managerName: "Иванов Иван",
    counterparty: {
      guid: "6b1f0c2e-0000-4000-8000-00000000c001",
      name: "ТОО «Ромашка»",
      bin: "123456789012",
      kind: "company",
    },
  }),
  order({
    guid: "6b1f0c2e-0000-4000-8000-000000000002",
    number: "CRM-2",
    date: new Date("2025-06-30T23:59:59Z"),
    timeZone: "Europe/Moscow",
    amount: "0.50",
    counterparty: {
      guid: "6b1f0c2e-0000-4000-8000-00000000c002",
      name: "Петрова Алёна Сергеевна",
      bin: null,
      kind: "person",
    },
  }),
  order({ guid: "6b1f0c2e-0000-4000-8000-000000000003", number: "CRM-3" }),
];

describe("writeCommerceMlOrders", () => {
  it("gives 1C orders that read back as the same orders and counterparties", async () => {
    const items = await readBack(written(orders));
    expect(items.map((item) => item.kind)).toEqual(["counterparty", "order", "counterparty", "order", "order"]);
    const records = (kind: string) =>
      items.flatMap((item) => (item.kind === kind && "record" in item ? [item.record] : []));
    expect(records("counterparty").map((record) => oneCCounterpartySchema.parse(record))).toEqual([
      {
        guid: "6b1f0c2e-0000-4000-8000-00000000c001",
        name: "ТОО «Ромашка»",
        bin: "123456789012",
        kind: "company",
        phones: [],
        emails: [],
        deleted: false,
      },
      {
        guid: "6b1f0c2e-0000-4000-8000-00000000c002",
        name: "Петрова Алёна Сергеевна",
        kind: "person",
        phones: [],
        emails: [],
        deleted: false,
      },
    ]);
    const base = { posted: false, deleted: false, cancelled: false };
    expect(
      records("order")
        .slice(0, 2)
        .map((record) => oneCOrderSchema.parse(record)),
    ).toEqual([
      {
        ...base,
        guid: orders[0]!.guid,
        number: "CRM-1",
        date: "2025-03-02T01:30:05",
        counterpartyGuid: "6b1f0c2e-0000-4000-8000-00000000c001",
        amount: "150000.00",
        managerName: "Иванов Иван",
        comment: "Позвонить после обеда",
      },
      {
        ...base,
        guid: orders[1]!.guid,
        number: "CRM-2",
        date: "2025-07-01T02:59:59",
        counterpartyGuid: "6b1f0c2e-0000-4000-8000-00000000c002",
        amount: "0.50",
      },
    ]);
    // An order without a counterparty still goes out; 1C's side decides what to do with it.
    expect(records("order")[2]).toEqual({
      guid: orders[2]!.guid,
      number: "CRM-3",
      date: "2025-03-02T01:30:05",
      amount: "150000.00",
      posted: false,
    });
  });

  it("writes the day and clock in each order's zone and the stage 1C shows", () => {
    const xml = written(orders.slice(0, 1));
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="2025-03-02T00:00:00">',
      ),
    ).toBe(true);
    expect(xml).toContain("<Дата>2025-03-02</Дата>");
    expect(xml).toContain("<Время>01:30:05</Время>");
    expect(xml).toContain("<Валюта>KZT</Валюта>");
    expect(xml).toContain(
      "<ЗначениеРеквизита><Наименование>Статус заказа</Наименование><Значение>Счёт выставлен</Значение></ЗначениеРеквизита>",
    );
  });

  it("keeps & < > \" ' and line ends intact, and drops what XML cannot carry", async () => {
    const tricky = `A & B <b>"quoted"</b> 'single' ]]> a\r\nb 😀`;
    const xml = written([
      order({
        comment: `${tricky}\u0001\u0008\uFFFF\uD800`,
        managerName: `O'Brien & <Co>`,
        stageName: "Отменен",
        counterparty: { guid: "c-1", name: `ИП "Кавычки" & <Скобки>`, bin: null, kind: "company" },
      }),
    ]);
    for (const forbidden of ["\u0001", "\u0008", "\uFFFF", "\uD800"]) expect(xml).not.toContain(forbidden);
    const items = await readBack(xml);
    expect(items[0]).toEqual({
      kind: "counterparty",
      record: { guid: "c-1", name: `ИП "Кавычки" & <Скобки>`, kind: "company" },
    });
    expect(items[1]).toMatchObject({
      kind: "order",
      record: { comment: tricky, managerName: `O'Brien & <Co>`, cancelled: true },
    });
  });

  it("yields one piece per order, reading the orders only as it goes", () => {
    let produced = 0;
    function* many() {
      for (;;) {
        produced++;
        yield order({ number: `CRM-${produced}` });
      }
    }
    const pieces = writeCommerceMlOrders(many(), generatedAt, "Asia/Almaty");
    const first = [pieces.next(), pieces.next(), pieces.next()].map((piece) => piece.value as string);
    expect(first[2]).toContain("<Номер>CRM-1</Номер>");
    expect(produced).toBe(1);
  });

  it("writes a well-formed empty package when there is nothing to send", async () => {
    expect(await readBack(written([]))).toEqual([]);
  });
});
