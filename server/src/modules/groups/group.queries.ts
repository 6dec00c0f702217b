import type { GroupKind, GroupRole, GroupVisibility } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import type { AccessScope } from "../../platform/scope/access-scope";

export interface GroupSummaryRow {
  id: string;
  name: string;
  description: string;
  kind: GroupKind;
  visibility: GroupVisibility;
  archivedAt: Date | string | null;
  memberCount: number;
  myRole: GroupRole | null;
  openTaskCount: number;
  chatId: string;
  createdById: string | null;
  createdByName: string | null;
  version: number;
  createdAt: Date | string;
  updatedAt: Date | string;
}

/** The group's columns; the open tasks counted are only those the caller may read (a count leaks too). */
function summaryColumns(scope: AccessScope): SQL {
  return sql`g.id, g.name, g.description, g.kind, g.visibility, g.archived_at as "archivedAt",
    (select count(*)::int from group_members counted where counted.group_id = g.id) as "memberCount",
    (select mine.role from group_members mine where mine.group_id = g.id and mine.user_id = ${scope.user.id}) as "myRole",
    (select count(*)::int from tasks t where t.group_id = g.id and t.deleted_at is null and t.status <> 'done'
       and ${scope.taskCondition("read", sql`t.id`)}) as "openTaskCount",
    g.chat_id as "chatId", g.created_by as "createdById",
    (select u.name from users u where u.id = g.created_by) as "createdByName",
    g.version, g.created_at as "createdAt", g.updated_at as "updatedAt"`;
}

/** One page of groups matching `where` (over `g`): the ids first, the per-row counts for that page only. */
export async function groupPageRows(
  executor: Executor,
  scope: AccessScope,
  page: { where: SQL; limit: number; offset: number },
): Promise<{ items: GroupSummaryRow[]; total: number }> {
  const items = await rows<GroupSummaryRow>(
    executor,
    sql`with page as (
          select g.id as page_id, row_number() over () as position from (
            select g.id from groups g where ${page.where}
            order by lower(g.name), g.id limit ${page.limit} offset ${page.offset}
          ) g
        )
        select ${summaryColumns(scope)} from groups g join page on page.page_id = g.id
        order by page.position`,
  );
  const [count] = await rows<{ total: number }>(
    executor,
    sql`select count(*)::int as total from groups g where ${page.where}`,
  );
  return { items, total: count?.total ?? 0 };
}

export async function groupRow(
  executor: Executor,
  scope: AccessScope,
  groupId: string,
): Promise<GroupSummaryRow | undefined> {
  const [row] = await rows<GroupSummaryRow>(
    executor,
    sql`select ${summaryColumns(scope)} from groups g where g.id = ${groupId}`,
  );
  return row;
}

export interface GroupMemberRow {
  id: string;
  name: string;
  position: string | null;
  active: boolean;
  role: GroupRole;
  joinedAt: Date | string;
}

/** Owners first, then moderators, then members, each by name. */
export async function groupMemberRows(executor: Executor, groupId: string): Promise<GroupMemberRow[]> {
  return rows<GroupMemberRow>(
    executor,
    sql`select u.id, u.name, u.position, u.active, m.role, m.joined_at as "joinedAt"
        from group_members m join users u on u.id = m.user_id
        where m.group_id = ${groupId}
        order by case m.role when 'owner' then 0 when 'moderator' then 1 else 2 end, u.name, u.id`,
  );
}
