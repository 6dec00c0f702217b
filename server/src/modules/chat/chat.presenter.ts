import type { ChatDetail, ChatFile, ChatMessage, ChatSummary } from "@planerka/common";
import type { ChatMemberRow, ChatSummaryRow, MessageRow } from "./chat.queries";

/** Shown inline as pictures; anything else is downloaded. */
export const inlineImageTypes: ReadonlySet<string> = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

export function presentFile(file: MessageRow["files"][number]): ChatFile {
  return { ...file, isImage: inlineImageTypes.has(file.mimeType) };
}

/**
 * A message as `viewerId` sees it. The body stays the plain text that was written (clients
 * escape it); a deleted message keeps its place but none of its content.
 */
/** Reactions (one row per person and emoji, in order) grouped by emoji, the viewer's own marked. */
export function presentReactions(
  list: readonly { emoji: string; userId: string; userName: string }[],
  viewerId: string,
): ChatMessage["reactions"] {
  const reactions = new Map<string, ChatMessage["reactions"][number]>();
  for (const reaction of list) {
    const entry = reactions.get(reaction.emoji) ?? { emoji: reaction.emoji, count: 0, mine: false, users: [] };
    entry.count += 1;
    entry.mine ||= reaction.userId === viewerId;
    entry.users.push({ id: reaction.userId, name: reaction.userName });
    reactions.set(reaction.emoji, entry);
  }
  return [...reactions.values()];
}

export function presentMessage(row: MessageRow, viewerId: string): ChatMessage {
  const deleted = row.deletedAt !== null;
  const reactions = presentReactions(deleted ? [] : row.reactions, viewerId);
  return {
    id: row.id,
    chatId: row.chatId,
    seq: Number(row.seq),
    changeSeq: Number(row.changeSeq),
    author: { id: row.authorId, name: row.authorName },
    body: deleted ? "" : row.body,
    replyTo: row.replyTo
      ? {
          id: row.replyTo.id,
          author: { id: row.replyTo.authorId, name: row.replyTo.authorName },
          body: row.replyTo.deleted ? "" : row.replyTo.body,
          deleted: row.replyTo.deleted,
        }
      : null,
    mentions: deleted ? [] : row.mentions,
    files: deleted ? [] : row.files.map(presentFile),
    reactions,
    mine: row.authorId === viewerId,
    editedAt: isoOrNull(row.editedAt),
    deleted,
    createdAt: iso(row.createdAt),
  };
}

export function presentSummary(row: ChatSummaryRow, online: ReadonlySet<string>): ChatSummary {
  const title = row.kind === "group" ? row.groupTitle : row.kind === "direct" ? row.peerName : row.recordTitle;
  const last = row.lastMessage;
  return {
    id: row.id,
    kind: row.kind,
    title: title ?? "",
    peer:
      row.kind === "direct" && row.peerId && row.peerName
        ? { id: row.peerId, name: row.peerName, online: online.has(row.peerId) }
        : null,
    record:
      row.kind === "record" && row.entityType && row.entityId
        ? { entityType: row.entityType, entityId: row.entityId }
        : null,
    groupId: row.groupId,
    memberCount: row.memberCount,
    lastMessage: last
      ? {
          id: last.id,
          author: { id: last.authorId, name: last.authorName },
          body: last.deleted ? "" : last.body,
          createdAt: iso(last.createdAt),
          deleted: last.deleted,
        }
      : null,
    unread: row.unread,
    lastReadSeq: Number(row.lastReadSeq),
    lastMessageAt: isoOrNull(row.lastMessageAt),
  };
}

/**
 * Who may do what: in a group the owner renames and removes anyone, every member adds people and
 * may leave; a record chat may be left (opening it again rejoins); a direct chat is fixed, and so
 * is the chat of a group or project (its members and name follow the group's).
 */
export function abilitiesOf(row: Pick<ChatSummaryRow, "kind" | "role" | "groupId">): ChatDetail["abilities"] {
  if (row.groupId !== null) return { rename: false, addMembers: false, removeMembers: false, leave: false };
  const group = row.kind === "group";
  const owner = row.role === "owner";
  return { rename: group && owner, addMembers: group, removeMembers: group && owner, leave: row.kind !== "direct" };
}

export function presentDetail(
  row: ChatSummaryRow,
  members: readonly ChatMemberRow[],
  online: ReadonlySet<string>,
): ChatDetail {
  return {
    ...presentSummary(row, online),
    members: members.map((member) => ({ ...member, online: online.has(member.id) })),
    abilities: abilitiesOf(row),
  };
}
