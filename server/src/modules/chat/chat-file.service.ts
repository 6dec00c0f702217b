import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { inlineImageTypes } from "./chat.presenter";
import { chatAccessOrThrow } from "./chat-access";

export const chatFileLimitBytes = 10 * 1024 * 1024;

/** A name to store and send back: no folders, no control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return cleaned.slice(0, 255) || "file";
}

/** The declared type when it looks like one; anything else is served as bytes. */
export function cleanMimeType(mimeType: string | undefined): string {
  const value = (mimeType ?? "").trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(value)
    ? value
    : "application/octet-stream";
}

/** `Content-Disposition` with an ASCII fallback and the real name in UTF-8 (RFC 6266). */
export function contentDisposition(disposition: "inline" | "attachment", name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * A file of a chat the caller may read, with how to send it: the four picture types inline (the
 * route sandboxes them), everything else as a download. A deleted message's files are gone.
 */
export async function chatFileOrThrow(executor: Executor, actor: Actor, chatId: string, fileId: string) {
  await chatAccessOrThrow(executor, actor, chatId);
  const [file] = await rows<{ name: string; mimeType: string; data: Buffer | Uint8Array }>(
    executor,
    sql`select f.name, f.mime_type as "mimeType", f.data from chat_files f
        join chat_messages msg on msg.id = f.message_id
        where f.id = ${fileId} and f.chat_id = ${chatId} and msg.deleted_at is null`,
  );
  if (!file) throw notFound();
  return {
    ...file,
    data: Buffer.from(file.data),
    disposition: inlineImageTypes.has(file.mimeType) ? ("inline" as const) : ("attachment" as const),
  };
}
