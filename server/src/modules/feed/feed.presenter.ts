import type { FeedComment, FeedPost } from "@planerka/common";
import type { Actor } from "../../platform/auth/authenticate";
import { mayAnnounce } from "../../policies/feed";
import { presentFile, presentReactions } from "../chat/chat.presenter";
import type { PostRow } from "./feed.queries";

const iso = (value: Date | string) => new Date(value).toISOString();

export function presentPost(row: PostRow, actor: Actor): FeedPost {
  const mine = row.authorId === actor.user.id;
  return {
    id: row.id,
    author: { id: row.authorId, name: row.authorName },
    body: row.body,
    audience: { company: row.toCompany, units: row.units, groups: row.groups, users: row.users },
    important: row.important,
    pinned: row.pinned,
    files: row.files.map((file) => presentFile({ ...file, size: Number(file.size) })),
    reactions: presentReactions(row.reactions, actor.user.id),
    commentCount: row.commentCount,
    readByMe: row.readByMe,
    readCount: row.readCount,
    audienceCount: row.audienceCount ?? 0,
    createdAt: iso(row.createdAt),
    editedAt: row.editedAt === null ? null : iso(row.editedAt),
    version: row.version,
    abilities: {
      edit: mine,
      delete: mine || actor.user.role === "admin",
      seeReaders: row.important && (mine || mayAnnounce(actor)),
    },
  };
}

export interface CommentRow {
  id: string;
  postId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: Date | string;
}

export function presentComment(row: CommentRow, actor: Actor): FeedComment {
  return {
    id: row.id,
    postId: row.postId,
    author: { id: row.authorId, name: row.authorName },
    body: row.body,
    createdAt: iso(row.createdAt),
    mine: row.authorId === actor.user.id,
  };
}
