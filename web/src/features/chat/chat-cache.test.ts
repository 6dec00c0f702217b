import type { ChatDetail, ChatMessage, ChatSummary } from "@planerka/common";
import { type InfiniteData, InfiniteQueryObserver, QueryClient } from "@tanstack/react-query";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { invalidateIncludingInFlight } from "../../lib/query-client";
import { chatDetailQuery, chatListQuery, chatMessagesQuery } from "./chat-api";
import { applyMessageToList, applyPresence, applyRead, forgetChat, rememberChat, upsertMessage } from "./chat-cache";

const me = { id: "u-me", name: "Абаев Марат" };
const asel = { id: "u-asel", name: "Жанова Асель" };
const dana = { id: "u-dana", name: "Ким Дана" };

/** Seconds after 09:00 UTC on 10 March: later messages, later times. */
const at = (second: number) => new Date(Date.UTC(2026, 2, 10, 9, 0, second)).toISOString();

function message(seq: number, patch: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `m${seq}`,
    chatId: "c-team",
    seq,
    changeSeq: seq,
    author: asel,
    body: `Сообщение ${seq}`,
    replyTo: null,
    mentions: [],
    files: [],
    reactions: [],
    mine: false,
    editedAt: null,
    deleted: false,
    createdAt: at(seq),
    ...patch,
  };
}

function summary(id: string, patch: Partial<ChatSummary> = {}): ChatSummary {
  return {
    id,
    kind: "group",
    title: id,
    peer: null,
    record: null,
    groupId: null,
    memberCount: 3,
    lastMessage: null,
    unread: 0,
    lastReadSeq: 0,
    lastMessageAt: null,
    ...patch,
  };
}

const preview = (item: ChatMessage) => ({
  id: item.id,
  author: item.author,
  body: item.body,
  createdAt: item.createdAt,
  deleted: item.deleted,
});

type Pages = InfiniteData<{ items: ChatMessage[]; hasMore: boolean }, number | undefined>;

let queryClient: QueryClient;
const history = (chatId = "c-team") => queryClient.getQueryData<Pages>(chatMessagesQuery(chatId).queryKey);
const loaded = () => history()?.pages.map((page) => page.items.map((item) => item.seq));
const list = () => queryClient.getQueryData(chatListQuery.queryKey);

beforeEach(() => {
  queryClient = new QueryClient();
});

describe("a chat's loaded history", () => {
  beforeEach(() => {
    // Newest page first, each page in ascending order; m6 replies to m4.
    const reply = message(6, {
      author: me,
      mine: true,
      replyTo: { id: "m4", author: asel, body: "Сообщение 4", deleted: false },
    });
    queryClient.setQueryData<Pages>(chatMessagesQuery("c-team").queryKey, {
      pages: [
        { items: [message(5), reply], hasMore: true },
        { items: [message(3), message(4)], hasMore: false },
      ],
      pageParams: [undefined, 5],
    });
  });

  it("puts a new message at the end of the newest page, in order even when pushes cross", () => {
    const older = history()?.pages[1];
    upsertMessage(queryClient, message(8));
    upsertMessage(queryClient, message(7));
    expect(loaded()).toEqual([
      [5, 6, 7, 8],
      [3, 4],
    ]);
    // The page that did not change is the same object, so its rows do not re-render.
    expect(history()?.pages[1]).toBe(older);
  });

  it("does not add a message twice when the socket repeats it", () => {
    upsertMessage(queryClient, message(7));
    upsertMessage(queryClient, message(7));
    expect(loaded()?.[0]).toEqual([5, 6, 7]);
  });

  it("leaves a message older than the loaded pages to scrolling up", () => {
    upsertMessage(queryClient, message(2));
    expect(loaded()).toEqual([
      [5, 6],
      [3, 4],
    ]);
  });

  it("shows an edit in place, and in the replies that quote it", () => {
    const edited = message(4, { changeSeq: 20, body: "Исправлено", editedAt: at(30) });
    upsertMessage(queryClient, edited);
    expect(history()?.pages[1]?.items[1]).toEqual(edited);
    expect(history()?.pages[0]?.items[1]?.replyTo).toEqual({
      id: "m4",
      author: asel,
      body: "Исправлено",
      deleted: false,
    });
  });

  it("empties a deleted message and the quotes of it", () => {
    upsertMessage(queryClient, message(4, { changeSeq: 21, body: "", deleted: true }));
    expect(history()?.pages[1]?.items[1]).toMatchObject({ body: "", deleted: true });
    expect(history()?.pages[0]?.items[1]?.replyTo).toMatchObject({ body: "", deleted: true });
  });

  it("shows a reaction on a message", () => {
    const reactions = [{ emoji: "👍", count: 2, mine: true, users: [me, dana] }];
    upsertMessage(queryClient, message(5, { changeSeq: 22, reactions }));
    expect(history()?.pages[0]?.items[0]?.reactions).toEqual(reactions);
  });

  it("never lets an older copy arriving late undo a newer one, in the message or in its quotes", () => {
    upsertMessage(queryClient, message(4, { changeSeq: 21, body: "", deleted: true }));
    // The answer to an earlier edit, overtaken by the deletion's push.
    upsertMessage(queryClient, message(4, { changeSeq: 20, body: "Исправлено", editedAt: at(30) }));
    expect(history()?.pages[1]?.items[1]).toMatchObject({ changeSeq: 21, body: "", deleted: true });
    expect(history()?.pages[0]?.items[1]?.replyTo).toMatchObject({ body: "", deleted: true });
  });

  it("starts no history for a chat that was never opened", () => {
    upsertMessage(queryClient, message(1, { chatId: "c-other" }));
    expect(history("c-other")).toBeUndefined();
  });
});

