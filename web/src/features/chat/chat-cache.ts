import type { ChatDetail, ChatMessage, ChatSummary, chatListSchema, chatMessagePageSchema } from "@planerka/common";
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { reloadAfterInFlight } from "../../lib/query-client";
import { chatDetailQuery, chatListQuery, chatMessagesQuery } from "./chat-api";

type ChatList = z.infer<typeof chatListSchema>;
type MessagePages = InfiniteData<z.infer<typeof chatMessagePageSchema>, number | undefined>;

/** A quote of `message` as replies show it. */
function quoteOf(message: ChatMessage): NonNullable<ChatMessage["replyTo"]> {
  return { id: message.id, author: message.author, body: message.body, deleted: message.deleted };
}

/**
 * Puts a message (new, edited, deleted or re-reacted) into the chat's loaded history: replaces the
 * copy with the same id unless that one is newer (larger changeSeq), or adds a message newer than
 * the loaded ones to the newest page. Replies quoting it follow its edit or deletion.
 */
export function upsertMessage(queryClient: QueryClient, message: ChatMessage): void {
  const key = chatMessagesQuery(message.chatId).queryKey;
  // A history still loading was asked for before this message existed: its answer would land
  // without it (or over it). Once it has landed, the history is asked for again.
  reloadAfterInFlight(queryClient, key, true);
  queryClient.setQueryData<MessagePages>(key, (data) => {
    if (!data) return data;
    // A copy older than the loaded one (a late answer overtaken by a push) changes nothing, not
    // even the quotes: they would show a deleted message's text again.
    for (const page of data.pages) {
      if (page.items.some((item) => item.id === message.id && item.changeSeq > message.changeSeq)) return data;
    }
    let found = false;
    const pages = data.pages.map((page) => {
      let changed = false;
      const items = page.items.map((item) => {
        if (item.id === message.id) {
          found = true;
          changed = true;
          return message;
        }
        if (item.replyTo?.id === message.id) {
          changed = true;
          return { ...item, replyTo: quoteOf(message) };
        }
        return item;
      });
      return changed ? { ...page, items } : page;
    });
    const newest = pages[0];
    // A message older than the newest page belongs to history not loaded: it comes with scrolling up.
    if (!found && newest && (newest.items.length === 0 || message.seq >= newest.items[0]!.seq)) {
      pages[0] = { ...newest, items: [...newest.items, message].sort((a, b) => a.seq - b.seq) };
    }
    return { ...data, pages };
  });
}

function withTotal(items: ChatSummary[]): ChatList {
  return { items, unreadTotal: items.reduce((sum, item) => sum + item.unread, 0) };
}

/**
 * The chat list after a pushed message: a new one becomes the chat's preview, moves the chat to
 * the top and, from someone else, counts as unread; an edit of the previewed one updates the
 * preview. Returns false when the chat is not in the list (the caller reloads it).
 */
export function applyMessageToList(queryClient: QueryClient, message: ChatMessage): boolean {
  let known = false;
  queryClient.setQueryData<ChatList>(chatListQuery.queryKey, (data) => {
    if (!data) return data;
    const chat = data.items.find((item) => item.id === message.chatId);
    if (!chat) return data;
    known = true;
    const preview = {
      id: message.id,
      author: message.author,
      body: message.body,
      createdAt: message.createdAt,
      deleted: message.deleted,
    };
    if (chat.lastMessage?.id === message.id) {
      return withTotal(data.items.map((item) => (item === chat ? { ...item, lastMessage: preview } : item)));
    }
    const isNew = !chat.lastMessageAt || message.createdAt >= chat.lastMessageAt;
    if (!isNew || message.deleted) return data;
    const unread = !message.mine && message.seq > chat.lastReadSeq ? chat.unread + 1 : chat.unread;
    const updated: ChatSummary = {
      ...chat,
      lastMessage: preview,
      lastMessageAt: message.createdAt,
      unread: message.mine ? 0 : unread,
      lastReadSeq: message.mine ? Math.max(chat.lastReadSeq, message.seq) : chat.lastReadSeq,
    };
    return withTotal([updated, ...data.items.filter((item) => item !== chat)]);
  });
  return known;
}

/** The caller read the chat up to `seq` (here or in another tab). */
export function applyRead(queryClient: QueryClient, chatId: string, seq: number): void {
  queryClient.setQueryData<ChatList>(chatListQuery.queryKey, (data) => {
    if (!data) return data;
    return withTotal(
      data.items.map((item) =>
        item.id === chatId ? { ...item, lastReadSeq: Math.max(item.lastReadSeq, seq), unread: 0 } : item,
      ),
    );
  });
}

/** Someone came online or went offline: the dots in the list and the members panel follow. */
export function applyPresence(queryClient: QueryClient, userId: string, online: boolean): void {
  queryClient.setQueryData<ChatList>(chatListQuery.queryKey, (data) =>
    data
      ? {
          ...data,
          items: data.items.map((item) =>
            item.peer?.id === userId ? { ...item, peer: { ...item.peer, online } } : item,
          ),
        }
      : data,
  );
  queryClient.setQueriesData<ChatDetail>({ queryKey: ["chat", "detail"] }, (detail) =>
    detail?.members.some((member) => member.id === userId)
      ? {
          ...detail,
          peer: detail.peer?.id === userId ? { ...detail.peer, online } : detail.peer,
          members: detail.members.map((member) => (member.id === userId ? { ...member, online } : member)),
        }
      : detail,
  );
}

/** The caller is no longer in the chat: it leaves the list and its cached history is forgotten. */
export function forgetChat(queryClient: QueryClient, chatId: string): void {
  queryClient.setQueryData<ChatList>(chatListQuery.queryKey, (data) =>
    data ? withTotal(data.items.filter((item) => item.id !== chatId)) : data,
  );
  queryClient.removeQueries({ queryKey: chatMessagesQuery(chatId).queryKey });
  queryClient.removeQueries({ queryKey: chatDetailQuery(chatId).queryKey });
}

/** A chat just opened or created: its detail is known, and the list may lack it. */
export function rememberChat(queryClient: QueryClient, chat: ChatDetail): void {
  queryClient.setQueryData(chatDetailQuery(chat.id).queryKey, chat);
  const list = queryClient.getQueryData<ChatList>(chatListQuery.queryKey);
  if (!list?.items.some((item) => item.id === chat.id)) {
    void queryClient.invalidateQueries({ queryKey: chatListQuery.queryKey });
  }
}
