import type { FeedComment, FeedPoll, FeedPost } from "@planerka/common";
import type { Actor } from "../../platform/auth/authenticate";
import { mayAnnounce } from "../../policies/feed";
import { presentFile, presentReactions } from "../chat/chat.presenter";
import type { PollRow, PostRow } from "./feed.queries";

const iso = (value: Date | string) => new Date(value).toISOString();

/** A share of the voters, 0–100 with one decimal (several answers may each pass 50 in a multiple-choice poll). */
const percentOf = (votes: number, voters: number) => (voters === 0 ? 0 : Math.round((1000 * votes) / voters) / 10);

function presentPoll(poll: PollRow): FeedPoll {
  return {
    question: poll.question,
    multiple: poll.multiple,
    closesAt: poll.closesAt === null ? null : iso(poll.closesAt),
    closed: poll.closed,
    options: poll.options.map((option) => ({ ...option, percent: percentOf(option.votes, poll.voters) })),
    myOptionIds: poll.mine,
    voters: poll.voters,
  };
}

export function presentPost(row: PostRow, actor: Actor): FeedPost {
  const mine = row.authorId === actor.user.id;
  // Events of the work are written by Planerka, not by their author: nobody edits them.
  const written = row.kind === "post";
  return {
    id: row.id,
    kind: row.kind,
    author: { id: row.authorId, name: row.authorName },
    body: row.body,
    audience: { company: row.toCompany, units: row.units, groups: row.groups, users: row.users },
    event:
      written || !row.subject
        ? null
        : {
            subject: row.subject,
            deal: row.deal ? { ...row.deal, amount: Number(row.deal.amount) } : null,
            course: row.course,
          },
    poll: row.poll ? presentPoll(row.poll) : null,
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
      edit: mine && written,
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
