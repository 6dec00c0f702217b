import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Modal,
  Popover,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from "@mantine/core";
import { IconBookmark, IconBookmarkPlus, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { handleFormError, notifyError, notifySuccess } from "../../lib/notify";
import classes from "./crm.module.css";
import { type CrmEntity, createSavedFilter, deleteSavedFilter, type SavedFilter, savedFiltersQuery } from "./crm-api";
import { type CrmListSearch, crmListSearchValidator, savedParams } from "./crm-search";

interface SavedFiltersButtonProps {
  entity: CrmEntity;
  search: CrmListSearch;
  onApply: (search: CrmListSearch) => void;
}

/** Personal saved filters: save the current one, pick one, delete one. */
export function SavedFiltersButton({ entity, search, onApply }: SavedFiltersButtonProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [naming, setNaming] = useState(false);
  const { data } = useQuery({ ...savedFiltersQuery(entity), enabled: opened });
  const items = data?.items ?? [];
  const current = savedParams(entity, search);
  const hasCurrent = Object.keys(current).length > 0;

  const apply = (filter: SavedFilter) => {
    const validated = crmListSearchValidator(entity)(filter.params);
    // The view (list or kanban) is a matter of taste, not of the filter.
    onApply({ ...validated, view: search.view });
    setOpened(false);
  };

  const remove = async (filter: SavedFilter) => {
    try {
      await deleteSavedFilter(filter.id);
      await queryClient.invalidateQueries({ queryKey: savedFiltersQuery(entity).queryKey });
      notifySuccess(t("crm.saved.deleted"));
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <>
      <Popover opened={opened} onChange={setOpened} position="bottom-start" width={300} shadow="md">
        <Popover.Target>
          <Button
            variant="default"
            leftSection={<IconBookmark size={16} />}
            onClick={() => setOpened((open) => !open)}
            aria-expanded={opened}
          >
            {t("crm.saved.button")}
          </Button>
        </Popover.Target>
        <Popover.Dropdown p="xs">
          <Stack gap={4}>
            {items.length === 0 ? (
              <Text size="sm" c="dimmed" px="xs" py={4}>
                {data ? t("crm.saved.none") : t("app.loading")}
              </Text>
            ) : (
              <ScrollArea.Autosize mah={260}>
                <Stack gap={2}>
                  {items.map((filter) => (
                    <Group key={filter.id} gap={4} wrap="nowrap" justify="space-between">
                      <UnstyledButton
                        onClick={() => apply(filter)}
                        px="xs"
                        py={6}
                        style={{ flex: 1, borderRadius: 4, minWidth: 0 }}
                        className={classes.hoverable}
                      >
                        <Text size="sm" truncate>
                          {filter.name}
                        </Text>
                      </UnstyledButton>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t("crm.saved.delete", { name: filter.name })}
                        onClick={() => void remove(filter)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Group>
                  ))}
                </Stack>
              </ScrollArea.Autosize>
            )}
            <Divider my={4} />
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconBookmarkPlus size={16} />}
              disabled={!hasCurrent}
              onClick={() => {
                setOpened(false);
                setNaming(true);
              }}
            >
              {t("crm.saved.saveCurrent")}
            </Button>
            {!hasCurrent && (
              <Text size="xs" c="dimmed" px="xs">
                {t("crm.saved.nothingToSave")}
              </Text>
            )}
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <SaveFilterModal
        opened={naming}
        onClose={() => setNaming(false)}
        onSave={async (name) => {
          await createSavedFilter(entity, name, current);
          await queryClient.invalidateQueries({ queryKey: savedFiltersQuery(entity).queryKey });
          notifySuccess(t("crm.saved.saved"));
        }}
      />
    </>
  );
}

interface SaveFilterModalProps {
  opened: boolean;
  onClose: () => void;
  onSave: (name: string) => Promise<void>;
}

function SaveFilterModal({ opened, onClose, onSave }: SaveFilterModalProps) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError(t("errors.required"));
    setPending(true);
    try {
      await onSave(name.trim());
      setName("");
      onClose();
    } catch (caught) {
      handleFormError(caught, { setErrors: (errors) => setError(errors.name) });
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{t("crm.saved.title")}</Text>} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t("crm.saved.name")}
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setError(undefined);
            }}
            error={error}
            required
            maxLength={100}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={pending}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={pending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
