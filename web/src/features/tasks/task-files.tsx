import { ActionIcon, Anchor, Button, FileButton, Group, Progress, Stack, Text } from "@mantine/core";
import type { TaskDetail, TaskFile } from "@planerka/common";
import { IconDownload, IconFile, IconPaperclip, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDateTime } from "../../lib/dates";
import { notifyError, notifySuccess } from "../../lib/notify";
import { formatSize } from "../../lib/numbers";
import { CardSection } from "../crm/card-kit";
import { deleteTaskFile, refreshTaskViews, taskFileUrl, uploadTaskFile } from "./tasks-api";

interface Upload {
  name: string;
  fraction: number;
}

/** Files attached to the task: upload with progress, download, delete. */
export function TaskFiles({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [upload, setUpload] = useState<Upload | null>(null);
  const [deleting, setDeleting] = useState<TaskFile | null>(null);
  const abort = useRef<AbortController | null>(null);
  const canAttach = task.abilities.edit || task.abilities.comment;

  const send = async (files: File[]) => {
    const controller = new AbortController();
    abort.current = controller;
    for (const file of files) {
      setUpload({ name: file.name, fraction: 0 });
      try {
        await uploadTaskFile(task.id, file, (fraction) => setUpload({ name: file.name, fraction }), controller.signal);
        notifySuccess(t("tasks.files.uploaded", { name: file.name }));
      } catch (error) {
        if ((error as Error).name !== "AbortError") notifyError(error);
        break;
      }
    }
    setUpload(null);
    abort.current = null;
    refreshTaskViews(queryClient, task.id);
  };

  const percent = upload ? Math.round(upload.fraction * 100) : 0;
  return (
    <CardSection
      title={t("tasks.files.title")}
      action={
        canAttach ? (
          <FileButton onChange={(files) => files.length > 0 && void send(files)} multiple>
            {(props) => (
              <Button
                {...props}
                size="xs"
                variant="subtle"
                leftSection={<IconPaperclip size={14} />}
                disabled={upload !== null}
              >
                {t("tasks.files.upload")}
              </Button>
            )}
          </FileButton>
        ) : undefined
      }
    >
      <Stack gap="xs">
        {upload && (
          <Stack gap={4}>
            <Group justify="space-between" wrap="nowrap">
              <Text size="xs" truncate>
                {t("tasks.files.uploading", { name: upload.name, percent })}
              </Text>
              <Button size="compact-xs" variant="subtle" color="gray" onClick={() => abort.current?.abort()}>
                {t("tasks.files.cancel")}
              </Button>
            </Group>
            <Progress
              value={percent}
              size="sm"
              animated
              aria-label={t("tasks.files.uploading", { name: upload.name, percent })}
            />
          </Stack>
        )}
        {task.files.length === 0 && !upload ? (
          <Text size="sm" c="dimmed">
            {t("tasks.files.empty")}
          </Text>
        ) : (
          <Stack component="ul" gap={6} m={0} p={0} style={{ listStyle: "none" }}>
            {task.files.map((file) => (
              <Group component="li" key={file.id} gap="xs" wrap="nowrap" justify="space-between">
                <Group gap="xs" wrap="nowrap" miw={0}>
                  <IconFile size={18} stroke={1.5} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0 }} />
                  <Stack gap={0} miw={0}>
                    <Anchor href={taskFileUrl(task.id, file.id)} download={file.name} size="sm" truncate>
                      {file.name}
                    </Anchor>
                    <Text size="xs" c="dimmed" truncate>
                      {formatSize(file.size)} · {file.uploadedBy.name} · {formatDateTime(file.createdAt, me.timeZone)}
                    </Text>
                  </Stack>
                </Group>
                <Group gap={2} wrap="nowrap">
                  <ActionIcon
                    component="a"
                    href={taskFileUrl(task.id, file.id)}
                    download={file.name}
                    variant="subtle"
                    color="gray"
                    aria-label={t("tasks.files.download", { name: file.name })}
                  >
                    <IconDownload size={16} />
                  </ActionIcon>
                  {(task.abilities.edit || file.uploadedBy.id === me.id) && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t("tasks.files.delete", { name: file.name })}
                      onClick={() => setDeleting(file)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Group>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
      <ConfirmModal
        opened={deleting !== null}
        title={t("tasks.files.deleteTitle")}
        message={t("tasks.files.deleteConfirm", { name: deleting?.name ?? "" })}
        confirmLabel={t("common.delete")}
        onConfirm={async () => {
          if (deleting) await deleteTaskFile(task.id, deleting.id);
          refreshTaskViews(queryClient, task.id);
        }}
        onClose={() => setDeleting(null)}
      />
    </CardSection>
  );
}
