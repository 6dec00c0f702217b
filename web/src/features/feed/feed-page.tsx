import { Loader, Stack, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { NotFoundPage } from "../../lib/error-pages";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { useRealtime } from "../../lib/realtime";
import { feedPostQuery } from "./feed-api";
import { FeedView } from "./feed-view";
import { PostCard } from "./post-card";

export function FeedPage() {
  return (
    <Stack maw={860}>
      <FeedView />
    </Stack>
  );
}

/** One post with its comments open: where notifications and «Открыть запись» lead. */
export function FeedPostPage() {
  const { t } = useTranslation();
  const { postId } = useParams({ from: "/app/feed/$postId" });
  const post = useQuery(feedPostQuery(postId));
  const queryClient = useQueryClient();
  // Someone voted in its poll (or it changed): the post loads again.
  useRealtime("feed_post", (frame) => {
    if (frame.postId === postId) void queryClient.invalidateQueries({ queryKey: feedPostQuery(postId).queryKey });
  });
  if (isProblem(post.error, 404)) return <NotFoundPage />;
  return (
    <Stack maw={860} gap="md">
      <AnchorLink to="/feed" size="sm">
        ← {t("feed.back")}
      </AnchorLink>
      {post.error && <Text c="red">{problemText(post.error)}</Text>}
      {post.isPending && <Loader size="sm" />}
      {post.data && <PostCard post={post.data} commentsOpen />}
    </Stack>
  );
}
