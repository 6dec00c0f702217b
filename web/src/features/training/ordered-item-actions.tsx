import { ActionIcon, Group } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconPencil, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/** A course editor row's buttons: move up and down, edit, remove — each named after the item for screen readers. */
export function OrderedItemActions({
  title,
  index,
  count,
  onMove,
  onEdit,
  onRemove,
}: {
  title: string;
  index: number;
  count: number;
  onMove: (index: number, step: -1 | 1) => void;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon
        variant="subtle"
        color="gray"
        disabled={index === 0}
        onClick={() => onMove(index, -1)}
        aria-label={t("courses.editor.moveUp", { title })}
      >
        <IconArrowUp size={16} />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="gray"
        disabled={index === count - 1}
        onClick={() => onMove(index, 1)}
        aria-label={t("courses.editor.moveDown", { title })}
      >
        <IconArrowDown size={16} />
      </ActionIcon>
      <ActionIcon variant="subtle" onClick={onEdit} aria-label={t("courses.editor.editNamed", { title })}>
        <IconPencil size={16} />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="red"
        onClick={onRemove}
        aria-label={t("courses.editor.removeNamed", { title })}
      >
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}
