import { Button, Group, Loader, NavLink, ScrollArea, Stack, Text } from "@mantine/core";
import type { DriveFolder } from "@planerka/common";
import { IconChevronRight, IconFolder } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../lib/form-modal";
import { notifyError } from "../../lib/notify";
import { driveRootsQuery, driveSubfoldersQuery } from "./drive-api";

interface MoveTarget {
  /** The folder being moved, which cannot go into itself; null for a file. */
  folderId: string | null;
  name: string;
  /** Where it is now. */
  parentId: string | null;
}

/** «Переместить»: a tree of the drives the caller reaches; only folders they may add to can be chosen. */
export function DriveMoveDialog({
  target,
  onClose,
  onMove,
}: {
  target: MoveTarget | null;
  onClose: () => void;
  onMove: (folderId: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  return (
    <FormModal opened={target !== null} onClose={onClose} title={t("drive.move.title", { name: target?.name ?? "" })}>
      {target && <MoveForm target={target} onCancel={onClose} onMove={onMove} />}
    </FormModal>
  );
}

function MoveForm({
  target,
  onCancel,
  onMove,
}: {
  target: MoveTarget;
  onCancel: () => void;
  onMove: (folderId: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const roots = useQuery(driveRootsQuery);
  const [chosen, setChosen] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async () => {
    if (!chosen) return;
    setPending(true);
    try {
      await onMove(chosen);
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(false);
    }
  };

  const tops: DriveFolder[] = roots.data
    ? [roots.data.personal, roots.data.company, ...roots.data.groups, ...roots.data.shared]
    : [];
  const label = (folder: DriveFolder) => {
    if (!roots.data) return folder.name;
    if (folder.id === roots.data.personal.id) return t("drive.places.personal");
    if (folder.id === roots.data.company.id) return t("drive.places.company");
    return roots.data.groups.find((group) => group.id === folder.id)?.groupName ?? folder.name;
  };

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t("drive.move.target")}
      </Text>
      <ScrollArea.Autosize mah={360} type="auto">
        {roots.data ? (
          tops.map((folder) => (
            <FolderNode
              key={folder.id}
              folder={folder}
              label={label(folder)}
              target={target}
              chosen={chosen}
              onChoose={setChosen}
            />
          ))
        ) : (
          <Loader size="sm" />
        )}
      </ScrollArea.Autosize>
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} disabled={pending}>
          {t("common.cancel")}
        </Button>
        <Button onClick={() => void submit()} loading={pending} disabled={!chosen}>
          {t("drive.move.submit")}
        </Button>
      </Group>
    </Stack>
  );
}

function FolderNode({
  folder,
  label,
  target,
  chosen,
  onChoose,
}: {
  folder: DriveFolder;
  label: string;
  target: MoveTarget;
  chosen: string | null;
  onChoose: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const itself = folder.id === target.folderId;
  const selectable = folder.abilities.edit && !itself && folder.id !== target.parentId;
  return (
    <NavLink
      component="button"
      label={label}
      description={folder.abilities.edit ? undefined : t("drive.move.noEdit")}
      leftSection={<IconFolder size={16} stroke={1.6} />}
      rightSection={
        itself ? null : (
          <IconChevronRight
            size={14}
            style={{ transform: opened ? "rotate(90deg)" : undefined, transition: "transform 120ms" }}
          />
        )
      }
      active={chosen === folder.id}
      disabled={itself}
      opened={opened}
      onClick={() => {
        setOpened((current) => !current);
        if (selectable) onChoose(folder.id);
      }}
      childrenOffset={18}
    >
      {/* Sub-folders load only once a folder is opened: the tree may be deep and wide. */}
      {opened && !itself ? <Children folderId={folder.id} target={target} chosen={chosen} onChoose={onChoose} /> : null}
    </NavLink>
  );
}

function Children({
  folderId,
  target,
  chosen,
  onChoose,
}: {
  folderId: string;
  target: MoveTarget;
  chosen: string | null;
  onChoose: (id: string) => void;
}) {
  const query = useQuery(driveSubfoldersQuery(folderId));
  if (!query.data) return <Loader size="xs" m={6} />;
  return (
    <>
      {query.data.map((child) => (
        <FolderNode
          key={child.id}
          folder={child}
          label={child.name}
          target={target}
          chosen={chosen}
          onChoose={onChoose}
        />
      ))}
    </>
  );
}
