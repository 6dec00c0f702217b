import type { GroupAbilities, GroupDetail, GroupSummary } from "@planerka/common";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";
import type { GroupMemberRow, GroupSummaryRow } from "./group.queries";

export function presentGroupSummary(row: GroupSummaryRow): GroupSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    visibility: row.visibility,
    archived: row.archivedAt !== null,
    archivedAt: toIsoOrNull(row.archivedAt),
    memberCount: row.memberCount,
    myRole: row.myRole,
    openTaskCount: row.openTaskCount,
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

/** The group's page; the chat's id only for members, who are the ones who may open it. */
export function presentGroupDetail(
  row: GroupSummaryRow,
  members: readonly GroupMemberRow[],
  abilities: GroupAbilities,
): GroupDetail {
  return {
    ...presentGroupSummary(row),
    createdBy: row.createdById && row.createdByName !== null ? { id: row.createdById, name: row.createdByName } : null,
    members: members.map((member) => ({
      id: member.id,
      name: member.name,
      position: member.position,
      active: member.active,
      role: member.role,
      joinedAt: toIso(member.joinedAt),
    })),
    chatId: row.myRole !== null ? row.chatId : null,
    abilities,
  };
}
