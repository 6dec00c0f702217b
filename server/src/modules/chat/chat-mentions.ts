import type { Role } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { notify } from "../../platform/notifications/notify";
import { type ChatAccess, readersOfRecord, recordSpecs } from "./chat-access";

/** `@[Name](user-id)`, the contract's way of writing a mention. */
const markerPattern = /@\[([^\]\r\n]{1,200})\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi;

/**
 * A message body as stored: plain text without control characters other than newline and tab
 * (a carriage return goes too, so line ends are one character). Nothing else is changed: markup
 * stays literal text, which clients show escaped.
 */
export function plainBodyOf(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "").trim();
}

/** The text with each mention marker shown as `@Name`, for a notification. */
export function readableBodyOf(text: string): string {
  return text.replace(markerPattern, (_match, name: string) => `@${name}`);
}

function mentionedIds(text: string): string[] {
  return [...new Set([...text.matchAll(markerPattern)].map((match) => match[2]!.toLowerCase()))];
}

/**
 * The people a body mentions who may read the chat: members of a direct or group chat, or, for a
 * record chat, active employees who may read the record now. Anyone else stays plain text.
 */
export async function resolveMentions(executor: Executor, chat: ChatAccess, text: string): Promise<string[]> {
  const candidates = mentionedIds(text);
  if (candidates.length === 0) return [];
  const list = sql.join(
    candidates.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  let allowed: Set<string>;
  if (chat.kind === "record" && chat.entityType && chat.entityId) {
    const people = await rows<{ id: string; role: Role; unitId: string }>(
      executor,
      sql`select id, role, unit_id as "unitId" from users where active and id in (${list})`,
    );
    allowed = await readersOfRecord(executor, { entityType: chat.entityType, entityId: chat.entityId }, people);
  } else {
    const members = await rows<{ id: string }>(
      executor,
      sql`select u.id from chat_members m join users u on u.id = m.user_id
          where m.chat_id = ${chat.id} and u.active and u.id in (${list})`,
    );
    allowed = new Set(members.map((member) => member.id));
  }
  return candidates.filter((id) => allowed.has(id));
}

/** What the notification is titled: the group, the record, or (one to one) the writer. */
async function noticeTitle(executor: Executor, actor: Actor, chat: ChatAccess): Promise<string> {
  if (chat.kind === "group") return chat.title ?? "";
  if (chat.kind === "direct" || !chat.entityType) return actor.user.name;
  const { spec, titleColumn } = recordSpecs[chat.entityType];
  const [record] = await rows<{ title: string }>(
    executor,
    sql`select r.${sql.identifier(titleColumn)} as title from ${spec.table} r where r.id = ${chat.entityId}`,
  );
  return record?.title ?? "";
}

/** «mention» notifications linking to the chat, stored in the writing transaction. */
export async function notifyMentioned(
  executor: Executor,
  actor: Actor,
  chat: ChatAccess,
  text: string,
  userIds: readonly string[],
) {
  if (userIds.length === 0) return;
  const title = await noticeTitle(executor, actor, chat);
  const body = readableBodyOf(text).slice(0, 300);
  await notify(
    executor,
    userIds.map((userId) => ({
      userId,
      kind: "mention",
      title,
      body,
      link: `/chat/${chat.id}`,
      actorId: actor.user.id,
    })),
  );
}
