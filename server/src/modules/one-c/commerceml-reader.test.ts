import { oneCCounterpartySchema, oneCOrderSchema, oneCPaymentSchema } from "@planerka/common";
import { describe, expect, it } from "vitest";
import { CommerceMlError, type CommerceMlItem, readCommerceMl } from "./commerceml-reader";
import {
  buildCommerceMlPackage,
  sampleCompany as company,
  encodeWindows1251OrThrow,
  sampleCommerceMlInput as input,
  sampleOrders as orders,
  samplePayments as payments,
  samplePerson as person,
  sellerGuid,
} from "./testing/commerceml-fixtures";

async function* chunksOf(bytes: Buffer, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function readAll(bytes: Buffer, chunkSize = 64 * 1024): Promise<CommerceMlItem[]> {
  const items: CommerceMlItem[] = [];
  for await (const item of readCommerceMl(chunksOf(bytes, chunkSize))) items.push(item);
  return items;
}

async function failure(bytes: Buffer | AsyncIterable<Buffer>, chunkSize?: number): Promise<CommerceMlError> {
  const source = Buffer.isBuffer(bytes) ? chunksOf(bytes, chunkSize ?? bytes.length) : bytes;
  try {
    for await (const _ of readCommerceMl(source)) {
      // drain
    }
  } catch (error) {
    expect(error).toBeInstanceOf(CommerceMlError);
    return error as CommerceMlError;
  }
  throw new Error("the package was read without an error");
}

/** What the caller gets after its zod validation. */
function validated(items: CommerceMlItem[]) {
  const records = (kind: CommerceMlItem["kind"]) =>
    items.flatMap((item) => (item.kind === kind && "record" in item ? [item.record] : []));
  return {
    counterparties: records("counterparty").map((record) => oneCCounterpartySchema.parse(record)),
    orders: records("order").map((record) => oneCOrderSchema.parse(record)),
    payments: records("payment").map((record) => oneCPaymentSchema.parse(record)),
  };
}

function xml(body: string, version = "2.05"): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="${version}" ДатаФормирования="2025-01-15T10:00:00">
${body}
</КоммерческаяИнформация>`);
}

const expected = {
  counterparties: [company, person].map((record) => oneCCounterpartySchema.parse(record)),
  orders: orders.map((record) => oneCOrderSchema.parse(record)),
  payments: payments.map((record) => oneCPaymentSchema.parse(record)),
};

describe("readCommerceMl: what 1C sends", () => {
  it.each([
    ["utf-8", "2.05"],
    ["utf-8", "2.10"],
    ["windows-1251", "2.05"],
    ["windows-1251", "2.10"],
  ] as const)("reads every record of a %s package in layout %s", async (encoding, layout) => {
    const items = await readAll(buildCommerceMlPackage(input, { encoding, layout }));
    const read = validated(items);
    expect(read.counterparties).toEqual(expected.counterparties);
    expect(read.orders).toEqual(expected.orders);
    expect(read.payments.sort((a, b) => a.guid.localeCompare(b.guid))).toEqual(expected.payments);
    expect(read.orders[0]!.amount).toBe("1234567.50");
    expect(items.some((item) => item.kind === "counterparty" && item.record.guid === sellerGuid)).toBe(false);
  });

  it.each([1, 7])("gives the same records when the bytes come %i at a time", async (size) => {
    for (const encoding of ["utf-8", "windows-1251"] as const) {
      const bytes = buildCommerceMlPackage(input, { encoding, layout: "2.10" });
      expect(await readAll(bytes, size)).toEqual(await readAll(bytes));
    }
  });

  it("yields each counterparty once, before the first document that names it", async () => {
    for (const classifier of [false, true]) {
      const items = await readAll(buildCommerceMlPackage({ ...input, classifier }));
      const at = (kind: string, guid: string) =>
        items.findIndex((item) => item.kind === kind && "record" in item && item.record.guid === guid);
      expect(items.filter((item) => item.kind === "counterparty")).toHaveLength(2);
      expect(at("counterparty", company.guid)).toBeLessThan(at("order", orders[0]!.guid));
      expect(at("counterparty", person.guid)).toBeLessThan(at("order", orders[1]!.guid));
    }
  });

  it("yields records while the file is still arriving", async () => {
    const bytes = buildCommerceMlPackage(input);
    const firstHalf = bytes.subarray(0, bytes.indexOf("</Документ>") + 200);
    let sentRest = false;
    async function* source() {
      yield firstHalf;
      sentRest = true;
      yield bytes.subarray(firstHalf.length);
    }
    const reader = readCommerceMl(source());
    const first = await reader.next();
    expect(first.value).toMatchObject({ kind: "counterparty", record: { guid: company.guid } });
    expect(sentRest).toBe(false);
    await reader.return(undefined);
  });

  it("tells a person from a company and reads their details wherever 1C puts them", async () => {
    const items = await readAll(
      xml(`<Классификатор><Контрагенты>
<Контрагент><Ид>p-1</Ид><Фамилия>Сидоров</Фамилия><Имя>Пётр</Имя><ИНН>8801 0130 0123</ИНН>
<Контакты><Контакт><Тип>Почта</Тип><Значение>p@mail.kz</Значение></Контакт><Контакт><Тип>E-mail</Тип><Значение>p2@mail.kz</Значение></Контакт></Контакты>
<ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Ответственный</Наименование><Значение>Ким Ольга</Значение></ЗначениеРеквизита>
<ЗначениеРеквизита><Наименование>Пометка удаления</Наименование><Значение>Да</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Контрагент>
<Контрагент><Ид>c-1</Ид><ОфициальноеНаименование>ТОО «Береке»</ОфициальноеНаименование><Фамилия>Директоров</Фамилия><БИН>0401-4000-0123</БИН>
<Адрес><Представление>Шымкент</Представление></Адрес></Контрагент>
<Контрагент><Ид>p-2</Ид><Наименование>ИП Ахметов</Наименование><ФизЛицо><ИИН>770101300123</ИИН></ФизЛицо></Контрагент>
<Контрагент><Ид>c-2</Ид><Наименование>Без реквизитов</Наименование></Контрагент>
</Контрагенты></Классификатор>`),
    );
    expect(items.map((item) => item.kind === "counterparty" && item.record)).toEqual([
      {
        guid: "p-1",
        name: "Сидоров Пётр",
        bin: "880101300123",
        kind: "person",
        emails: ["p@mail.kz", "p2@mail.kz"],
        managerName: "Ким Ольга",
        deleted: true,
      },
      { guid: "c-1", name: "ТОО «Береке»", bin: "040140000123", kind: "company", address: "Шымкент" },
      { guid: "p-2", name: "ИП Ахметов", bin: "770101300123", kind: "person" },
      { guid: "c-2", name: "Без реквизитов", kind: "company" },
    ]);
  });

  it("reads an order as 1C writes it: time, spaced amount, requisite words, the buyer not the seller", async () => {
    const items = await readAll(
      xml(`<Документ><Ид>o-1</Ид><Номер>42</Номер><Дата>2025-02-03</Дата><ХозОперация>Заказ товара</ХозОперация><Роль>Продавец</Роль>
<Сумма>1 234,50</Сумма><Контрагенты>
<Контрагент><Ид>seller</Ид><Наименование>Мы</Наименование><Роль>Продавец</Роль></Контрагент>
<Контрагент><Ид>buyer</Ид><Наименование>Клиент</Наименование><Роль>Покупатель</Роль></Контрагент></Контрагенты>
<Время>14:05:09</Время><Комментарий>  </Комментарий>
<Товары><Товар><Ид>g</Ид><Сумма>1</Сумма><ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>ПометкаУдаления</Наименование><Значение>true</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Товар></Товары>
<ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Отменен</Наименование><Значение>Нет</Значение></ЗначениеРеквизита>
<ЗначениеРеквизита><Наименование>Статус заказа</Наименование><Значение>Отменён</Значение></ЗначениеРеквизита>
<ЗначениеРеквизита><Наименование>Менеджер</Наименование><Значение>Ким Ольга</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Документ>`),
    );
    expect(items).toEqual([
      { kind: "counterparty", record: { guid: "buyer", name: "Клиент", kind: "company" } },
      {
        kind: "order",
        record: {
          guid: "o-1",
          number: "42",
          date: "2025-02-03T14:05:09",
          amount: "1 234,50",
          counterpartyGuid: "buyer",
          cancelled: true,
          managerName: "Ким Ольга",
        },
      },
    ]);
    expect(oneCOrderSchema.parse(items[1]!.kind === "order" && items[1]!.record)).toMatchObject({
      amount: "1234.50",
      posted: true,
      deleted: false,
    });
  });

  it("reads payments and refunds of every kind 1C sends", async () => {
    const payment = (operation: string, guid: string) =>
      `<Документ><Ид>${guid}</Ид><Номер>${guid}</Номер><Дата>2025-02-03</Дата><ХозОперация>${operation}</ХозОперация><Сумма>10</Сумма><Основание>o-1</Основание>
<ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Проведен</Наименование><Значение>ложь</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Документ>`;
    const items = await readAll(
      xml(
        payment("Выплата безналичных денег", "p1") +
          payment("Выплата наличных денег", "p2") +
          payment("Эквайринговая операция", "p3") +
          payment("Возврат безналичных денег", "p4") +
          payment("Возврат наличных денег", "p5"),
      ),
    );
    expect(
      items.map((item) => item.kind === "payment" && [item.record.guid, item.record.refund, item.record.posted]),
    ).toEqual([
      ["p1", false, false],
      ["p2", false, false],
      ["p3", false, false],
      ["p4", true, false],
      ["p5", true, false],
    ]);
  });

  it("links a payment to its order by Основание, its Ид, or the Контейнер it shares with the order", async () => {
    const payment = (guid: string, basis = "") =>
      `<Документ><Ид>${guid}</Ид><Номер>1</Номер><Дата>2025-02-03</Дата><ХозОперация>Выплата безналичных денег</ХозОперация><Сумма>5</Сумма>${basis}</Документ>`;
    const order = (guid: string) =>
      `<Документ><Ид>${guid}</Ид><Номер>1</Номер><Дата>2025-02-03</Дата><ХозОперация>Заказ товара</ХозОперация><Сумма>5</Сумма></Документ>`;
    const items = await readAll(
      xml(
        `<Контейнер>${payment("by-text", "<Основание> o-text </Основание>")}${payment("by-id", "<Основание><Ид>o-id</Ид><Номер>7</Номер></Основание>")}</Контейнер>
<Контейнер>${payment("before-order")}${order("o-container")}${payment("after-order")}</Контейнер>
<Контейнер>${payment("no-order")}</Контейнер>`,
        "2.10",
      ),
    );
    expect(items.map((item) => item.kind === "payment" && [item.record.guid, item.record.orderGuid])).toEqual([
      ["by-text", "o-text"],
      ["by-id", "o-id"],
      false,
      ["before-order", "o-container"],
      ["after-order", "o-container"],
      ["no-order", undefined],
    ]);
  });

  it("skips documents it does not take, saying why in Russian, and ignores the goods catalogue", async () => {
    const items = await readAll(
      xml(`<Каталог><Ид>cat</Ид><Товары><Товар><Ид>g</Ид><Наименование>Товар</Наименование></Товар></Товары></Каталог>
<ПакетПредложений><Предложения><Предложение><Ид>g</Ид></Предложение></Предложения></ПакетПредложений>
<Документ><Ид>inv-1</Ид><ХозОперация>Счет на оплату</ХозОперация><Контрагенты><Контрагент><Ид>x</Ид><Наименование>X</Наименование></Контрагент></Контрагенты></Документ>
<Документ><Номер>5</Номер></Документ>`),
    );
    expect(items).toEqual([
      { kind: "skipped", element: "Документ", guid: "inv-1", reason: 'Документ "Счет на оплату" не загружается' },
      { kind: "skipped", element: "Документ", guid: null, reason: "Документ без ХозОперации не загружается" },
    ]);
  });
});

describe("readCommerceMl: what it refuses", () => {
  it("refuses a DTD (billion laughs) at once, before reading or expanding any of it", async () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<КоммерческаяИнформация>&lol9;</КоммерческаяИнформация>`;
    let chunksRead = 0;
    async function* endless() {
      yield Buffer.from(laughs.slice(0, 60));
      for (;;) {
        chunksRead++;
        if (chunksRead > 3) throw new Error("the reader kept reading the DTD");
        yield Buffer.from(" <!ENTITY x 'x'>");
      }
    }
    expect((await failure(endless())).message).toBe("Документ с DTD не принимается");
    expect((await failure(Buffer.from(laughs), 1)).message).toBe("Документ с DTD не принимается");
    const external = `<?xml version="1.0"?><!DOCTYPE К SYSTEM "file:///etc/passwd"><К/>`;
    expect((await failure(Buffer.from(external))).message).toBe("Документ с DTD не принимается");
  });

  it("reports malformed XML with its line and column, however it is chunked", async () => {
    const bytes = xml(`<Документ>\n<Ид>1</Ид>\n<Номер>2</Ном>\n</Документ>`);
    for (const size of [bytes.length, 1, 7]) {
      const error = await failure(bytes, size);
      expect([error.line, error.column]).toEqual([5, 14]);
      expect(error.message).toContain("строке 5, столбце 14");
    }
  });

  it("refuses a Документ over 2 MB but takes one whose goods list is larger", async () => {
    const big = "ж".repeat(2 * 1024 * 1024 + 1);
    const oversized = await failure(xml(`<Документ><Ид>1</Ид><Комментарий>${big}</Комментарий></Документ>`));
    expect(oversized.message).toContain("больше 2 МБ");
    const goods = `<Товар><Наименование>${"ж".repeat(1000)}</Наименование></Товар>`.repeat(3000);
    const items = await readAll(
      xml(
        `<Документ><Ид>o</Ид><Номер>1</Номер><Дата>2025-01-01</Дата><ХозОперация>Заказ товара</ХозОперация><Сумма>1</Сумма><Товары>${goods}</Товары></Документ>`,
      ),
    );
    expect(items.map((item) => item.kind)).toEqual(["order"]);
  });

  it("refuses a package that is not CommerceML 2.03–2.10 or 3.x", async () => {
    expect((await failure(Buffer.from("<Каталог/>"))).message).toContain("не КоммерческаяИнформация");
    expect((await failure(xml("", "1.0"))).message).toContain("Версия схемы 1.0 не поддерживается");
    expect(await readAll(xml("", "3.1"))).toEqual([]);
    expect((await failure(Buffer.from(""))).line).toBe(1);
  });

  it("decodes by the prolog's encoding, and a byte-order mark outranks it", async () => {
    const body = `<КоммерческаяИнформация ВерсияСхемы="2.05"><Классификатор><Контрагенты><Контрагент><Ид>1</Ид><Наименование>Ёлка №1</Наименование></Контрагент></Контрагенты></Классификатор></КоммерческаяИнформация>`;
    const cp1251 = encodeWindows1251OrThrow(`<?xml version="1.0" encoding="cp1251"?>${body}`);
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`<?xml version="1.0" encoding="windows-1251"?>${body}`),
    ]);
    for (const bytes of [cp1251, bom]) {
      expect(await readAll(bytes, 3)).toEqual([
        { kind: "counterparty", record: { guid: "1", name: "Ёлка №1", kind: "company" } },
      ]);
    }
    const unknown = Buffer.from(`<?xml version="1.0" encoding="x-unknown"?>${body}`);
    expect((await failure(unknown)).message).toBe("Кодировка «x-unknown» не поддерживается");
  });
});
