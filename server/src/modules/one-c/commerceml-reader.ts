import { TextDecoder } from "node:util";
import { SaxesParser } from "saxes";

/**
 * Streams a CommerceML 2 package from 1C's «Обмен с сайтом» into counterparty, order and payment
 * records (the shapes of oneCCounterpartySchema, oneCOrderSchema, oneCPaymentSchema in
 * @planerka/common). It never validates: the caller runs zod and rejects bad records one by one.
 * Only one Документ or Контрагент is held as a tree at a time, so memory stays flat for any file size.
 */
export type CommerceMlItem =
  | { kind: "counterparty"; record: Record<string, unknown> }
  | { kind: "order"; record: Record<string, unknown> }
  | { kind: "payment"; record: Record<string, unknown> }
  | { kind: "skipped"; element: string; guid: string | null; reason: string };

export class CommerceMlError extends Error {
  line?: number;
  column?: number;
  constructor(message: string, position?: { line: number; column: number }) {
    super(message);
    this.name = "CommerceMlError";
    if (position) Object.assign(this, position);
  }
}

export const commerceMlLimits = {
  /** Text one Документ or Контрагент may hold (their Товары are not kept). */
  elementChars: 2 * 1024 * 1024,
  /** saxes buffers a text node, comment or DTD until it ends: a longer run of unmarked text is refused. */
  unmarkedChars: 4 * 1024 * 1024,
  sliceBytes: 64 * 1024,
};

type XmlNode = { name: string; text: string; children: XmlNode[] };
type Position = { line: number; column: number };
type PaymentRecord = Record<string, unknown>;

const root = "КоммерческаяИнформация";
const paymentOperations = new Map([
  ["выплата безналичных денег", false],
  ["выплата наличных денег", false],
  ["эквайринговая операция", false],
  ["возврат безналичных денег", true],
  ["возврат наличных денег", true],
]);
const trueWords = new Set(["true", "да", "истина", "1"]);
const falseWords = new Set(["false", "нет", "ложь", "0"]);

export async function* readCommerceMl(source: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<CommerceMlItem> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const reader = new PackageReader(parser);
  parser.on("error", (error) => {
    const at = reader.position();
    const detail = error.message.replace(/^\d+:\d+:\s*/, "");
    throw new CommerceMlError(`Ошибка XML в строке ${at.line}, столбце ${at.column}: ${detail}`, at);
  });
  parser.on("doctype", refuseDtdOrThrow);
  parser.on("opentag", (tag) => reader.open(localName(tag.name), tag.attributes));
  parser.on("closetag", () => reader.close());
  parser.on("text", (text) => reader.text(text));
  parser.on("cdata", (text) => reader.text(text));
  parser.on("comment", () => reader.mark());
  parser.on("processinginstruction", () => reader.mark());

  let tail = "";
  for await (const text of decodeXmlOrThrow(source)) {
    // Refuse a DTD before saxes reads (and buffers) any of it: no entity is ever declared or expanded.
    if (!reader.sawRoot && /<!DOCTYPE/i.test(tail + text)) refuseDtdOrThrow();
    tail = (tail + text).slice(-9);
    parser.write(text);
    if (parser.position - reader.lastEventAt > commerceMlLimits.unmarkedChars) {
      throw new CommerceMlError(`Слишком длинный текст без разметки (строка ${parser.line})`, reader.position());
    }
    yield* reader.drain();
  }
  parser.close();
  reader.endOfContainer();
  yield* reader.drain();
}

function refuseDtdOrThrow(): never {
  throw new CommerceMlError("Документ с DTD не принимается");
}

function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1);
}

