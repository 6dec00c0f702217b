import type { ChatKind, LinkableEntity } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { type AccessScope, computeScope, type ScopeUser } from "../../platform/scope/access-scope";
import { companySpec } from "../crm/company.resource";
import { contactSpec } from "../crm/contact.resource";
import { column, type ResourceSpec, visibleCondition } from "../crm/crm-resource";
import { dealSpec } from "../crm/deal.resource";
import { leadSpec } from "../crm/lead.resource";

export type ChatMemberRole = "owner" | "member";

/** The CRM collection behind each kind of record chat, and the column that names the record. */
export const recordSpecs: Record<LinkableEntity, { spec: ResourceSpec; titleColumn: string }> = {
  deal: { spec: dealSpec, titleColumn: "title" },
  lead: { spec: leadSpec, titleColumn: "title" },
  company: { spec: companySpec, titleColumn: "name" },
  contact: { spec: contactSpec, titleColumn: "name" },
};

/**
 * SQL true when the scope may read the record of the chat `ch` right now — the CRM's own rule
 * (`visibleCondition`), so a record chat follows its record: reassigned away, it is gone.
 * The chat is always aliased `ch` in this module's queries.
 */
export function recordReadable(scope: AccessScope): SQL {
  const each = Object.entries(recordSpecs).map(
    ([entityType, { spec }]) =>
      sql`(ch.entity_type = ${entityType} and exists (select 1 from ${spec.table} ${spec.alias}
        where ${column(spec, "id")} = ch.entity_id and ${column(spec, "deleted_at")} is null
          and ${visibleCondition(spec, scope)}))`,
  );
  return sql`(${sql.join(each, sql` or `)})`;
}

const isMember = (scope: AccessScope) =>
  sql`exists (select 1 from chat_members reader where reader.chat_id = ch.id and reader.user_id = ${scope.user.id})`;

/** Who may read a chat: members of a direct or group chat; whoever may read the record of a record chat. */
export function readableChatCondition(scope: AccessScope): SQL {
  return sql`(case when ch.kind = 'record' then ${recordReadable(scope)} else ${isMember(scope)} end)`;
}

/**
 * The caller's chats (list, search, sync): those they are a member of, record chats only while
 * they may still read the record.
 */
export function ownChatCondition(scope: AccessScope): SQL {
  return sql`(${isMember(scope)} and (ch.kind <> 'record' or ${recordReadable(scope)}))`;
}

export interface ChatAccess {
  id: string;
  kind: ChatKind;
  title: string | null;
  entityType: LinkableEntity | null;
  entityId: string | null;
  /** Set for the chat of a group or project, whose members are managed by the group. */
  groupId: string | null;
  /** The caller's part; null for a reader of a record chat who has not opened it yet. */
  role: ChatMemberRole | null;
}

/**
 * The chat, when the caller may read it (else 404, so its existence stays hidden). `join` makes a
 * reader of a record chat its member, so they receive its pushes; `lock` holds the chat row for
 * the rest of the transaction, so two member changes never interleave.
 */
export async function chatAccessOrThrow(
  executor: Executor,
  actor: Actor,
  chatId: string,
  options: { join?: boolean; lock?: boolean } = {},
): Promise<ChatAccess> {
  const [chat] = await rows<ChatAccess>(
    executor,
    sql`select ch.id, ch.kind, ch.title, ch.entity_type as "entityType", ch.entity_id as "entityId", own.role,
          (select g.id from groups g where g.chat_id = ch.id) as "groupId"
        from chats ch left join chat_members own on own.chat_id = ch.id and own.user_id = ${actor.user.id}
        where ch.id = ${chatId} and ${readableChatCondition(actor.scope)}
        ${options.lock ? sql`for update of ch` : sql``}`,
  );
  if (!chat) throw notFound();
  if (options.join && chat.role === null) {
    await executor.execute(
      sql`insert into chat_members (chat_id, user_id, role) values (${chat.id}, ${actor.user.id}, 'member')
          on conflict do nothing`,
    );
    chat.role = "member";
  }
  return chat;
}

/**
 * Of these users, those who may read the record now, each one's scope computed as it would be on
 * their own request (role, headed units, access settings); the record is loaded once.
 */
export async function readersOfRecord(
  executor: Executor,
  record: { entityType: LinkableEntity; entityId: string },
  users: readonly ScopeUser[],
): Promise<Set<string>> {
  if (users.length === 0) return new Set();
  const { spec } = recordSpecs[record.entityType];
  const [owner] = await rows<{ id: string; unitId: string }>(
    executor,
    sql`select r.owner_id as id, u.unit_id as "unitId" from ${spec.table} r join users u on u.id = r.owner_id
        where r.id = ${record.entityId} and r.deleted_at is null`,
  );
  if (!owner) return new Set();
  const scopes = await Promise.all(users.map((user) => computeScope(executor, user)));
  return new Set(
    scopes.filter((scope) => scope.canReachOwner(spec.entity, "read", owner)).map((scope) => scope.user.id),
  );
}
