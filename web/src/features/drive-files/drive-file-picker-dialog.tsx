import {
  Anchor,
  Button,
  Group,
  Loader,
  ScrollArea,
  Select,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import type { DriveFile, DriveFolder, DriveRoots } from "@planerka/common";
import { IconChevronRight, IconFolder, IconSearch } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../lib/form-modal";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { driveRootsQuery, driveSearchQuery, fetchDriveListing } from "../drive/drive-api";
import { useBytes } from "../drive/use-bytes";
import { DriveFileIcon } from "./drive-file-icon";
import { type AttachmentTarget, attachFile, refreshAttachments } from "./record-files-api";

/** «С диска»: browse the drives the caller reaches, or search them, and attach one file to the record. */
export function AttachFromDriveDialog({
  opened,
  target,
  onClose,
}: {
  opened: boolean;
  target: AttachmentTarget;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <DriveFilePickerDialog
      opened={opened}
      onClose={onClose}
      onPick={async (file) => {
        await attachFile(target, file.id);
        notifySuccess(t("driveFiles.attached", { name: file.name }));
        refreshAttachments(queryClient, target);
      }}
    />
  );
}

/**
 * Picks one drive file the caller may read (browsing the drives, or searching them) and hands it
 * to `onPick`: a record attaches it, a chat message or a letter carries it. The dialog closes once
 * `onPick` succeeds; its error is shown and the dialog stays.
 */
export function DriveFilePickerDialog({
  opened,
  onClose,
  onPick,
  title,
  action,
}: {
  opened: boolean;
  onClose: () => void;
  onPick: (file: DriveFile) => Promise<void> | void;
  title?: string;
  action?: string;
}) {
  const { t } = useTranslation();
  return (
    <FormModal opened={opened} onClose={onClose} title={title ?? t("driveFiles.picker.title")}>
      {opened && <Picker onPick={onPick} onClose={onClose} action={action ?? t("driveFiles.picker.attach")} />}
    </FormModal>
  );
}

function driveOptions(roots: DriveRoots, t: (key: "drive.places.personal" | "drive.places.company") => string) {
  return [
    { value: roots.personal.id, label: t("drive.places.personal") },
    { value: roots.company.id, label: t("drive.places.company") },
    ...roots.groups.map((group) => ({ value: group.id, label: group.groupName })),
    ...roots.shared.map((folder) => ({ value: folder.id, label: folder.name })),
  ];
}

function Picker({
  onPick,
  onClose,
  action,
}: {
  onPick: (file: DriveFile) => Promise<void> | void;
  onClose: () => void;
  action: string;
}) {
  const { t } = useTranslation();
  const roots = useQuery(driveRootsQuery);
  const [driveId, setDriveId] = useState<string | null>(null);
  const [folderId, setFolderId] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const [chosen, setChosen] = useState<DriveFile | null>(null);
  const [pending, setPending] = useState(false);

  const rootId = driveId ?? roots.data?.personal.id ?? null;
  const openId = folderId ?? rootId;

  const submit = async () => {
    if (!chosen) return;
    setPending(true);
    try {
      await onPick(chosen);
      onClose();
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(false);
    }
  };

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t("driveFiles.picker.drive")}
          data={roots.data ? driveOptions(roots.data, t) : []}
          value={rootId}
          onChange={(value) => {
            setDriveId(value);
            setFolderId(null);
            setSearch("");
          }}
          allowDeselect={false}
          style={{ flex: "1 1 180px" }}
        />
        <TextInput
          label={t("driveFiles.picker.search")}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          style={{ flex: "2 1 220px" }}
        />
      </Group>
      <ScrollArea.Autosize mah={380} type="auto">
        {q ? (
          <SearchHits q={q} chosen={chosen} onChoose={setChosen} />
        ) : openId ? (
          <FolderFiles folderId={openId} chosen={chosen} onOpen={setFolderId} onChoose={setChosen} />
        ) : (
          <Loader size="sm" />
        )}
      </ScrollArea.Autosize>
      <Text size="sm" c={chosen ? undefined : "dimmed"} truncate="end">
        {chosen ? t("driveFiles.picker.chosen", { name: chosen.name }) : t("driveFiles.picker.choose")}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} disabled={pending}>
          {t("common.cancel")}
        </Button>
        <Button onClick={() => void submit()} loading={pending} disabled={!chosen}>
          {action}
        </Button>
      </Group>
    </Stack>
  );
}

