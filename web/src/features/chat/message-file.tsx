import { Anchor, Group, Image, Modal, Text } from "@mantine/core";
import type { ChatFile } from "@planerka/common";
import { IconDownload, IconPaperclip } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatSize } from "../../lib/numbers";
import classes from "./chat.module.css";
import { chatFileUrl } from "./chat-api";

/** A picture as a thumbnail that opens full size; any other file as a download link. */
export function FileView({ chatId, file }: { chatId: string; file: ChatFile }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const url = chatFileUrl(chatId, file.id);
  if (file.isImage) {
    return (
      <>
        <button
          type="button"
          className={classes.thumbButton}
          onClick={() => setOpen(true)}
          aria-label={t("chat.message.openImage", { name: file.name })}
        >
          <img className={classes.thumb} src={url} alt={file.name} loading="lazy" />
        </button>
        <Modal opened={open} onClose={() => setOpen(false)} title={file.name} size="auto" centered>
          <Image src={url} alt={file.name} fit="contain" mah="80vh" maw="90vw" />
          <Anchor href={url} download={file.name} size="sm" mt="xs" display="inline-block">
            <Group gap={4}>
              <IconDownload size={14} />
              {t("chat.message.download", { name: file.name })}
            </Group>
          </Anchor>
        </Modal>
      </>
    );
  }
  return (
    <Anchor
      href={url}
      download={file.name}
      size="sm"
      display="block"
      my={2}
      aria-label={t("chat.message.download", { name: file.name })}
    >
      <Group gap={6} wrap="nowrap">
        <IconPaperclip size={16} style={{ flexShrink: 0 }} />
        <Text size="sm" span truncate>
          {file.name}
        </Text>
        <Text size="xs" c="dimmed" span style={{ flexShrink: 0 }}>
          {formatSize(file.size)}
        </Text>
      </Group>
    </Anchor>
  );
}