/** Decodes by the XML prolog's encoding (UTF-8 unless it says otherwise), chunk by chunk. */
async function* decodeXmlOrThrow(source: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<string> {
  let head = Buffer.alloc(0);
  let decoder: TextDecoder | null = null;
  for await (const chunk of source) {
    // Large chunks are cut so the items one write produces stay few.
    for (let at = 0; at < chunk.length; at += commerceMlLimits.sliceBytes) {
      const slice = chunk.subarray(at, at + commerceMlLimits.sliceBytes);
      if (!decoder) {
        head = Buffer.concat([head, slice]);
        if (!head.includes(0x3e) && head.length < 1024) continue;
        decoder = decoderForOrThrow(head);
        yield decoder.decode(head, { stream: true });
      } else {
        yield decoder.decode(slice, { stream: true });
      }
    }
  }
  // A file shorter than its prolog never got a decoder: decode it whole.
  yield decoder ? decoder.decode() : decoderForOrThrow(head).decode(head);
}

function decoderForOrThrow(head: Buffer): TextDecoder {
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? "utf-8" : null;
  const utf16 =
    head[0] === 0xff && head[1] === 0xfe ? "utf-16le" : head[0] === 0xfe && head[1] === 0xff ? "utf-16be" : null;
  const declared = /^<\?xml\s[^>]*?encoding\s*=\s*["']([^"']{1,40})["']/.exec(head.toString("latin1"))?.[1];
  const label = bom ?? utf16 ?? declared ?? "utf-8";
  try {
    // The decoder drops a leading byte-order mark itself; the BOM outranks the prolog, as XML says.
    return new TextDecoder(label, { fatal: false });
  } catch {
    throw new CommerceMlError(`Кодировка «${label}» не поддерживается`);
  }
}

class PackageReader {
  sawRoot = false;
  private path: string[] = [];
  private skipDepth = 0;
  private capture: { kind: "document" | "counterparty"; stack: XmlNode[]; chars: number } | null = null;
  private container: { orderGuid: string | null; pending: PaymentRecord[] } | null = null;
  private seen = new Set<string>();
  private queue: CommerceMlItem[] = [];

  /** Where saxes was at its last event: it buffers a text, comment or DTD until it ends, so the distance bounds that. */
  lastEventAt = 0;

  constructor(private readonly parser: Pick<SaxesParser, "line" | "column" | "position">) {}

  /** saxes's column is 0-based for the next character, so 1-based for the one just read. */
  position(): Position {
    return { line: this.parser.line, column: Math.max(1, this.parser.column) };
  }

  mark() {
    this.lastEventAt = this.parser.position;
  }

  drain(): CommerceMlItem[] {
    return this.queue.splice(0);
  }

  open(name: string, attributes: Record<string, string>) {
    this.mark();
    if (this.skipDepth > 0 || (this.capture?.kind === "document" && name === "Товары")) {
      this.skipDepth++;
    } else if (this.capture) {
      const node: XmlNode = { name, text: "", children: [] };
      this.capture.stack.at(-1)!.children.push(node);
      this.capture.stack.push(node);
      this.count(name.length);
    } else if (!this.sawRoot) {
      this.openRootOrThrow(name, attributes);
    } else {
      const parent = this.path.at(-1);
      if (name === "Документ" && (parent === root || parent === "Контейнер")) this.start("document", name);
      else if (name === "Контрагент" && parent === "Контрагенты") this.start("counterparty", name);
      else if (parent === root && (name === "Каталог" || name === "ПакетПредложений")) this.skipDepth = 1;
      else {
        if (name === "Контейнер" && parent === root) this.container = { orderGuid: null, pending: [] };
        this.path.push(name);
      }
    }
  }

  close() {
    this.mark();
    if (this.skipDepth > 0) {
      this.skipDepth--;
    } else if (this.capture) {
      const node = this.capture.stack.pop()!;
      if (this.capture.stack.length > 0) return;
      const kind = this.capture.kind;
      this.capture = null;
      if (kind === "document") this.takeDocument(node);
      else this.takeCounterparty(node);
    } else if (this.path.pop() === "Контейнер") {
      this.endOfContainer();
    }
  }

  text(text: string) {
    this.mark();
    if (this.skipDepth > 0 || !this.capture || !/\S/.test(text)) return;
    this.capture.stack.at(-1)!.text += text;
    this.count(text.length);
  }

  /** Payments of a container whose order never came go out without an order (the caller rejects them). */
  endOfContainer() {
    for (const record of this.container?.pending ?? []) this.queue.push({ kind: "payment", record });
    this.container = null;
  }

  private openRootOrThrow(name: string, attributes: Record<string, string>) {
    if (name !== root) throw new CommerceMlError(`Корневой элемент «${name}» — не ${root}`, this.position());
    const version = attributes.ВерсияСхемы?.trim();
    if (version && !/^(2\.(0[3-9]|10)|3\.\d+)(\.\d+)*$/.test(version)) {
      throw new CommerceMlError(`Версия схемы ${version} не поддерживается: нужна 2.03–2.10 или 3.x`);
    }
    this.sawRoot = true;
    this.path.push(root);
  }

  private start(kind: "document" | "counterparty", name: string) {
    this.capture = { kind, stack: [{ name, text: "", children: [] }], chars: 0 };
  }

  private count(chars: number) {
    this.capture!.chars += chars;
    if (this.capture!.chars > commerceMlLimits.elementChars) {
      const at = this.position();
      const name = this.capture!.stack[0]!.name;
      throw new CommerceMlError(`Элемент «${name}» в строке ${at.line} больше 2 МБ текста`, at);
    }
  }

  private takeCounterparty(node: XmlNode) {
    const guid = textOf(node, "Ид");
    if (guid !== undefined) {
      if (this.seen.has(guid)) return;
      this.seen.add(guid);
    }
    this.queue.push({ kind: "counterparty", record: counterpartyRecord(node) });
  }

  private takeDocument(document: XmlNode) {
    const operation = textOf(document, "ХозОперация");
    const known = normalize(operation ?? "");
    const refund = paymentOperations.get(known);
    if (known !== "заказ товара" && refund === undefined) {
      const reason = operation ? `Документ "${operation}" не загружается` : "Документ без ХозОперации не загружается";
      this.queue.push({ kind: "skipped", element: "Документ", guid: textOf(document, "Ид") ?? null, reason });
      return;
    }
    // Only the buyer is the CRM's client: the seller is the company itself.
    const buyers = childrenOf(childOf(document, "Контрагенты"), "Контрагент").filter((counterparty) =>
      ["", "покупатель"].includes(normalize(textOf(counterparty, "Роль") ?? "")),
    );
    for (const buyer of buyers) this.takeCounterparty(buyer);
    const record = documentRecord(document);
    if (refund === undefined) {
      set(record, "counterpartyGuid", buyers[0] && textOf(buyers[0], "Ид"));
      const requisites = requisitesOf(document);
      const cancelled = flag(requisites.get("отменен"));
      const status = normalize(requisites.get("статусзаказа") ?? "");
      set(record, "cancelled", cancelled === true || status === "отменен" ? true : cancelled);
      set(record, "managerName", requisites.get("менеджер") ?? requisites.get("ответственный"));
      set(record, "comment", textOf(document, "Комментарий"));
      this.queue.push({ kind: "order", record });
      if (this.container && this.container.orderGuid === null && typeof record.guid === "string") {
        for (const payment of this.container.pending) payment.orderGuid = record.guid;
        this.endOfContainer();
        this.container = { orderGuid: record.guid, pending: [] };
      }
      return;
    }
    const basis = childOf(document, "Основание");
    set(record, "orderGuid", basis && (textOf(basis, "Ид") ?? (basis.text.trim() || undefined)));
    record.refund = refund;
    // In a Контейнер (2.08+) a payment without Основание pays the order it travels with.
    if (record.orderGuid === undefined && this.container) {
      if (this.container.orderGuid === null) return void this.container.pending.push(record);
      record.orderGuid = this.container.orderGuid;
    }
    this.queue.push({ kind: "payment", record });
  }
}

/** Fields orders and payments share. */
function documentRecord(document: XmlNode): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const requisites = requisitesOf(document);
  const day = textOf(document, "Дата");
  const time = textOf(document, "Время");
  set(record, "guid", textOf(document, "Ид"));
  set(record, "number", textOf(document, "Номер"));
  set(record, "date", day && time && !day.includes("T") ? `${day}T${time}` : day);
  set(record, "amount", textOf(document, "Сумма"));
  set(record, "posted", flag(requisites.get("проведен")));
  set(record, "deleted", flag(requisites.get("пометкаудаления")));
  return record;
}

