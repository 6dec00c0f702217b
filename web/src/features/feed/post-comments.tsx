import { ActionIcon, Button, Group, Loader, Stack, Text, Textarea } from "@mantine/core";
import type { FeedPost } from "@planerka/common";
import { IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { notifyError, problemText } from "../../lib/notify";
import { addComment, deleteComment, feedCommentsQuery, refreshFeed } from "./feed-api";

/** A post's comments, oldest first, and the box to add one. */
export function PostComments({ post }: { post: FeedPost }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const comments = useQuery(feedCommentsQuery(post.id));
  const [body, setBody] = useState("");
  const [sending, setSending] = useState(false);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim() || sending) return;
    setSending(true);
    try {
      await addComment(post.id, body.trim());
      setBody("");
      refreshFeed(queryClient);
    } catch (error) {
      notifyError(error);
    } finally {
      setSending(false);
    }
  };

  const remove = async (commentId: string) => {
    try {
      await deleteComment(commentId);
      refreshFeed(queryClient);
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Stack gap="xs" pl="sm" style={{ borderLeft: "2px solid var(--mantine-color-gray-3)" }}>
      {comments.error && <Text c="red">{problemText(comments.error)}</Text>}
      {!comments.data && !comments.error && <Loader size="xs" />}
      {comments.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("feed.comments.none")}
        </Text>
      )}
      {comments.data?.map((comment) => (
        <Group key={comment.id} justify="space-between" align="flex-start" wrap="nowrap" data-testid="feed-comment">
          <Stack gap={0} miw={0}>
            <Text size="xs" c="dimmed">
              <Text span fw={600} c="var(--mantine-color-text)" size="sm">
                {comment.author.name}
              </Text>
              {" · "}
              {formatDateTime(comment.createdAt, me.timeZone)}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {comment.body}
            </Text>
          </Stack>
          {(comment.mine || post.author.id === me.id || me.role === "admin") && (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={t("feed.comments.delete")}
              onClick={() => void remove(comment.id)}
            >
              <IconTrash size={14} />
            </ActionIcon>
          )}
        </Group>
      ))}
      <form onSubmit={send}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <Textarea
            style={{ flex: 1 }}
            autosize
            minRows={1}
            maxRows={6}
            maxLength={5000}
            value={body}
            aria-label={t("feed.comments.label")}
            placeholder={t("feed.comments.placeholder")}
            onChange={(event) => setBody(event.currentTarget.value)}
          />
          <Button type="submit" size="sm" loading={sending} disabled={!body.trim()}>
            {t("feed.comments.send")}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
