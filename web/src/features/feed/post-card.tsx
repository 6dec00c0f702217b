import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Paper,
  Progress,
  Stack,
  Text,
  Tooltip,
  Typography,
} from "@mantine/core";
import type { FeedPost } from "@planerka/common";
import {
  IconCheck,
  IconDots,
  IconEye,
  IconMessageCircle,
  IconPaperclip,
  IconPencil,
  IconPin,
  IconSpeakerphone,
  IconTrash,
} from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { notifyError, notifySuccess } from "../../lib/notify";
import { quickReactions } from "../chat/chat-api";
import { useBytes } from "../drive/use-bytes";
import { deletePost, markPostRead, postFileUrl, refreshFeed, togglePostReaction } from "./feed-api";
import { PostComments } from "./post-comments";
import { PostComposerDialog } from "./post-composer-dialog";
import { PostEvent } from "./post-event";
import { PostPoll } from "./post-poll";
import { ReadersModal } from "./readers-modal";

const eventLabels = {
  deal_won: "feed.event.dealWonLabel",
  new_colleague: "feed.event.newColleagueLabel",
  course_completed: "feed.event.courseCompletedLabel",
} as const;

/** Who the post is for, as short labels. */
function audienceLabels(post: FeedPost, companyLabel: string): string[] {
  const { audience } = post;
  return [
    ...(audience.company ? [companyLabel] : []),
    ...audience.units.map((unit) => unit.name),
    ...audience.groups.map((group) => group.name),
    ...audience.users.map((user) => user.name),
  ];
}

/**
 * One post of the feed: text (or the event of the work it announces), files, a poll, reactions,
 * «Прочитал(а)» for an important one, comments; «Изменить» and «Удалить» as the post's abilities allow.
 */
