import { Button, Group, Loader, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPencil, IconSearch } from "@tabler/icons-react";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { problemText } from "../../lib/notify";
import { invalidateIncludingInFlight } from "../../lib/query-client";
import { useRealtime, useRealtimeStart } from "../../lib/realtime";
import { feedQuery } from "./feed-api";
import { PostCard } from "./post-card";
import { PostComposerDialog } from "./post-composer-dialog";

/** The feed with its search and «Написать»: on the home page, at /feed, and a group's own. */
export function FeedView({ groupId, title }: { groupId?: string; title?: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const [writing, setWriting] = useState(false);
  const feed = useInfiniteQuery(feedQuery({ q: q || undefined, groupId }));
  const queryClient = useQueryClient();
  // A colleague's new post for us, or a vote in a poll, arrives over the socket: the lists load again.
  useRealtime("feed_post", () => void queryClient.invalidateQueries({ queryKey: ["feed", "list"] }));
  useRealtimeStart(() => invalidateIncludingInFlight(queryClient, ["feed", "list"]));
  const pinned = feed.data?.pages[0]?.pinned ?? [];
  const posts = feed.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md" component="section" aria-label={title ?? t("feed.title")}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={3}>{title ?? t("feed.title")}</Title>
        <Group gap="sm" wrap="wrap">
          <TextInput
            leftSection={<IconSearch size={16} />}
            placeholder={t("feed.search")}
            aria-label={t("feed.search")}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={240}
          />
          <Button leftSection={<IconPencil size={16} />} onClick={() => setWriting(true)}>
            {t("feed.write")}
          </Button>
        </Group>
      </Group>
      {feed.error && <Text c="red">{problemText(feed.error)}</Text>}
      {feed.isPending && <Loader size="sm" />}
      {pinned.map((post) => (
        <PostCard key={`pinned-${post.id}`} post={post} />
      ))}
      {posts.map((post) => (
        <PostCard key={post.id} post={post} />
      ))}
      {feed.data && pinned.length + posts.length === 0 && (
        <Text c="dimmed">{q ? t("feed.nothingFound") : t("feed.empty")}</Text>
      )}
      {feed.hasNextPage && (
        <Button variant="default" onClick={() => void feed.fetchNextPage()} loading={feed.isFetchingNextPage}>
          {t("feed.more")}
        </Button>
      )}
      <PostComposerDialog opened={writing} onClose={() => setWriting(false)} groupId={groupId} />
    </Stack>
  );
}
