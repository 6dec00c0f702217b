import { ActionIcon, Anchor, Box, Button, FileButton, Group, Progress, Skeleton, Stack, Text } from "@mantine/core";
import type { DriveAttachment } from "@planerka/common";
import { IconDownload, IconFolders, IconLinkOff, IconUpload } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type DragEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDateTime } from "../../lib/dates";
import { notifySuccess, problemText } from "../../lib/notify";
import { CardSection } from "../crm/card-kit";
import { useBytes } from "../drive/use-bytes";
import { DriveFileIcon } from "./drive-file-icon";
import { AttachFromDriveDialog } from "./drive-file-picker-dialog";
import {
  type AttachmentTarget,
  attachmentContentUrl,
  attachmentsQuery,
  detachFile,
  refreshAttachments,
} from "./record-files-api";
import { useRecordUpload } from "./use-record-upload";

const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes("Files");

/**
 * «Файлы» on a deal, lead, company, contact or task card: the record's drive files, uploaded from
 * the computer (the buttons or a drop onto the block) or picked from the drive.
 */
export function RecordFiles({ title, ...target }: AttachmentTarget & { title?: string }) {
  const { t } = useTranslation();
  const query = useQuery(attachmentsQuery(target));
  const { upload, send, cancel } = useRecordUpload(target);
  const [picking, setPicking] = useState(false);
  const [over, setOver] = useState(false);
  const [detaching, setDetaching] = useState<DriveAttachment | null>(null);
  const queryClient = useQueryClient();

  const drop = {
    onDragEnter: (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setOver(true);
    },
    onDragOver: (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    },
    onDragLeave: (event: DragEvent) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
    },
    onDrop: (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setOver(false);
      void send(Array.from(event.dataTransfer.files));
    },
  };

  const percent = upload && upload.total > 0 ? Math.round((upload.sent / upload.total) * 100) : 0;
  const actions = (
    <Group gap={4} wrap="nowrap">
      <FileButton onChange={(files) => void send(files)} multiple>
        {(props) => (
          <Button
            {...props}
            size="compact-sm"
            variant="subtle"
            leftSection={<IconUpload size={14} />}
            disabled={upload !== null}
          >
            {t("driveFiles.upload")}
          </Button>
        )}
      </FileButton>
      <Button
        size="compact-sm"
        variant="subtle"
        leftSection={<IconFolders size={14} />}
        onClick={() => setPicking(true)}
        disabled={upload !== null}
      >
        {t("driveFiles.fromDrive")}
      </Button>
    </Group>
  );

  return (
    <CardSection title={title ?? t("driveFiles.title")} action={actions}>
      <Box
        {...drop}
        data-testid="record-files-drop-zone"
        data-over={over || undefined}
        style={{
          borderRadius: "var(--mantine-radius-sm)",
          outline: over ? "2px dashed var(--mantine-color-blue-5)" : undefined,
          outlineOffset: 4,
          background: over ? "var(--mantine-color-blue-light)" : undefined,
          minHeight: 40,
        }}
      >
        <Stack gap="xs">
          {over && (
            <Text size="sm" c="blue" ta="center" py={4}>
              {t("driveFiles.dropHere")}
            </Text>
          )}
          {upload && (
            <Stack gap={4}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="xs" truncate>
                  {t("driveFiles.uploading", { name: upload.name, percent })}
                </Text>
                <Button size="compact-xs" variant="subtle" color="gray" onClick={cancel}>
                  {t("driveFiles.cancel")}
                </Button>
              </Group>
              <Progress
                value={percent}
                size="sm"
                animated
                aria-label={t("driveFiles.uploading", { name: upload.name, percent })}
              />
            </Stack>
          )}
          {query.error ? (
            <Text size="sm" c="red">
              {problemText(query.error)}
            </Text>
          ) : !query.data ? (
            <Skeleton h={36} />
          ) : query.data.items.length === 0 ? (
            !upload &&
            !over && (
              <Text size="sm" c="dimmed">
                {t("driveFiles.empty")}
              </Text>
            )
          ) : (
            <Stack component="ul" gap={8} m={0} p={0} aria-label={t("driveFiles.list")} style={{ listStyle: "none" }}>
              {query.data.items.map((item) => (
                <AttachmentRow key={item.file.id} item={item} target={target} onDetach={() => setDetaching(item)} />
              ))}
            </Stack>
          )}
        </Stack>
      </Box>
      <AttachFromDriveDialog opened={picking} target={target} onClose={() => setPicking(false)} />
      <ConfirmModal
        opened={detaching !== null}
        title={t("driveFiles.detachTitle")}
        message={t("driveFiles.detachConfirm", { name: detaching?.file.name ?? "" })}
        confirmLabel={t("driveFiles.detach")}
        onConfirm={async () => {
          if (detaching) await detachFile(target, detaching.file.id);
          notifySuccess(t("driveFiles.detached"));
          refreshAttachments(queryClient, target);
        }}
        onClose={() => setDetaching(null)}
      />
    </CardSection>
  );
}

function AttachmentRow({
  item,
  target,
  onDetach,
}: {
  item: DriveAttachment;
  target: AttachmentTarget;
  onDetach: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const bytes = useBytes();
  const { file } = item;
  const url = attachmentContentUrl(target, file.id);
  const who = item.attachedBy?.name ?? t("crm.card.none");
  return (
    <Group component="li" gap="xs" wrap="nowrap" justify="space-between" aria-label={file.name}>
      <Group gap="xs" wrap="nowrap" miw={0}>
        <DriveFileIcon file={file} />
        <Stack gap={0} miw={0}>
          <Anchor href={url} download={file.name} size="sm" truncate="end" fw={500}>
            {file.name}
          </Anchor>
          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {bytes(file.size)} ·{" "}
            {t("driveFiles.attachedBy", { name: who, when: formatDateTime(item.attachedAt, me.timeZone) })}
          </Text>
        </Stack>
      </Group>
      <Group gap={2} wrap="nowrap">
        <ActionIcon
          component="a"
          href={url}
          download={file.name}
          variant="subtle"
          color="gray"
          aria-label={t("driveFiles.download", { name: file.name })}
        >
          <IconDownload size={16} />
        </ActionIcon>
        {item.canDetach && (
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t("driveFiles.detachLabel", { name: file.name })}
            onClick={onDetach}
          >
            <IconLinkOff size={16} />
          </ActionIcon>
        )}
      </Group>
    </Group>
  );
}