function counterpartyRecord(node: XmlNode): Record<string, unknown> {
  // 3.x nests the details in ЮрЛицо / ФизЛицо; 2.x writes them on the Контрагент itself.
  const legal = childOf(node, "ЮрЛицо");
  const natural = childOf(node, "ФизЛицо");
  const places = [node, legal, natural].filter((place): place is XmlNode => place !== undefined);
  const field = (name: string) => places.map((place) => textOf(place, name)).find((value) => value !== undefined);
  const fullName = ["Фамилия", "Имя", "Отчество"].map(field).filter(Boolean).join(" ");
  const official = field("ОфициальноеНаименование");
  const requisites = requisitesOf(node);
  const record: Record<string, unknown> = {};
  set(record, "guid", textOf(node, "Ид"));
  set(record, "name", field("Наименование") ?? official ?? field("ПолноеНаименование") ?? (fullName || undefined));
  set(record, "bin", (field("ИНН") ?? field("БИН") ?? field("ИИН"))?.replace(/\D/g, "") || undefined);
  const person = natural !== undefined || field("Фамилия") !== undefined || field("Имя") !== undefined;
  record.kind = person && official === undefined ? "person" : "company";
  const phones: string[] = [];
  const emails: string[] = [];
  for (const contact of places.flatMap((place) => childrenOf(childOf(place, "Контакты"), "Контакт"))) {
    const type = normalize(textOf(contact, "Тип") ?? "");
    const value = textOf(contact, "Значение") ?? textOf(contact, "Представление");
    if (value === undefined) continue;
    if (type.includes("телефон")) phones.push(value);
    else if (/почта|e-?mail/.test(type)) emails.push(value);
  }
  if (phones.length > 0) record.phones = phones;
  if (emails.length > 0) record.emails = emails;
  const address = ["АдресРегистрации", "ЮридическийАдрес", "Адрес"]
    .flatMap((name) => places.map((place) => childOf(place, name)))
    .find((found) => found !== undefined);
  set(record, "address", address && textOf(address, "Представление"));
  set(record, "managerName", requisites.get("менеджер") ?? requisites.get("ответственный"));
  set(record, "deleted", flag(requisites.get("пометкаудаления")));
  return record;
}

