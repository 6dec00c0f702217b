import { ActionIcon, Button, Group, Menu, Stack, Text, TextInput } from "@mantine/core";
import type { SalesBookSection } from "@planerka/common";
import { IconArrowDown, IconArrowUp, IconDots, IconPencil, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../lib/api";
import { ConfirmModal } from "../../lib/confirm-modal";
import { FormModal } from "../../lib/form-modal";
import { notifyError, notifySuccess } from "../../lib/notify";
import {
  createSection,
  deleteSection,
  refreshSalesBook,
  renameSection,
  reorderSections,
  salesBookSectionsQuery,
} from "./sales-book-api";

/** «Новый раздел» or renaming one: a title, unique in the book (the server says so when it is not). */
export function SectionFormDialog({
  opened,
  onClose,
  section,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  section?: SalesBookSection;
  onSaved?: (section: SalesBookSection) => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={section ? t("salesBook.sectionForm.renameTitle") : t("salesBook.sectionForm.createTitle")}
    >
      {opened && <SectionForm section={section} onClose={onClose} onSaved={onSaved} />}
    </FormModal>
  );
}

function SectionForm({
  section,
  onClose,
  onSaved,
}: {
  section?: SalesBookSection;
  onClose: () => void;
  onSaved?: (section: SalesBookSection) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(section?.title ?? "");
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return setError(t("errors.required"));
    setSaving(true);
    try {
      const saved = section ? await renameSection(section.id, title.trim()) : await createSection(title.trim());
      refreshSalesBook(queryClient);
      notifySuccess(section ? t("salesBook.sectionForm.renamed") : t("salesBook.sectionForm.created"));
      onSaved?.(saved);
      onClose();
    } catch (caught) {
      const field = caught instanceof ProblemError ? caught.fieldErrors().title : undefined;
      if (field) setError(field);
      else notifyError(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t("salesBook.sectionForm.title")}
          value={title}
          onChange={(event) => {
            setTitle(event.currentTarget.value);
            setError(undefined);
          }}
          error={error}
          maxLength={200}
          required
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={saving}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={saving}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A section's actions for those who manage the book: rename, move up or down, delete when empty. */
export function SectionMenu({
  section,
  sections,
  onDeleted,
}: {
  section: SalesBookSection;
  sections: readonly SalesBookSection[];
  onDeleted?: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const index = sections.findIndex((other) => other.id === section.id);

  const move = async (by: -1 | 1) => {
    const order = sections.map((other) => other.id);
    const [taken] = order.splice(index, 1);
    order.splice(index + by, 0, taken!);
    try {
      queryClient.setQueryData(salesBookSectionsQuery.queryKey, await reorderSections(order));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t("salesBook.sectionMenu.label", { title: section.title })}
          >
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setRenaming(true)}>
            {t("salesBook.sectionMenu.rename")}
          </Menu.Item>
          <Menu.Item leftSection={<IconArrowUp size={16} />} disabled={index <= 0} onClick={() => void move(-1)}>
            {t("salesBook.sectionMenu.up")}
          </Menu.Item>
          <Menu.Item
            leftSection={<IconArrowDown size={16} />}
            disabled={index < 0 || index >= sections.length - 1}
            onClick={() => void move(1)}
          >
            {t("salesBook.sectionMenu.down")}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={16} />}
            disabled={!section.abilities.delete}
            onClick={() => setDeleting(true)}
          >
            {t("salesBook.sectionMenu.delete")}
          </Menu.Item>
          {!section.abilities.delete && (
            <Text size="xs" c="dimmed" px="sm" pb={4} maw={240}>
              {t("salesBook.sectionMenu.notEmpty")}
            </Text>
          )}
        </Menu.Dropdown>
      </Menu>
      <SectionFormDialog opened={renaming} onClose={() => setRenaming(false)} section={section} />
      <ConfirmModal
        opened={deleting}
        title={t("salesBook.sectionMenu.deleteTitle")}
        message={t("salesBook.sectionMenu.deleteConfirm", { title: section.title })}
        confirmLabel={t("salesBook.sectionMenu.delete")}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await deleteSection(section.id);
          notifySuccess(t("salesBook.sectionMenu.deleted"));
          refreshSalesBook(queryClient);
          onDeleted?.();
        }}
      />
    </>
  );
}
