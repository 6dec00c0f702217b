import type { GroupDetail, GroupInput, GroupListQuery, GroupPage, GroupPatch } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { everyWordMatches } from "../../platform/db/search-words";
import { staleVersion } from "../../platform/errors/problem";

import { notify } from "../../platform/notifications/notify";
import { groupAbilitiesOf, visibleGroupCondition } from "../../policies/groups";

import { insertGroupChat, setChatTitle } from "../chat/chat.service";

import { assertActiveUsersOrThrow } from "../org/user.queries";

import { presentGroupDetail, presentGroupSummary } from "./group.presenter";

import { groupMemberRows, groupPageRows, groupRow } from "./group.queries";

import { assertActiveGroupOrThrow, assertMayOrThrow, groupAccessOrThrow } from "./group-access";

/** The groups the caller may see, by name; `mine` keeps those they are a member of. */
export async function listGroups(executor: Executor, actor: Actor, query: GroupListQuery): Promise<GroupPage> {
  const conditions: SQL[] = [visibleGroupCondition(actor.user)];
  if (query.membership === "mine") {
    conditions.push(
      sql`exists (select 1 from group_members mine where mine.group_id = g.id and mine.user_id = ${actor.user.id})`,
    );
  }
  if (query.archived === "false") conditions.push(sql`g.archived_at is null`);
  if (query.archived === "true") conditions.push(sql`g.archived_at is not null`);
  if (query.kind) conditions.push(sql`g.kind = ${query.kind}`);
  if (query.visibility) conditions.push(sql`g.visibility = ${query.visibility}`);
  // Every word of the search in the name or the description.
  const search = query.q
    ? everyWordMatches(query.q, (word) => sql`(g.name ilike ${word.pattern} or g.description ilike ${word.pattern})`)
    : undefined;
  if (search) conditions.push(search);
  const page = await groupPageRows(executor, actor.scope, {
    where: sql.join(conditions, sql` and `),
    limit: query.limit,
    offset: query.offset,
  });
  return { items: page.items.map(presentGroupSummary), total: page.total };
}

export async function groupDetailOrThrow(executor: Executor, actor: Actor, groupId: string): Promise<GroupDetail> {
  const access = await groupAccessOrThrow(executor, actor, groupId);
  const row = await groupRow(executor, actor.scope, groupId);
  const members = await groupMemberRows(executor, groupId);
  return presentGroupDetail(row!, members, groupAbilitiesOf(access));
}

/**
 * The creator becomes the owner; the colleagues named join as members. The group's chat is created
 * in the same transaction with the same people.
 */
export async function createGroupOrThrow(db: Database, actor: Actor, input: GroupInput): Promise<GroupDetail> {
  return db.transaction(async (tx) => {
    const others = [...new Set(input.memberIds ?? [])].filter((id) => id !== actor.user.id);
    await assertActiveUsersOrThrow(tx, others, "memberIds");
    const chatId = await insertGroupChat(tx, actor, { title: input.name, memberIds: others });
    const [group] = await rows<{ id: string }>(
      tx,
      sql`insert into groups (name, description, kind, visibility, created_by, chat_id)
          values (${input.name}, ${input.description ?? ""}, ${input.kind ?? "group"}, ${input.visibility ?? "open"},
            ${actor.user.id}, ${chatId})
          returning id`,
    );
    const groupId = group!.id;
    await tx.execute(
      sql`insert into group_members (group_id, user_id, role) values ${sql.join(
        [sql`(${groupId}, ${actor.user.id}, 'owner')`, ...others.map((id) => sql`(${groupId}, ${id}, 'member')`)],
        sql`, `,
      )}`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "group",
      entityId: groupId,
      action: "create",
      changes: [
        { field: "name", old: null, new: input.name },
        { field: "members", old: null, new: [actor.user.id, ...others] },
      ],
    });
    await notify(
      tx,
      others.map((userId) => ({
        userId,
        kind: "group_added",
        title: input.name,
        link: `/groups/${groupId}`,
        actorId: actor.user.id,
      })),
    );
    return groupDetailOrThrow(tx, actor, groupId);
  });
}

interface GroupState {
  name: string;
  description: string;
  kind: string;
  visibility: string;
}

/** Owners and moderators (and admins) change the name, description, kind and visibility. */
export async function updateGroupOrThrow(
  db: Database,
  actor: Actor,
  groupId: string,
  patch: GroupPatch,
): Promise<GroupDetail> {
  return db.transaction(async (tx) => {
    const access = await groupAccessOrThrow(tx, actor, groupId, { lock: true });
    assertMayOrThrow(
      groupAbilitiesOf({ ...access, archived: false }).edit,
      "Only the group's owners and moderators edit it",
    );
    assertActiveGroupOrThrow(access);
    if (access.version !== patch.version) throw staleVersion();
    const [before] = await rows<GroupState>(
      tx,
      sql`select name, description, kind, visibility from groups where id = ${groupId}`,
    );
    const after: Partial<GroupState> = {};
    if (patch.name !== undefined) after.name = patch.name;
    if (patch.description !== undefined) after.description = patch.description;
    if (patch.kind !== undefined) after.kind = patch.kind;
    if (patch.visibility !== undefined) after.visibility = patch.visibility;
    const changes = diffFields(before!, after, ["name", "description", "kind", "visibility"]);
    await tx.execute(
      sql`update groups set name = ${after.name ?? before!.name}, description = ${after.description ?? before!.description},
            kind = ${after.kind ?? before!.kind}, visibility = ${after.visibility ?? before!.visibility},
            version = version + 1, updated_at = now()
          where id = ${groupId}`,
    );
    if (after.name !== undefined && after.name !== before!.name) await setChatTitle(tx, access.chatId, after.name);
    if (changes.length > 0) {
      await recordAudit(tx, { actorId: actor.user.id, entity: "group", entityId: groupId, action: "update", changes });
    }
    return groupDetailOrThrow(tx, actor, groupId);
  });
}

/**
 * Archiving keeps everything (members, tasks, chat) readable but stops changes; restoring undoes
 * it. Owners and admins only; asking for the state the group is already in changes nothing.
 */
export async function setGroupArchivedOrThrow(
  db: Database,
  actor: Actor,
  groupId: string,
  archived: boolean,
): Promise<GroupDetail> {
  return db.transaction(async (tx) => {
    const access = await groupAccessOrThrow(tx, actor, groupId, { lock: true });
    assertMayOrThrow(groupAbilitiesOf(access).archive, "Only the group's owners archive or restore it");
    if (access.archived !== archived) {
      await tx.execute(
        sql`update groups set archived_at = ${archived ? sql`now()` : sql`null`}, version = version + 1, updated_at = now()
            where id = ${groupId}`,
      );
      await recordAudit(tx, {
        actorId: actor.user.id,
        entity: "group",
        entityId: groupId,
        action: archived ? "archive" : "restore",
        changes: [{ field: "archived", old: access.archived, new: archived }],
      });
    }
    return groupDetailOrThrow(tx, actor, groupId);
  });
}