function set(record: Record<string, unknown>, key: string, value: unknown) {
  if (value !== undefined) record[key] = value;
}

function childOf(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((child) => child.name === name);
}

function childrenOf(node: XmlNode | undefined, name: string): XmlNode[] {
  return node?.children.filter((child) => child.name === name) ?? [];
}

/** A child's trimmed text; absent when the child is missing or empty. */
function textOf(node: XmlNode, name: string): string | undefined {
  return childOf(node, name)?.text.trim() || undefined;
}

/** ЗначенияРеквизитов by name, the name without case, spaces or ё («Пометка удаления» = «ПометкаУдаления»). */
function requisitesOf(node: XmlNode): Map<string, string> {
  const requisites = new Map<string, string>();
  for (const requisite of childrenOf(childOf(node, "ЗначенияРеквизитов"), "ЗначениеРеквизита")) {
    const name = textOf(requisite, "Наименование");
    const value = textOf(requisite, "Значение");
    if (name && value !== undefined) requisites.set(normalize(name).replace(/ /g, ""), value);
  }
  return requisites;
}

function normalize(text: string): string {
  return text.trim().toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ");
}

/** 1C writes booleans as true/false, Да/Нет or истина/ложь; anything else is left to the default. */
function flag(value: string | undefined): boolean | undefined {
  const word = normalize(value ?? "");
  return trueWords.has(word) ? true : falseWords.has(word) ? false : undefined;
}
