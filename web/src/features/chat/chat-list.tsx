import {
  Badge,
  Button,
  CloseButton,
  Group,
  Highlight,
  Loader,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import type { ChatSummary } from "@planerka/common";
import { IconPlus, IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { problemText } from "../../lib/notify";
import classes from "./chat.module.css";
import { chatListQuery, chatSearchQuery } from "./chat-api";
import { ChatAvatar, useListTime } from "./chat-bits";
import { plainText } from "./message-text";
import { NewChatDialog } from "./new-chat-dialog";

/** The left pane: «Чаты», «Новый чат», the search box, and the chats newest first. */
export function ChatList({ activeId }: { activeId: string | undefined }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [creating, setCreating] = useState(false);
  const list = useQuery(chatListQuery);

  return (
    <>
      <Group justify="space-between" px="sm" pt="sm" pb={6} wrap="nowrap">
        <Title order={3}>{t("chat.chats")}</Title>
        <Button size="compact-sm" leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t("chat.newChat")}
        </Button>
      </Group>
      <TextInput
        mx="sm"
        mb="xs"
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        placeholder={t("chat.searchPlaceholder")}
        aria-label={t("chat.searchLabel")}
        leftSection={<IconSearch size={16} />}
        rightSection={
          search ? <CloseButton size="sm" aria-label={t("common.close")} onClick={() => setSearch("")} /> : null
        }
      />
      <nav className={classes.listScroll} aria-label={t("chat.chats")}>
        {list.isError && (
          <Text c="red" size="sm" p="sm">
            {problemText(list.error)}
          </Text>
        )}
        {list.isPending && (
          <Stack p="sm" gap="sm">
            {[0, 1, 2, 3].map((index) => (
              <Skeleton key={index} h={44} />
            ))}
          </Stack>
        )}
        {list.data &&
          (search.trim() ? (
            <SearchResults query={search.trim()} chats={list.data.items} activeId={activeId} />
          ) : list.data.items.length === 0 ? (
            <Text c="dimmed" size="sm" p="md" ta="center">
              {t("chat.noChats")}
            </Text>
          ) : (
            list.data.items.map((chat) => <ChatListItem key={chat.id} chat={chat} active={chat.id === activeId} />)
          ))}
      </nav>
      <NewChatDialog opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function ChatListItem({ chat, active }: { chat: ChatSummary; active: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const listTime = useListTime(me.timeZone);
  const last = chat.lastMessage;
  const author =
    last && last.author.id === me.id
      ? `${t("chat.you")}: `
      : last && chat.kind !== "direct"
        ? `${last.author.name.split(/\s+/)[1] ?? last.author.name}: `
        : "";
  const preview = last ? (last.deleted ? t("chat.deletedMessage") : plainText(last.body) || t("chat.file")) : "";
  const unread = chat.unread > 0;
  return (
    <Link
      to="/chat/$chatId"
      params={{ chatId: chat.id }}
      className={classes.listItem}
      data-active={active || undefined}
      aria-current={active ? "page" : undefined}
      data-testid="chat-list-item"
    >
      <ChatAvatar chat={chat} />
      <div className={classes.preview}>
        <Group justify="space-between" gap={6} wrap="nowrap">
          <Text size="sm" fw={unread ? 700 : 600} truncate>
            {chat.title}
          </Text>
          <Text size="xs" c={unread ? "blue" : "dimmed"} style={{ flexShrink: 0 }}>
            {listTime(chat.lastMessageAt)}
          </Text>
        </Group>
        <Group justify="space-between" gap={6} wrap="nowrap">
          <Text size="xs" c="dimmed" truncate>
            {author}
            {preview}
          </Text>
          {unread && (
            <Badge
              size="sm"
              circle={chat.unread < 10}
              color="red"
              style={{ flexShrink: 0 }}
              aria-label={t("chat.unreadBadge", { count: chat.unread })}
            >
              {chat.unread > 99 ? "99+" : chat.unread}
            </Badge>
          )}
        </Group>
      </div>
    </Link>
  );
}

/** Chats whose title matches, then messages found by the server; a message opens its chat at that message. */
function SearchResults({ query, chats, activeId }: { query: string; chats: ChatSummary[]; activeId?: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const listTime = useListTime(me.timeZone);
  const [debounced] = useDebouncedValue(query, 300);
  const found = useQuery(chatSearchQuery(debounced));
  const needle = query.toLowerCase();
  const titled = chats.filter((chat) => chat.title.toLowerCase().includes(needle));

  return (
    <Stack gap={0}>
      {titled.length > 0 && (
        <>
          <Text size="xs" fw={600} c="dimmed" px="sm" pt="xs" tt="uppercase">
            {t("chat.chatsFound")}
          </Text>
          {titled.map((chat) => (
            <ChatListItem key={chat.id} chat={chat} active={chat.id === activeId} />
          ))}
        </>
      )}
      <Group gap={6} px="sm" pt="xs">
        <Text size="xs" fw={600} c="dimmed" tt="uppercase">
          {t("chat.messagesFound")}
        </Text>
        {found.isFetching && <Loader size={12} />}
      </Group>
      {query.length < 2 && (
        <Text size="xs" c="dimmed" px="sm" py="xs">
          {t("chat.searchTooShort")}
        </Text>
      )}
      {found.data?.items.map((message) => (
        <UnstyledButton
          key={message.id}
          className={classes.listItem}
          data-testid="chat-search-result"
          onClick={() =>
            void navigate({ to: "/chat/$chatId", params: { chatId: message.chatId }, search: { m: message.id } })
          }
        >
          <div className={classes.preview}>
            <Group justify="space-between" gap={6} wrap="nowrap">
              <Text size="sm" fw={600} truncate>
                {message.chatTitle}
              </Text>
              <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                {listTime(message.createdAt)}
              </Text>
            </Group>
            <Text size="xs" c="dimmed" truncate>
              {message.author.name}
            </Text>
            <Highlight size="sm" highlight={query} lineClamp={2}>
              {plainText(message.body)}
            </Highlight>
          </div>
        </UnstyledButton>
      ))}
      {query.length >= 2 && found.data && found.data.items.length === 0 && titled.length === 0 && (
        <Text size="sm" c="dimmed" p="md" ta="center">
          {t("chat.noMatches")}
        </Text>
      )}
    </Stack>
  );
}