describe("a push that overtakes the history's first load", () => {
  it("asks for the history again, so the answer in flight (asked before the message existed) cannot lose it", async () => {
    let asked = 0;
    let releaseFirst: () => void = () => {};
    // The open conversation observes its history; its first answer is held until after the push
    // and does not have the pushed message.
    const observer = new InfiniteQueryObserver(queryClient, {
      queryKey: chatMessagesQuery("c-team").queryKey,
      initialPageParam: undefined as number | undefined,
      getNextPageParam: () => undefined,
      queryFn: async () => {
        asked += 1;
        if (asked === 1) await new Promise<void>((resolve) => (releaseFirst = resolve));
        return { items: asked === 1 ? [message(1)] : [message(1), message(2)], hasMore: false };
      },
    });
    const unsubscribe = observer.subscribe(() => {});
    await vi.waitFor(() => expect(asked).toBe(1));
    upsertMessage(queryClient, message(2));
    releaseFirst();
    await vi.waitFor(() => expect(loaded()).toEqual([[1, 2]]));
    unsubscribe();
  });
});

describe("the socket's first hello while the history's first load is on its way", () => {
  it("asks for the history again once that load lands (a message stored in between was neither fetched nor pushed)", async () => {
    let asked = 0;
    let releaseFirst: () => void = () => {};
    const observer = new InfiniteQueryObserver(queryClient, {
      queryKey: chatMessagesQuery("c-team").queryKey,
      initialPageParam: undefined as number | undefined,
      getNextPageParam: () => undefined,
      queryFn: async () => {
        asked += 1;
        if (asked === 1) await new Promise<void>((resolve) => (releaseFirst = resolve));
        return { items: asked === 1 ? [message(1)] : [message(1), message(2)], hasMore: false };
      },
    });
    const unsubscribe = observer.subscribe(() => {});
    await vi.waitFor(() => expect(asked).toBe(1));
    invalidateIncludingInFlight(queryClient, ["chat"]);
    releaseFirst();
    await vi.waitFor(() => expect(loaded()).toEqual([[1, 2]]));
    expect(asked).toBe(2);
    unsubscribe();
  });
});

