import { ActionIcon, Checkbox, Group, Progress, Stack, Text, TextInput } from "@mantine/core";
import type { ChecklistItem, TaskDetail } from "@planerka/common";
import { IconCheck, IconPencil, IconPlus, IconTrash, IconX } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../lib/notify";
import { CardSection } from "../crm/card-kit";
import { addChecklistItem, deleteChecklistItem, refreshTaskViews, taskQuery, updateChecklistItem } from "./tasks-api";

/** The card's checklist: tick, add, rename and delete items; the tick shows at once. */
export function TaskChecklist({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState("");
  const [saving, setSaving] = useState(false);
  const canEdit = task.abilities.edit;
  const canTick = task.abilities.edit || task.abilities.changeStatus;
  const items = [...task.checklist].sort((a, b) => a.sort - b.sort);
  const done = items.filter((item) => item.done).length;

  const refresh = () => {
    refreshTaskViews(queryClient, task.id);
  };

  /** The cached card changes before the server answers; the answer (or a failure) reloads it. */
  const patchCached = (itemId: string, change: Partial<ChecklistItem>) =>
    queryClient.setQueryData(taskQuery(task.id).queryKey, (current) =>
      current
        ? {
            ...current,
            checklist: current.checklist.map((item) => (item.id === itemId ? { ...item, ...change } : item)),
          }
        : current,
    );

  const toggle = async (item: ChecklistItem, checked: boolean) => {
    patchCached(item.id, { done: checked });
    // A reload already on its way (after another change) would land after the tick and undo it: it
    // is dropped, keeping the tick; the answer below reloads the card anyway.
    void queryClient.cancelQueries({ queryKey: taskQuery(task.id).queryKey }, { revert: false });
    try {
      await updateChecklistItem(task.id, item.id, { done: checked });
    } catch (error) {
      notifyError(error);
    }
    refresh();
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const title = adding.trim();
    if (!title) return;
    setSaving(true);
    try {
      await addChecklistItem(task.id, title);
      setAdding("");
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
    refresh();
  };

  return (
    <CardSection
      title={t("tasks.checklist.title")}
      action={
        items.length > 0 ? (
          <Text size="sm" c="dimmed">
            {t("tasks.checklist.progress", { done, total: items.length })}
          </Text>
        ) : undefined
      }
    >
      <Stack gap="xs">
        {items.length > 0 && <Progress value={(done / items.length) * 100} size="sm" color="teal" aria-hidden />}
        {items.length === 0 && !canEdit && (
          <Text size="sm" c="dimmed">
            {t("tasks.checklist.empty")}
          </Text>
        )}
        <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
          {items.map((item) => (
            <ChecklistRow
              key={item.id}
              item={item}
              canEdit={canEdit}
              canTick={canTick}
              onToggle={(checked) => void toggle(item, checked)}
              onRename={async (title) => {
                patchCached(item.id, { title });
                try {
                  await updateChecklistItem(task.id, item.id, { title });
                } catch (error) {
                  notifyError(error);
                }
                refresh();
              }}
              onDelete={async () => {
                try {
                  await deleteChecklistItem(task.id, item.id);
                } catch (error) {
                  notifyError(error);
                }
                refresh();
              }}
            />
          ))}
        </Stack>
        {canEdit && (
          <form onSubmit={add}>
            <Group gap={6} wrap="nowrap">
              <TextInput
                aria-label={t("tasks.checklist.placeholder")}
                placeholder={t("tasks.checklist.placeholder")}
                value={adding}
                maxLength={500}
                onChange={(event) => setAdding(event.currentTarget.value)}
                size="sm"
                style={{ flex: 1 }}
              />
              <ActionIcon
                type="submit"
                size="input-sm"
                variant="light"
                loading={saving}
                disabled={!adding.trim()}
                aria-label={t("tasks.checklist.add")}
              >
                <IconPlus size={16} />
              </ActionIcon>
            </Group>
          </form>
        )}
      </Stack>
    </CardSection>
  );
}

interface ChecklistRowProps {
  item: ChecklistItem;
  canEdit: boolean;
  canTick: boolean;
  onToggle: (checked: boolean) => void;
  onRename: (title: string) => Promise<void>;
  onDelete: () => Promise<void>;
}

function ChecklistRow({ item, canEdit, canTick, onToggle, onRename, onDelete }: ChecklistRowProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);

  if (editing !== null) {
    const save = async (event: FormEvent) => {
      event.preventDefault();
      const title = editing.trim();
      if (title && title !== item.title) await onRename(title);
      setEditing(null);
    };
    return (
      <li>
        <form onSubmit={save}>
          <Group gap={6} wrap="nowrap">
            <TextInput
              aria-label={t("tasks.checklist.rename", { title: item.title })}
              value={editing}
              maxLength={500}
              autoFocus
              onChange={(event) => setEditing(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === "Escape") setEditing(null);
              }}
              size="xs"
              style={{ flex: 1 }}
            />
            <ActionIcon type="submit" variant="light" aria-label={t("common.save")}>
              <IconCheck size={14} />
            </ActionIcon>
            <ActionIcon variant="subtle" color="gray" aria-label={t("common.cancel")} onClick={() => setEditing(null)}>
              <IconX size={14} />
            </ActionIcon>
          </Group>
        </form>
      </li>
    );
  }

  return (
    <Group component="li" gap={6} wrap="nowrap" justify="space-between" data-done={item.done || undefined}>
      <Checkbox
        checked={item.done}
        disabled={!canTick}
        onChange={(event) => onToggle(event.currentTarget.checked)}
        label={
          <Text size="sm" td={item.done ? "line-through" : undefined} c={item.done ? "dimmed" : undefined}>
            {item.title}
          </Text>
        }
        aria-label={t("tasks.checklist.toggle", { title: item.title })}
        style={{ flex: 1, minWidth: 0 }}
      />
      {canEdit && (
        <Group gap={2} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t("tasks.checklist.rename", { title: item.title })}
            onClick={() => setEditing(item.title)}
          >
            <IconPencil size={14} />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            size="sm"
            aria-label={t("tasks.checklist.remove", { title: item.title })}
            onClick={() => void onDelete()}
          >
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      )}
    </Group>
  );
}
