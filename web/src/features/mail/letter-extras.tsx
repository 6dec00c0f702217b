import { Button, FileButton, Group, MultiSelect, Select, Stack, Text } from "@mantine/core";
import { letterAttachmentLimitBytes, type MailTemplateRenderInput, type RecordFile } from "@planerka/common";
import { IconFolders, IconPaperclip } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../lib/notify";
import { formatSize } from "../../lib/numbers";
import { AttachedFileRow } from "../drive-files/attached-file-row";
import { DriveFilePickerDialog } from "../drive-files/drive-file-picker-dialog";
import { dealMailFilesQuery, mailTemplatesQuery, renderMailTemplate, uploadLetterFile } from "./mail-api";

/** «Шаблон»: picking one fills subject and body with the record's fields. */
export function TemplatePicker({
  target,
  onFilled,
}: {
  target: MailTemplateRenderInput;
  onFilled: (filled: { subject: string; body: string }) => void;
}) {
  const { t } = useTranslation();
  const templates = useQuery(mailTemplatesQuery);
  const [value, setValue] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const items = templates.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Select
      label={t("mailLetters.compose.template")}
      placeholder={t("mailLetters.compose.templatePlaceholder")}
      data={items.map((item) => ({ value: item.id, label: item.name }))}
      value={value}
      clearable
      searchable
      disabled={loading}
      onChange={async (id) => {
        setValue(id);
        if (!id) return;
        setLoading(true);
        try {
          onFilled(await renderMailTemplate(id, target));
        } catch (error) {
          notifyError(error);
        } finally {
          setLoading(false);
        }
      }}
    />
  );
}

export interface LetterFile {
  id: string;
  name: string;
  size: number;
  /** `upload` and `letter` go in `fileIds`, `task` in `taskFileIds`, `drive` in `driveFileIds`. */
  source: "upload" | "drive" | RecordFile["source"];
}

const key = (file: { source: string; id: string }) => `${file.source}:${file.id}`;

/** The letter's files: uploaded now, or chosen among the deal's (earlier letters', its tasks'). */
export function LetterAttachments({
  dealId,
  files,
  onChange,
  error,
}: {
  dealId: string;
  files: LetterFile[];
  onChange: (files: LetterFile[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const recordFiles = useQuery(dealMailFilesQuery(dealId));
  const [uploading, setUploading] = useState(false);
  const [pickingDriveFile, setPickingDriveFile] = useState(false);
  // Uploaded now or taken from the drive: listed one by one; the deal's own files are in the select.
  const added = files.filter((file) => file.source === "upload" || file.source === "drive");
  const chosen = files.filter((file) => file.source === "letter" || file.source === "task");
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const tooBig = total > letterAttachmentLimitBytes;

  const upload = async (picked: File[]) => {
    setUploading(true);
    const added: LetterFile[] = [];
    try {
      for (const file of picked) {
        const stored = await uploadLetterFile(file);
        added.push({ id: stored.id, name: stored.name, size: stored.size, source: "upload" });
      }
    } catch (caught) {
      notifyError(caught);
    } finally {
      setUploading(false);
      if (added.length > 0) onChange([...files, ...added]);
    }
  };

  const available = recordFiles.data?.items ?? [];
  return (
    <Stack gap={6}>
      {available.length > 0 && (
        <MultiSelect
          label={t("mailLetters.compose.recordFiles")}
          placeholder={t("mailLetters.compose.recordFilesPlaceholder")}
          data={available.map((file) => ({
            value: key(file),
            label: `${file.name} · ${formatSize(file.size)} · ${file.sourceTitle}`,
          }))}
          value={chosen.map(key)}
          onChange={(values) => {
            const picked = available.filter((file) => values.includes(key(file)));
            onChange([
              ...added,
              ...picked.map((file) => ({ id: file.id, name: file.name, size: file.size, source: file.source })),
            ]);
          }}
          searchable
          clearable
        />
      )}
      <Group gap="xs">
        <FileButton onChange={(picked) => picked.length > 0 && void upload(picked)} multiple>
          {(props) => (
            <Button {...props} size="xs" variant="light" loading={uploading} leftSection={<IconPaperclip size={14} />}>
              {t("mailLetters.compose.attach")}
            </Button>
          )}
        </FileButton>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconFolders size={14} />}
          onClick={() => setPickingDriveFile(true)}
        >
          {t("mailLetters.compose.fromDrive")}
        </Button>
        <Text size="xs" c={tooBig ? "red" : "dimmed"}>
          {t("mailLetters.compose.limit", { total: formatSize(total) })}
        </Text>
      </Group>
      {added.length > 0 && (
        <Stack gap={2} role="list" aria-label={t("mailLetters.compose.uploads")}>
          {added.map((file) => (
            <AttachedFileRow
              key={file.id}
              name={file.name}
              size={file.size}
              onRemove={() => onChange(files.filter((other) => key(other) !== key(file)))}
            />
          ))}
        </Stack>
      )}
      <DriveFilePickerDialog
        opened={pickingDriveFile}
        onClose={() => setPickingDriveFile(false)}
        title={t("mailLetters.compose.fromDriveTitle")}
        onPick={(file) => {
          if (!files.some((other) => other.source === "drive" && other.id === file.id))
            onChange([...files, { id: file.id, name: file.name, size: file.size, source: "drive" }]);
        }}
      />
      {(error || tooBig) && (
        <Text size="xs" c="red">
          {error ?? t("mailLetters.compose.tooBig")}
        </Text>
      )}
    </Stack>
  );
}
