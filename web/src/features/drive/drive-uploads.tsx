import { ActionIcon, Button, Group, Paper, Progress, Stack, Text } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { problemText } from "../../lib/notify";
import { refreshDrive } from "./drive-api";
import { isAbort, uploadDriveFileOrThrow } from "./drive-upload";

export interface UploadItem {
  key: number;
  name: string;
  folderId: string;
  file: File;
  sent: number;
  status: "waiting" | "uploading" | "done" | "failed" | "cancelled";
  error: string | null;
}

/**
 * The queue of files dropped or chosen: one uploads at a time (chunks in order, resumed after a
 * dropped line by `drive-upload.ts`), each can be cancelled; the folder's listing refreshes after each.
 */
export function useDriveUploads() {
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const queue = useRef<UploadItem[]>([]);
  const controllers = useRef(new Map<number, AbortController>());
  const running = useRef(false);
  const nextKey = useRef(1);

  const patch = useCallback((key: number, change: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const run = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      for (let item = queue.current.shift(); item; item = queue.current.shift()) {
        const controller = controllers.current.get(item.key);
        if (!controller || controller.signal.aborted) continue;
        const key = item.key;
        patch(key, { status: "uploading" });
        try {
          await uploadDriveFileOrThrow({
            file: item.file,
            name: item.name,
            folderId: item.folderId,
            signal: controller.signal,
            onProgress: ({ sent }) => patch(key, { sent }),
          });
          patch(key, { status: "done", sent: item.file.size });
        } catch (error) {
          if (isAbort(error)) patch(key, { status: "cancelled" });
          else patch(key, { status: "failed", error: problemText(error) });
        } finally {
          controllers.current.delete(key);
          refreshDrive(queryClient);
        }
      }
    } finally {
      running.current = false;
    }
  }, [patch, queryClient]);

  const add = useCallback(
    (files: File[], folderId: string) => {
      const added = files.map<UploadItem>((file) => ({
        key: nextKey.current++,
        name: file.name,
        folderId,
        file,
        sent: 0,
        status: "waiting",
        error: null,
      }));
      for (const item of added) controllers.current.set(item.key, new AbortController());
      queue.current.push(...added);
      setItems((current) => [...current, ...added]);
      void run();
    },
    [run],
  );

  const cancel = useCallback((key: number) => {
    const controller = controllers.current.get(key);
    controller?.abort();
    controllers.current.delete(key);
    setItems((current) =>
      current.map((item) => (item.key === key && item.status === "waiting" ? { ...item, status: "cancelled" } : item)),
    );
  }, []);

  const clearFinished = useCallback(() => {
    setItems((current) => current.filter((item) => item.status === "waiting" || item.status === "uploading"));
  }, []);

  return { items, add, cancel, clearFinished };
}

/** Per file: a bar with its percent and «Отменить» while it goes; the outcome once it is over. */
export function UploadPanel({
  items,
  onCancel,
  onHide,
}: {
  items: UploadItem[];
  onCancel: (key: number) => void;
  onHide: () => void;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  const busy = items.some((item) => item.status === "waiting" || item.status === "uploading");
  return (
    <Paper withBorder radius="md" p="sm" aria-label={t("drive.uploads.title")} role="region">
      <Group justify="space-between" mb={6}>
        <Text fw={600} size="sm">
          {t("drive.uploads.title")}
        </Text>
        {!busy && (
          <Button size="compact-xs" variant="subtle" onClick={onHide}>
            {t("drive.uploads.hide")}
          </Button>
        )}
      </Group>
      <Stack gap={8}>
        {items.map((item) => {
          const percent = item.file.size > 0 ? Math.round((item.sent / item.file.size) * 100) : 0;
          const active = item.status === "waiting" || item.status === "uploading";
          return (
            <div key={item.key}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" truncate="end" style={{ minWidth: 0, flex: 1 }}>
                  {item.name}
                </Text>
                <Group gap={4} wrap="nowrap">
                  <Text size="xs" c={item.status === "failed" ? "red" : "dimmed"}>
                    {item.status === "uploading"
                      ? `${percent}%`
                      : item.status === "failed"
                        ? item.error
                        : t(`drive.uploads.${item.status}`)}
                  </Text>
                  {item.status === "done" && <IconCheck size={14} color="var(--mantine-color-teal-6)" />}
                  {active && (
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      color="gray"
                      aria-label={t("drive.uploads.cancel", { name: item.name })}
                      onClick={() => onCancel(item.key)}
                    >
                      <IconX size={14} />
                    </ActionIcon>
                  )}
                </Group>
              </Group>
              <Progress
                value={item.status === "done" ? 100 : percent}
                color={item.status === "failed" ? "red" : item.status === "done" ? "teal" : undefined}
                size="sm"
                aria-label={t("drive.uploads.progress", { name: item.name })}
                animated={item.status === "uploading"}
              />
            </div>
          );
        })}
      </Stack>
    </Paper>
  );
}
