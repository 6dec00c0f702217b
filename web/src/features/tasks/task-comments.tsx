import { ActionIcon, Avatar, Button, Group, Menu, Skeleton, Stack, Text } from "@mantine/core";
import type { TaskComment, TaskDetail } from "@planerka/common";
import { IconDots, IconPencil, IconSend, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDateTime } from "../../lib/dates";
import { notifyError, problemText } from "../../lib/notify";
import { CardSection } from "../crm/card-kit";
import { initials } from "../org/user-avatar";
import { commentToEditable, commentToHtml, MentionText, MentionTextarea } from "./mention-text";
import { addComment, commentPageSize, deleteComment, taskCommentsQuery, updateComment } from "./tasks-api";

/** The discussion of a task: oldest first, the box at the bottom, @ to mention a colleague. */
export function TaskComments({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [limit, setLimit] = useState(commentPageSize);
  const [draft, setDraft] = useState("");
  const [sending, setSending] = useState(false);
  const [deleting, setDeleting] = useState<TaskComment | null>(null);
  const query = useQuery(taskCommentsQuery(task.id, limit));
  const comments = [...(query.data?.items ?? [])].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const total = query.data?.total ?? 0;

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["tasks", "comments", task.id] });
    void queryClient.invalidateQueries({ queryKey: ["tasks", "list"] });
  };

  const send = async () => {
    const body = draft.trim();
    if (!body || sending) return;
    setSending(true);
    try {
      await addComment(task.id, commentToHtml(body));
      setDraft("");
      refresh();
    } catch (error) {
      notifyError(error);
    } finally {
      setSending(false);
    }
  };

  return (
    <CardSection title={t("tasks.comments.title")}>
      <Stack gap="md">
        {query.error ? (
          <Text c="red" size="sm">
            {problemText(query.error)}
          </Text>
        ) : !query.data ? (
          <Skeleton h={60} />
        ) : (
          <>
            {total > comments.length && (
              <Button
                variant="subtle"
                size="xs"
                w="fit-content"
                onClick={() => setLimit((value) => value + commentPageSize)}
              >
                {t("tasks.comments.showMore")}
              </Button>
            )}
            {comments.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("tasks.comments.empty")}
              </Text>
            ) : (
              <Stack
                component="ol"
                gap="sm"
                m={0}
                p={0}
                style={{ listStyle: "none" }}
                aria-label={t("tasks.comments.listLabel")}
              >
                {comments.map((comment) => (
                  <CommentItem
                    key={comment.id}
                    comment={comment}
                    taskId={task.id}
                    timeZone={me.timeZone}
                    onChanged={refresh}
                    onDelete={() => setDeleting(comment)}
                  />
                ))}
              </Stack>
            )}
          </>
        )}
        {task.abilities.comment && (
          <Stack gap={6}>
            <MentionTextarea
              aria-label={t("tasks.comments.label")}
              placeholder={t("tasks.comments.placeholder")}
              hint={t("tasks.comments.mentionHint")}
              value={draft}
              onChange={setDraft}
              onSubmit={() => void send()}
              maxLength={20_000}
            />
            <Group justify="flex-end">
              <Button
                size="sm"
                leftSection={<IconSend size={16} />}
                onClick={() => void send()}
                loading={sending}
                disabled={!draft.trim()}
              >
                {t("tasks.comments.send")}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
      <ConfirmModal
        opened={deleting !== null}
        title={t("tasks.comments.deleteTitle")}
        message={t("tasks.comments.deleteConfirm")}
        confirmLabel={t("tasks.comments.delete")}
        onConfirm={async () => {
          if (deleting) await deleteComment(task.id, deleting.id);
          refresh();
        }}
        onClose={() => setDeleting(null)}
      />
    </CardSection>
  );
}

interface CommentItemProps {
  comment: TaskComment;
  taskId: string;
  timeZone: string;
  onChanged: () => void;
  onDelete: () => void;
}

function CommentItem({ comment, taskId, timeZone, onChanged, onDelete }: CommentItemProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    if (editing === null || !editing.trim()) return;
    setSaving(true);
    try {
      await updateComment(taskId, comment.id, commentToHtml(editing));
      setEditing(null);
      onChanged();
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Group component="li" gap="sm" align="flex-start" wrap="nowrap">
      <Avatar color="initials" name={comment.author.name} size={32} aria-hidden>
        {initials(comment.author.name)}
      </Avatar>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6} justify="space-between" wrap="nowrap">
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={600}>
              {comment.author.name}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(comment.createdAt, timeZone)}
              {comment.editedAt ? ` · ${t("tasks.comments.edited")}` : ""}
            </Text>
          </Group>
          {comment.mine && editing === null && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t("common.actions")}>
                  <IconDots size={14} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={<IconPencil size={14} />}
                  onClick={() => setEditing(commentToEditable(comment.body))}
                >
                  {t("tasks.comments.edit")}
                </Menu.Item>
                <Menu.Item leftSection={<IconTrash size={14} />} color="red" onClick={onDelete}>
                  {t("tasks.comments.delete")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
        {editing === null ? (
          <MentionText body={comment.body} mentions={comment.mentions} />
        ) : (
          <Stack gap={6}>
            <MentionTextarea
              aria-label={t("tasks.comments.label")}
              hint={t("tasks.comments.mentionHint")}
              value={editing}
              onChange={setEditing}
              onSubmit={() => void save()}
              maxLength={20_000}
              autoFocus
            />
            <Group gap="xs" justify="flex-end">
              <Button size="xs" variant="default" onClick={() => setEditing(null)} disabled={saving}>
                {t("common.cancel")}
              </Button>
              <Button size="xs" onClick={() => void save()} loading={saving}>
                {t("common.save")}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Group>
  );
}