export function PostCard({ post, commentsOpen = false }: { post: FeedPost; commentsOpen?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const bytes = useBytes();
  const [showComments, setShowComments] = useState(commentsOpen);
  const [readers, setReaders] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const mine = post.author.id === me.id;

  const react = async (emoji: string) => {
    try {
      refreshFeed(queryClient, await togglePostReaction(post.id, emoji));
    } catch (error) {
      notifyError(error);
    }
  };
  const confirmRead = async () => {
    setConfirming(true);
    try {
      refreshFeed(queryClient, await markPostRead(post.id));
      notifySuccess(t("feed.read.confirmed"));
    } catch (error) {
      notifyError(error);
    } finally {
      setConfirming(false);
    }
  };

  return (
    <Paper
      component="article"
      withBorder
      radius="md"
      p="md"
      aria-label={t("feed.open")}
      data-testid="feed-post"
      style={post.important ? { borderLeft: "4px solid var(--mantine-color-orange-6)" } : undefined}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2} miw={0}>
            <Group gap="xs" wrap="wrap">
              <Text fw={600}>{post.author.name}</Text>
              {post.kind !== "post" && (
                <Badge size="sm" variant="light" color="green">
                  {t(eventLabels[post.kind])}
                </Badge>
              )}
              {post.pinned && (
                <Badge size="sm" variant="light" leftSection={<IconPin size={12} />}>
                  {t("feed.pinned")}
                </Badge>
              )}
              {post.important && (
                <Badge size="sm" color="orange" variant="light" leftSection={<IconSpeakerphone size={12} />}>
                  {t("feed.important")}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              <AnchorLink to="/feed/$postId" params={{ postId: post.id }} c="dimmed" size="xs">
                {formatDateTime(post.createdAt, me.timeZone)}
              </AnchorLink>
              {post.editedAt && ` · ${t("feed.edited")}`}
              {" · "}
              {audienceLabels(post, t("feed.audience.company")).join(", ")}
            </Text>
          </Stack>
          {(post.abilities.edit || post.abilities.delete) && (
            <Menu position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={t("feed.menu")}>
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {post.abilities.edit && (
                  <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                    {t("feed.edit.action")}
                  </Menu.Item>
                )}
                {post.abilities.delete && (
                  <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>
                    {t("feed.delete")}
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
        {post.kind !== "post" && post.event ? (
          <PostEvent kind={post.kind} event={post.event} />
        ) : (
          <Typography>
            <div
              style={{ overflowWrap: "anywhere" }}
              // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised server-side to an allowlist (feed.service.ts)
              dangerouslySetInnerHTML={{ __html: post.body }}
            />
          </Typography>
        )}
        {post.files.length > 0 && (
          <Stack gap={4}>
            {post.files.map((file) =>
              file.isImage ? (
                <a key={file.id} href={postFileUrl(post.id, file.id)} target="_blank" rel="noreferrer">
                  <img
                    src={postFileUrl(post.id, file.id)}
                    alt={file.name}
                    style={{ maxWidth: "100%", maxHeight: 320, borderRadius: 8 }}
                  />
                </a>
              ) : (
                <Anchor
                  key={file.id}
                  href={postFileUrl(post.id, file.id)}
                  download={file.name}
                  size="sm"
                  aria-label={t("feed.download", { name: file.name })}
                >
                  <Group gap={6} wrap="nowrap" component="span">
                    <IconPaperclip size={14} />
                    <span>{file.name}</span>
                    <Text span size="xs" c="dimmed">
                      {bytes(file.size)}
                    </Text>
                  </Group>
                </Anchor>
              ),
            )}
          </Stack>
        )}
        {post.poll && <PostPoll key={`${post.id}-${post.poll.myOptionIds.join()}`} post={post} poll={post.poll} />}
        {post.important && (
          <Group gap="sm" wrap="wrap">
            {!mine &&
              (post.readByMe ? (
                <Badge color="green" variant="light" leftSection={<IconCheck size={12} />}>
                  {t("feed.read.confirmed")}
                </Badge>
              ) : (
                <Button size="xs" color="orange" loading={confirming} onClick={() => void confirmRead()}>
                  {t("feed.read.confirm")}
                </Button>
              ))}
            {post.abilities.seeReaders && (
              <>
                <Stack gap={2} w={160}>
                  <Text size="xs" c="dimmed">
                    {t("feed.read.progress", { read: post.readCount, total: post.audienceCount })}
                  </Text>
                  <Progress
                    size="sm"
                    color="green"
                    value={post.audienceCount === 0 ? 0 : (100 * post.readCount) / post.audienceCount}
                    aria-hidden
                  />
                </Stack>
                <Button size="xs" variant="light" leftSection={<IconEye size={14} />} onClick={() => setReaders(true)}>
                  {t("feed.read.who")}
                </Button>
              </>
            )}
          </Group>
        )}
        <Group gap={4} wrap="wrap">
          {quickReactions.map((emoji) => {
            const reaction = post.reactions.find((item) => item.emoji === emoji);
            return (
              <Tooltip
                key={emoji}
                label={reaction?.users.map((user) => user.name).join(", ") ?? t("feed.react", { emoji })}
              >
                <Button
                  size="compact-sm"
                  variant={reaction?.mine ? "light" : "subtle"}
                  color={reaction?.mine ? "blue" : "gray"}
                  aria-label={t("feed.react", { emoji })}
                  aria-pressed={reaction?.mine ?? false}
                  onClick={() => void react(emoji)}
                >
                  {emoji}
                  {reaction ? ` ${reaction.count}` : ""}
                </Button>
              </Tooltip>
            );
          })}
          <Button
            size="compact-sm"
            variant="subtle"
            color="gray"
            leftSection={<IconMessageCircle size={16} />}
            onClick={() => setShowComments((open) => !open)}
            aria-expanded={showComments}
          >
            {t("feed.comments.show", { count: post.commentCount })}
          </Button>
        </Group>
        {showComments && <PostComments post={post} />}
      </Stack>
      {readers && <ReadersModal postId={post.id} onClose={() => setReaders(false)} />}
      {post.abilities.edit && <PostComposerDialog opened={editing} onClose={() => setEditing(false)} post={post} />}
      <ConfirmModal
        opened={deleting}
        title={t("feed.deleteTitle")}
        message={t("feed.deleteConfirm")}
        confirmLabel={t("feed.delete")}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await deletePost(post.id);
          notifySuccess(t("feed.deleted"));
          refreshFeed(queryClient);
        }}
      />
    </Paper>
  );
}
