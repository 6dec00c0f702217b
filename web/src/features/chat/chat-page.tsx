import { Center, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconMessages } from "@tabler/icons-react";
import { getRouteApi, Outlet, useNavigate, useParams } from "@tanstack/react-router";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import classes from "./chat.module.css";
import { ChatList } from "./chat-list";
import { Conversation } from "./conversation";

const conversationRoute = getRouteApi("/app/chat/$chatId");

/** «Чат»: the chats on the left, the open one on the right; on a phone the list, then the chat full-screen. */
export function ChatPage() {
  const { chatId } = useParams({ strict: false });
  return (
    <div className={classes.page} data-open={chatId ? true : undefined}>
      <aside className={classes.listPane}>
        <ChatList activeId={chatId} />
      </aside>
      <section className={classes.conversationPane}>
        <Outlet />
      </section>
    </div>
  );
}

export function NoChatChosen() {
  const { t } = useTranslation();
  return (
    <Center h="100%" p="md">
      <Stack align="center" gap="xs">
        <ThemeIcon size={56} radius="xl" variant="light">
          <IconMessages size={30} stroke={1.5} />
        </ThemeIcon>
        <Text c="dimmed" ta="center">
          {t("chat.pickChat")}
        </Text>
      </Stack>
    </Center>
  );
}

export function ConversationPage() {
  const { chatId } = conversationRoute.useParams();
  const { m } = conversationRoute.useSearch();
  const navigate = useNavigate();
  const toList = useCallback(() => void navigate({ to: "/chat" }), [navigate]);
  const targetShown = useCallback(
    () => void navigate({ to: "/chat/$chatId", params: { chatId }, search: {}, replace: true }),
    [navigate, chatId],
  );
  return (
    <Conversation
      key={chatId}
      chatId={chatId}
      onBack={toList}
      onClosed={toList}
      target={m}
      onTargetShown={targetShown}
    />
  );
}
