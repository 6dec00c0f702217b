import type { Readable } from "node:stream";
import { type AddressObject, type AttachmentStream, type Headers, MailParser, type MessageText } from "mailparser";
import { cleanFileName, cleanMimeType } from "../../platform/files/file-names";

/**
 * Reading one downloaded letter as a stream, with bounded memory: the source arrives in chunks
 * (imapflow's download, itself capped), attachments are read one at a time and kept only while the
 * letter's kept files stay under `storedBytesLimit` (the rest are listed with their size, not
 * stored), and the body text is cut at `bodyLimit` characters.
 */
export const inboxLimits = {
  /** A letter's source past this is not downloaded (its attachments come out cut: listed, not stored). */
  sourceBytes: 64 * 1024 * 1024,
  /** Files of one letter kept in the database, in all. */
  storedBytes: 25 * 1024 * 1024,
  /** Characters of body text kept. */
  bodyChars: 100_000,
};

export interface ParsedAttachment {
  name: string;
  mimeType: string;
  size: number;
  data: Buffer | null;
}

export interface ParsedLetter {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  fromAddress: string;
  fromName: string | null;
  to: string[];
  cc: string[];
  subject: string;
  sentAt: Date | null;
  body: string;
  bodyTruncated: boolean;
  attachments: ParsedAttachment[];
}

/** `<id@host>` whatever the sender wrote around it; null for nothing usable. */
export function normalizeMessageId(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const bare = value
    .trim()
    .replace(/^<+|>+$/g, "")
    .trim();
  if (!bare || bare.length > 900 || /[\s<>]/.test(bare)) return null;
  return `<${bare}>`;
}

function messageIds(value: unknown): string[] {
  const parts = Array.isArray(value) ? value : typeof value === "string" ? value.split(/\s+/) : [];
  return parts
    .map(normalizeMessageId)
    .filter((id): id is string => id !== null)
    .slice(-50);
}

function addresses(value: unknown): { address: string; name: string | null }[] {
  const objects = (Array.isArray(value) ? value : value ? [value] : []) as AddressObject[];
  const found: { address: string; name: string | null }[] = [];
  const walk = (entries: AddressObject["value"]) => {
    for (const entry of entries) {
      if (entry.group) walk(entry.group);
      else if (entry.address)
        found.push({ address: entry.address.toLowerCase().slice(0, 254), name: entry.name || null });
    }
  };
  for (const object of objects) walk(object.value ?? []);
  return found;
}

function oneLine(value: unknown, max: number): string {
  return typeof value === "string"
    ? value
        .replace(/[\r\n\0]+/g, " ")
        .trim()
        .slice(0, max)
    : "";
}

function withoutNul(value: string): string {
  return value.replace(/\0/g, "");
}

/** Headers and body text from the parser's events; attachments as the limit allows. */
export async function parseLetterStream(
  source: Readable,
  limits: { storedBytes: number; bodyChars: number } = inboxLimits,
): Promise<ParsedLetter> {
  const parser = new MailParser({ skipImageLinks: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  let headers: Headers = new Map();
  let text = "";
  let html = "";
  const attachments: ParsedAttachment[] = [];
  let storedBytes = 0;
  const reading: Promise<void>[] = [];

  parser.on("headers", (parsed: Headers) => {
    headers = parsed;
  });
  parser.on("data", (data: AttachmentStream | MessageText) => {
    if (data.type === "text") {
      text = data.text ?? "";
      if (!text && typeof data.html === "string") html = data.html;
      return;
    }
    const attachment = data;
    reading.push(
      new Promise<void>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let keep = true;
        attachment.content.on("data", (chunk: Buffer) => {
          size += chunk.length;
          // Once a file would pass the letter's limit it is only counted; what was kept is dropped.
          if (keep && storedBytes + size > limits.storedBytes) {
            keep = false;
            chunks.length = 0;
          }
          if (keep) chunks.push(chunk);
        });
        attachment.content.on("error", reject);
        attachment.content.on("end", () => {
          if (keep) storedBytes += size;
          attachments.push({
            name: cleanFileName(attachment.filename || "attachment"),
            mimeType: cleanMimeType(attachment.contentType),
            size,
            data: keep ? Buffer.concat(chunks) : null,
          });
          attachment.release?.();
          resolve();
        });
      }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    parser.on("end", resolve);
    parser.on("error", reject);
    source.on("error", reject);
    source.pipe(parser);
  });
  await Promise.all(reading);

  const from = addresses(headers.get("from"))[0];
  const date = headers.get("date");
  const fullBody = withoutNul(text || html.replace(/<[^>]*>/g, " "));
  return {
    messageId: normalizeMessageId(headers.get("message-id")),
    inReplyTo: messageIds(headers.get("in-reply-to"))[0] ?? null,
    references: messageIds(headers.get("references")),
    fromAddress: from?.address ?? "",
    fromName: from?.name ? oneLine(from.name, 200) : null,
    to: addresses(headers.get("to"))
      .map((entry) => entry.address)
      .slice(0, 100),
    cc: addresses(headers.get("cc"))
      .map((entry) => entry.address)
      .slice(0, 100),
    subject: withoutNul(oneLine(headers.get("subject"), 1000)),
    sentAt: date instanceof Date && !Number.isNaN(date.getTime()) ? date : null,
    body: fullBody.slice(0, limits.bodyChars),
    bodyTruncated: fullBody.length > limits.bodyChars,
    attachments,
  };
}