function FolderFiles({
  folderId,
  chosen,
  onOpen,
  onChoose,
}: {
  folderId: string;
  chosen: DriveFile | null;
  onOpen: (id: string) => void;
  onChoose: (file: DriveFile) => void;
}) {
  const { t } = useTranslation();
  const listing = useQuery({
    queryKey: ["drive", "picker", folderId],
    queryFn: ({ signal }) => fetchDriveListing(folderId, { sort: "name", direction: "asc" }, signal),
  });
  if (listing.error) return <Text c="red">{problemText(listing.error)}</Text>;
  if (!listing.data) return <Loader size="sm" />;
  const { folder, folders, files } = listing.data;
  return (
    <Stack gap={4}>
      <PathLinks folder={folder} onOpen={onOpen} />
      <Stack component="ul" gap={0} m={0} p={0} style={listStyle} aria-label={t("driveFiles.picker.listing")}>
        {folders.map((child) => (
          <FolderRow key={child.id} folder={child} onOpen={() => onOpen(child.id)} />
        ))}
        {files.map((file) => (
          <FileRow key={file.id} file={file} chosen={chosen?.id === file.id} onChoose={() => onChoose(file)} />
        ))}
      </Stack>
      {files.length === 0 && (
        <Text size="sm" c="dimmed" p="xs">
          {t("driveFiles.picker.empty")}
        </Text>
      )}
    </Stack>
  );
}

/** Where the open folder is, each step a way back up; the drive's root is named by the select above. */
function PathLinks({ folder, onOpen }: { folder: DriveFolder; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  if (folder.path.length === 0) return null;
  const steps = [...folder.path.slice(1), { id: folder.id, name: folder.name }];
  return (
    <Group component="nav" gap={4} wrap="wrap" aria-label={t("driveFiles.picker.path")}>
      <Anchor component="button" type="button" size="sm" onClick={() => onOpen(folder.path[0]!.id)}>
        /
      </Anchor>
      {steps.map((step, index) => (
        <Group key={step.id} gap={4} wrap="nowrap">
          {index > 0 && <IconChevronRight size={12} />}
          {step.id === folder.id ? (
            <Text size="sm" fw={500}>
              {step.name}
            </Text>
          ) : (
            <Anchor component="button" type="button" size="sm" onClick={() => onOpen(step.id)}>
              {step.name}
            </Anchor>
          )}
        </Group>
      ))}
    </Group>
  );
}

const listStyle = { listStyle: "none" } as const;

const rowStyle = (active: boolean) => ({
  display: "block",
  width: "100%",
  padding: "6px 8px",
  borderRadius: "var(--mantine-radius-sm)",
  background: active ? "var(--mantine-color-blue-light)" : undefined,
});

function FolderRow({ folder, onOpen }: { folder: DriveFolder; onOpen: () => void }) {
  return (
    <li>
      <UnstyledButton onClick={onOpen} style={rowStyle(false)}>
        <Group gap="sm" wrap="nowrap">
          <IconFolder size={26} stroke={1.4} color="var(--mantine-color-yellow-7)" style={{ flexShrink: 0 }} />
          <Text size="sm" fw={500} truncate="end">
            {folder.name}
          </Text>
        </Group>
      </UnstyledButton>
    </li>
  );
}

function FileRow({
  file,
  chosen,
  onChoose,
  where,
}: {
  file: DriveFile;
  chosen: boolean;
  onChoose: () => void;
  where?: string;
}) {
  const bytes = useBytes();
  return (
    <li>
      <UnstyledButton aria-pressed={chosen} onClick={onChoose} style={rowStyle(chosen)}>
        <Group gap="sm" wrap="nowrap">
          <DriveFileIcon file={file} />
          <Stack gap={0} miw={0}>
            <Text size="sm" truncate="end">
              {file.name}
            </Text>
            <Text size="xs" c="dimmed" truncate="end">
              {[bytes(file.size), where].filter(Boolean).join(" · ")}
            </Text>
          </Stack>
        </Group>
      </UnstyledButton>
    </li>
  );
}

function SearchHits({
  q,
  chosen,
  onChoose,
}: {
  q: string;
  chosen: DriveFile | null;
  onChoose: (file: DriveFile) => void;
}) {
  const { t } = useTranslation();
  const query = useQuery(driveSearchQuery(q));
  if (query.error) return <Text c="red">{problemText(query.error)}</Text>;
  if (!query.data) return <Loader size="sm" />;
  if (query.data.items.length === 0) {
    return (
      <Text size="sm" c="dimmed" p="xs">
        {t("driveFiles.picker.nothingFound")}
      </Text>
    );
  }
  return (
    <Stack component="ul" gap={0} m={0} p={0} style={listStyle} aria-label={t("driveFiles.picker.listing")}>
      {query.data.items.map((hit) => (
        <FileRow
          key={hit.file.id}
          file={hit.file}
          chosen={chosen?.id === hit.file.id}
          onChoose={() => onChoose(hit.file)}
          where={hit.path.map((step) => step.name).join(" / ")}
        />
      ))}
    </Stack>
  );
}