describe("the chat list", () => {
  beforeEach(() => {
    queryClient.setQueryData(chatListQuery.queryKey, {
      items: [
        summary("c-sales", {
          unread: 2,
          lastReadSeq: 40,
          lastMessageAt: at(50),
          lastMessage: preview(message(50, { chatId: "c-sales" })),
        }),
        summary("c-team", { unread: 0, lastReadSeq: 4, lastMessageAt: at(4), lastMessage: preview(message(4)) }),
        summary("c-direct", { kind: "direct", peer: { ...dana, online: false } }),
      ],
      unreadTotal: 2,
    });
  });

  it("moves a chat with someone's new message to the top, previews it and counts it unread", () => {
    const incoming = message(60, { body: "Договор подписан" });
    expect(applyMessageToList(queryClient, incoming)).toBe(true);
    expect(list()?.items.map((item) => item.id)).toEqual(["c-team", "c-sales", "c-direct"]);
    expect(list()?.items[0]).toMatchObject({
      unread: 1,
      lastMessageAt: at(60),
      lastMessage: { id: "m60", body: "Договор подписан" },
    });
    expect(list()?.unreadTotal).toBe(3);
  });

  it("counts one's own message as read, up to it", () => {
    applyMessageToList(queryClient, message(60, { author: me, mine: true }));
    expect(list()?.items[0]).toMatchObject({ id: "c-team", unread: 0, lastReadSeq: 60 });
    expect(list()?.unreadTotal).toBe(2);
  });

  it("does not count a message already read in another tab", () => {
    applyRead(queryClient, "c-team", 61);
    applyMessageToList(queryClient, message(60));
    expect(list()?.items[0]).toMatchObject({ id: "c-team", unread: 0 });
  });

  it("counts a repeated push once", () => {
    applyMessageToList(queryClient, message(60));
    applyMessageToList(queryClient, message(60));
    expect(list()?.items[0]?.unread).toBe(1);
    expect(list()?.unreadTotal).toBe(3);
  });

  it("updates the preview when the previewed message is edited or deleted, without moving the chat", () => {
    applyMessageToList(queryClient, message(4, { changeSeq: 20, body: "Исправлено" }));
    expect(list()?.items[1]).toMatchObject({ id: "c-team", lastMessage: { body: "Исправлено" }, unread: 0 });
    applyMessageToList(queryClient, message(4, { changeSeq: 21, body: "", deleted: true }));
    expect(list()?.items[1]?.lastMessage).toMatchObject({ body: "", deleted: true });
  });

  it("ignores changes to older messages, and a new message deleted before it arrived", () => {
    const before = list();
    expect(applyMessageToList(queryClient, message(3, { changeSeq: 20, body: "Старое, исправлено" }))).toBe(true);
    applyMessageToList(queryClient, message(70, { deleted: true, body: "" }));
    expect(list()).toBe(before);
  });

  it("says so when the chat is not in the list, so that the caller reloads it", () => {
    const before = list();
    expect(applyMessageToList(queryClient, message(1, { chatId: "c-new" }))).toBe(false);
    expect(list()).toBe(before);
  });

  it("marks a chat read, and never moves the read position back", () => {
    applyRead(queryClient, "c-sales", 55);
    expect(list()?.items[0]).toMatchObject({ id: "c-sales", unread: 0, lastReadSeq: 55 });
    expect(list()?.unreadTotal).toBe(0);
    applyRead(queryClient, "c-sales", 45);
    expect(list()?.items[0]?.lastReadSeq).toBe(55);
  });

  it("forgets a chat the caller left: its row, its unread count and its cached history", () => {
    queryClient.setQueryData(chatMessagesQuery("c-sales").queryKey, { pages: [], pageParams: [] });
    forgetChat(queryClient, "c-sales");
    expect(list()?.items.map((item) => item.id)).toEqual(["c-team", "c-direct"]);
    expect(list()?.unreadTotal).toBe(0);
    expect(queryClient.getQueryData(chatMessagesQuery("c-sales").queryKey)).toBeUndefined();
  });
});

describe("presence and opened chats", () => {
  const detail = (patch: Partial<ChatDetail> = {}): ChatDetail => ({
    ...summary("c-team"),
    members: [
      { ...me, role: "owner", online: true },
      { ...dana, role: "member", online: false },
    ],
    abilities: { rename: true, addMembers: true, removeMembers: true, leave: true },
    ...patch,
  });

  it("lights the dot of someone who came online in the list and in the members panels", () => {
    queryClient.setQueryData(chatListQuery.queryKey, {
      items: [summary("c-direct", { kind: "direct", peer: { ...dana, online: false } }), summary("c-team")],
      unreadTotal: 0,
    });
    queryClient.setQueryData(chatDetailQuery("c-team").queryKey, detail());
    queryClient.setQueryData(chatDetailQuery("c-direct").queryKey, {
      ...detail(),
      id: "c-direct",
      kind: "direct",
      peer: { ...dana, online: false },
    });
    applyPresence(queryClient, dana.id, true);
    expect(list()?.items[0]?.peer?.online).toBe(true);
    expect(queryClient.getQueryData(chatDetailQuery("c-team").queryKey)?.members[1]?.online).toBe(true);
    expect(queryClient.getQueryData(chatDetailQuery("c-direct").queryKey)?.peer?.online).toBe(true);
    // Others' dots stay as they were.
    expect(queryClient.getQueryData(chatDetailQuery("c-team").queryKey)?.members[0]?.online).toBe(true);
  });

  it("remembers a chat just opened, and reloads the list only when the list lacks it", () => {
    queryClient.setQueryData(chatListQuery.queryKey, { items: [summary("c-team")], unreadTotal: 0 });
    rememberChat(queryClient, detail());
    expect(queryClient.getQueryData(chatDetailQuery("c-team").queryKey)?.id).toBe("c-team");
    expect(queryClient.getQueryState(chatListQuery.queryKey)?.isInvalidated).toBe(false);
    rememberChat(queryClient, detail({ id: "c-new" }));
    expect(queryClient.getQueryState(chatListQuery.queryKey)?.isInvalidated).toBe(true);
  });
});
