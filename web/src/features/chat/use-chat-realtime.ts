import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { invalidateIncludingInFlight } from "../../lib/query-client";
import { useRealtime, useRealtimeStart } from "../../lib/realtime";
import { chatDetailQuery, chatListQuery } from "./chat-api";
import { applyMessageToList, applyPresence, applyRead, forgetChat, upsertMessage } from "./chat-cache";

const reconcileAfterMs = 1500;

/**
 * Keeps the chat caches current from the socket: messages go into the loaded history and the
 * list's previews at once; the list is then reloaded once things settle, so unread counts match
 * the server's. Mounted once, by the sidebar entry, which every signed-in page has.
 */
export function useChatRealtime(): void {
  const queryClient = useQueryClient();
  const timer = useRef<number | undefined>(undefined);

  const reconcileList = () => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(
      () => void queryClient.invalidateQueries({ queryKey: chatListQuery.queryKey }),
      reconcileAfterMs,
    );
  };
  useEffect(() => () => window.clearTimeout(timer.current), []);

  useRealtime("chat_message", ({ message }) => {
    upsertMessage(queryClient, message);
    applyMessageToList(queryClient, message);
    reconcileList();
  });
  useRealtime("chat_changed", ({ chatId }) => {
    void queryClient.invalidateQueries({ queryKey: chatDetailQuery(chatId).queryKey });
    reconcileList();
  });
  useRealtime("chat_removed", ({ chatId }) => {
    forgetChat(queryClient, chatId);
    reconcileList();
  });
  useRealtime("chat_read", ({ chatId, seq }) => {
    applyRead(queryClient, chatId, seq);
    reconcileList();
  });
  useRealtimeStart(() => invalidateIncludingInFlight(queryClient, ["chat"]));
  useRealtime("presence", ({ userId, online }) => applyPresence(queryClient, userId, online));
}
