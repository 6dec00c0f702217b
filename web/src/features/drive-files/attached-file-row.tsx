import { ActionIcon, Group, Text } from "@mantine/core";
import { IconFile, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatSize } from "../../lib/numbers";

/** A file chosen for something being written (a post, a letter, a lesson, an article), with «убрать». */
export function AttachedFileRow({ name, size, onRemove }: { name: string; size?: number; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} role="listitem" wrap="nowrap">
      <IconFile size={14} />
      <Text size="sm" truncate>
        {name}
      </Text>
      {size !== undefined && (
        <Text size="xs" c="dimmed">
          {formatSize(size)}
        </Text>
      )}
      <ActionIcon
        size="sm"
        variant="subtle"
        color="gray"
        aria-label={t("driveFiles.removeFile", { name })}
        onClick={onRemove}
      >
        <IconX size={12} />
      </ActionIcon>
    </Group>
  );
}
