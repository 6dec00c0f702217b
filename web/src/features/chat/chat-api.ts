import {
  type ChatDetail,
  type ChatMessage,
  chatDetailSchema,
  chatListSchema,
  chatMessagePageSchema,
  chatMessageSchema,
  chatSearchResultSchema,
  type LinkableEntity,
} from "@planerka/common";
import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, apiUrl, apiVoid, uploadForm } from "../../lib/api";

export const messagePageSize = 50;
/** The server's limit per file (chat-file.service.ts). */
export const chatFileLimitBytes = 10 * 1024 * 1024;
export const quickReactions = ["👍", "❤️", "😂", "🎉", "👀", "✅"] as const;

export const chatListQuery = queryOptions({
  queryKey: ["chat", "list"],
  queryFn: ({ signal }) => api("/chats", chatListSchema, { signal }),
  // Messages, reads and changes are pushed; the slow poll refreshes presence and covers a closed socket.
  refetchInterval: 60_000,
});

export function chatDetailQuery(chatId: string) {
  return queryOptions({
    queryKey: ["chat", "detail", chatId],
    queryFn: ({ signal }) => api(`/chats/${chatId}`, chatDetailSchema, { signal }),
    refetchInterval: 60_000,
  });
}

/** The history by pages, newest first; each page ascending. The next page is the one before the oldest seq. */
export function chatMessagesQuery(chatId: string) {
  return infiniteQueryOptions({
    queryKey: ["chat", "messages", chatId],
    queryFn: ({ pageParam, signal }) =>
      api(`/chats/${chatId}/messages`, chatMessagePageSchema, {
        signal,
        query: { before: pageParam, limit: messagePageSize },
      }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.hasMore ? last.items[0]?.seq : undefined),
    // New and changed messages arrive over the socket (replayed after a reconnect).
    staleTime: 5 * 60_000,
  });
}

export function chatSearchQuery(q: string, chatId?: string) {
  return queryOptions({
    queryKey: ["chat", "search", q, chatId ?? null],
    queryFn: ({ signal }) => api("/chat/search", chatSearchResultSchema, { signal, query: { q, chatId } }),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });
}

export const chatFileUrl = (chatId: string, fileId: string) => apiUrl(`/chats/${chatId}/files/${fileId}`);

export function openDirectChat(userId: string): Promise<ChatDetail> {
  return api("/chats/direct", chatDetailSchema, { method: "POST", json: { userId } });
}

export function openRecordChat(entityType: LinkableEntity, entityId: string): Promise<ChatDetail> {
  return api("/chats/record", chatDetailSchema, { method: "POST", json: { entityType, entityId } });
}

export function createGroupChat(title: string, memberIds: string[]): Promise<ChatDetail> {
  return api("/chats", chatDetailSchema, { method: "POST", json: { title, memberIds } });
}

export function renameChat(chatId: string, title: string): Promise<ChatDetail> {
  return api(`/chats/${chatId}`, chatDetailSchema, { method: "PATCH", json: { title } });
}

export function addChatMembers(chatId: string, userIds: string[]): Promise<ChatDetail> {
  return api(`/chats/${chatId}/members`, chatDetailSchema, { method: "POST", json: { userIds } });
}

/** The owner removes someone; anyone removes themselves (leaves). */
export function removeChatMember(chatId: string, userId: string): Promise<void> {
  return apiVoid(`/chats/${chatId}/members/${userId}`, { method: "DELETE" });
}

export function postMessage(
  chatId: string,
  body: string,
  replyToId: string | null,
  driveFileIds?: string[],
): Promise<ChatMessage> {
  return api(`/chats/${chatId}/messages`, chatMessageSchema, {
    method: "POST",
    json: { body, replyToId, driveFileIds },
  });
}

export function editMessage(messageId: string, body: string): Promise<ChatMessage> {
  return api(`/chat-messages/${messageId}`, chatMessageSchema, { method: "PATCH", json: { body } });
}

export function deleteMessage(messageId: string): Promise<void> {
  return apiVoid(`/chat-messages/${messageId}`, { method: "DELETE" });
}

export function toggleReaction(messageId: string, emoji: string): Promise<ChatMessage> {
  return api(`/chat-messages/${messageId}/reactions`, chatMessageSchema, { method: "POST", json: { emoji } });
}

export function markChatRead(chatId: string, seq: number): Promise<void> {
  return apiVoid(`/chats/${chatId}/read`, { method: "POST", json: { seq } });
}

/** A message with a file, reporting the upload's progress. */
export async function uploadChatFile(
  chatId: string,
  file: File,
  options: { body?: string; replyToId?: string | null; onProgress: (fraction: number) => void; signal?: AbortSignal },
): Promise<ChatMessage> {
  const form = new FormData();
  // Fields before the file: the server reads the parts in order.
  if (options.body) form.append("body", options.body);
  if (options.replyToId) form.append("replyToId", options.replyToId);
  form.append("file", file);
  return chatMessageSchema.parse(await uploadForm(`/chats/${chatId}/files`, form, options));
}
