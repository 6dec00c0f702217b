import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { type StoredBytesRef, storedBytesColumns, storedBytesJoin } from "../../platform/files/stored-bytes";
import { inlineImageTypes } from "./chat.presenter";
import { chatAccessOrThrow } from "./chat-access";

export const chatFileLimitBytes = 10 * 1024 * 1024;

/**
 * A file of a chat the caller may read, with how to send it: the four picture types inline (the
 * route sandboxes them), everything else as a download. A deleted message's files are gone.
 */
export async function chatFileOrThrow(executor: Executor, actor: Actor, chatId: string, fileId: string) {
  await chatAccessOrThrow(executor, actor, chatId);
  const [file] = await rows<{ name: string; mimeType: string; size: number } & StoredBytesRef>(
    executor,
    sql`select f.name, f.mime_type as "mimeType", f.size, ${storedBytesColumns} from chat_files f
        join chat_messages msg on msg.id = f.message_id ${storedBytesJoin}
        where f.id = ${fileId} and f.chat_id = ${chatId} and msg.deleted_at is null`,
  );
  if (!file) throw notFound();
  return {
    ...file,
    disposition: inlineImageTypes.has(file.mimeType) ? ("inline" as const) : ("attachment" as const),
  };
}
