import { Anchor, Group, Stack, Text } from "@mantine/core";
import type { MailFile } from "@planerka/common";
import { IconPaperclip } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatSize } from "../../lib/numbers";
import { letterAttachmentUrl } from "./mail-api";

/** A letter's files on the timeline, each a download (the server checks the letter's visibility). */
export function LetterAttachmentList({ letterId, files }: { letterId: string; files: MailFile[] | undefined }) {
  const { t } = useTranslation();
  if (!files || files.length === 0) return null;
  return (
    <Stack gap={2} mt={4} role="list" aria-label={t("mailLetters.timeline.attachments")}>
      {files.map((file) => (
        <Group key={file.id} gap={6} wrap="nowrap" role="listitem">
          <IconPaperclip size={14} aria-hidden />
          <Anchor href={letterAttachmentUrl(letterId, file.id)} download={file.name} size="sm" truncate>
            {file.name}
          </Anchor>
          <Text size="xs" c="dimmed">
            {formatSize(file.size)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
