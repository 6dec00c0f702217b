import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { chatListQuery, chatMessagesQuery, markChatRead } from "./chat-api";
import { applyRead } from "./chat-cache";

/**
 * Marks the chat read up to its newest message while it is on screen in a focused window: at
 * once, when a message arrives, and when the reader comes back to the window.
 */
export function useMarkRead(chatId: string) {
  const queryClient = useQueryClient();
  const newest = useInfiniteQuery({
    ...chatMessagesQuery(chatId),
    select: (data) => data.pages[0]?.items.at(-1)?.seq,
  }).data;
  const marked = useRef(0);

  useEffect(() => {
    const mark = () => {
      if (newest === undefined || newest <= marked.current) return;
      if (document.visibilityState !== "visible" || !document.hasFocus()) return;
      const summary = queryClient.getQueryData(chatListQuery.queryKey)?.items.find((item) => item.id === chatId);
      marked.current = newest;
      if (summary && summary.unread === 0 && summary.lastReadSeq >= newest) return;
      applyRead(queryClient, chatId, newest);
      markChatRead(chatId, newest).catch(() => {
        marked.current = 0;
      });
    };
    mark();
    window.addEventListener("focus", mark);
    document.addEventListener("visibilitychange", mark);
    return () => {
      window.removeEventListener("focus", mark);
      document.removeEventListener("visibilitychange", mark);
    };
  }, [chatId, newest, queryClient]);
}
