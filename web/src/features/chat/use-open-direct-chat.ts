import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useCallback } from "react";
import { notifyError } from "../../lib/notify";
import { openDirectChat } from "./chat-api";
import { rememberChat } from "./chat-cache";

/** «Написать»: opens (creating on first use) the one-to-one chat with a colleague. */
export function useOpenDirectChat(): (userId: string) => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(
    async (userId: string) => {
      try {
        const chat = await openDirectChat(userId);
        rememberChat(queryClient, chat);
        await navigate({ to: "/chat/$chatId", params: { chatId: chat.id }, search: {} });
      } catch (error) {
        notifyError(error);
      }
    },
    [queryClient, navigate],
  );
}
