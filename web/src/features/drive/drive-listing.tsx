import { ActionIcon, Badge, Group, Menu, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import type { DriveFile, DriveFolder } from "@planerka/common";
import {
  IconClockHour4,
  IconDots,
  IconDownload,
  IconFile,
  IconFileText,
  IconFileTypePdf,
  IconFolder,
  IconFolderOpen,
  IconLink,
  IconLock,
  IconLockOpen,
  IconPencil,
  IconPhoto,
  IconShieldLock,
  IconTransfer,
  IconTrash,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { driveContentUrl, driveThumbnailUrl } from "./drive-api";
import { useBytes } from "./use-bytes";

export type FolderAction = "open" | "rename" | "move" | "access" | "share" | "delete";
export type FileAction = "preview" | "rename" | "move" | "versions" | "lock" | "unlock" | "share" | "delete";

interface ListingProps {
  /** The folder shown: its rights decide what may be done to what is in it. */
  parent: DriveFolder;
  folders: DriveFolder[];
  files: DriveFile[];
  onFolder: (folder: DriveFolder, action: FolderAction) => void;
  onFile: (file: DriveFile, action: FileAction) => void;
}

/** Folders first, then files: icon or thumbnail, name, size, when and by whom, and the row's menu. */
export function DriveListing({ parent, folders, files, onFolder, onFile }: ListingProps) {
  const { t } = useTranslation();
  const me = useMe();
  const bytes = useBytes();
  return (
    <Table verticalSpacing={6} highlightOnHover aria-label={t("drive.listing")} layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("drive.columns.name")}</Table.Th>
          <Table.Th w={100} visibleFrom="sm" ta="right">
            {t("drive.columns.size")}
          </Table.Th>
          <Table.Th w={170} visibleFrom="md">
            {t("drive.columns.updated")}
          </Table.Th>
          <Table.Th w={170} visibleFrom="xl">
            {t("drive.columns.author")}
          </Table.Th>
          <Table.Th w={44} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {folders.map((folder) => (
          <Table.Tr key={folder.id}>
            <Table.Td>
              <UnstyledButton onClick={() => onFolder(folder, "open")} style={{ display: "block", width: "100%" }}>
                <Group gap="sm" wrap="nowrap">
                  <IconFolder size={26} stroke={1.4} color="var(--mantine-color-yellow-7)" style={{ flexShrink: 0 }} />
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} truncate="end">
                      {folder.name}
                    </Text>
                    <Text size="xs" c="dimmed" hiddenFrom="md">
                      {t("drive.folder")} · {formatDateTime(folder.updatedAt, me.timeZone)}
                    </Text>
                  </Stack>
                </Group>
              </UnstyledButton>
            </Table.Td>
            <Table.Td visibleFrom="sm" ta="right">
              <Text size="sm" c="dimmed">
                —
              </Text>
            </Table.Td>
            <Table.Td visibleFrom="md">
              <Text size="sm" c="dimmed">
                {formatDateTime(folder.updatedAt, me.timeZone)}
              </Text>
            </Table.Td>
            <Table.Td visibleFrom="xl" />
            <Table.Td>
              <FolderMenu parent={parent} folder={folder} onAction={(action) => onFolder(folder, action)} />
            </Table.Td>
          </Table.Tr>
        ))}
        {files.map((file) => (
          <Table.Tr key={file.id}>
            <Table.Td>
              <UnstyledButton onClick={() => onFile(file, "preview")} style={{ display: "block", width: "100%" }}>
                <Group gap="sm" wrap="nowrap">
                  <FileIcon file={file} />
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} truncate="end">
                      {file.name}
                    </Text>
                    {file.lockedBy && (
                      <Badge
                        size="xs"
                        color="orange"
                        variant="light"
                        leftSection={<IconLock size={10} />}
                        style={{ textTransform: "none" }}
                      >
                        {t("drive.lockedBy", { name: file.lockedBy.id === me.id ? me.name : file.lockedBy.name })}
                      </Badge>
                    )}
                    <Text size="xs" c="dimmed" hiddenFrom="md">
                      {bytes(file.size)} · {formatDateTime(file.updatedAt, me.timeZone)}
                    </Text>
                  </Stack>
                </Group>
              </UnstyledButton>
            </Table.Td>
            <Table.Td visibleFrom="sm" ta="right">
              <Text size="sm">{bytes(file.size)}</Text>
            </Table.Td>
            <Table.Td visibleFrom="md">
              <Text size="sm" c="dimmed">
                {formatDateTime(file.updatedAt, me.timeZone)}
              </Text>
            </Table.Td>
            <Table.Td visibleFrom="xl">
              <Text size="sm" c="dimmed" truncate="end">
                {file.createdBy?.name ?? ""}
              </Text>
            </Table.Td>
            <Table.Td>
              <FileMenu parent={parent} file={file} onAction={(action) => onFile(file, action)} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function FileIcon({ file }: { file: DriveFile }) {
  if (file.hasThumbnail) {
    return (
      <img
        src={driveThumbnailUrl(file.id, file.versionNumber)}
        alt=""
        width={32}
        height={32}
        loading="lazy"
        style={{ objectFit: "cover", borderRadius: 4, flexShrink: 0 }}
      />
    );
  }
  const props = { size: 26, stroke: 1.4, style: { flexShrink: 0 } };
  if (file.preview === "pdf") return <IconFileTypePdf {...props} color="var(--mantine-color-red-7)" />;
  if (file.preview === "image") return <IconPhoto {...props} color="var(--mantine-color-teal-7)" />;
  if (file.preview === "text") return <IconFileText {...props} color="var(--mantine-color-blue-7)" />;
  return <IconFile {...props} color="var(--mantine-color-gray-6)" />;
}

function MenuButton({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <Menu.Target>
      <ActionIcon variant="subtle" color="gray" aria-label={t("drive.actions.menu", { name })}>
        <IconDots size={18} />
      </ActionIcon>
    </Menu.Target>
  );
}

function FolderMenu({
  parent,
  folder,
  onAction,
}: {
  parent: DriveFolder;
  folder: DriveFolder;
  onAction: (action: FolderAction) => void;
}) {
  const { t } = useTranslation();
  const icon = { size: 16, stroke: 1.6 };
  return (
    <Menu position="bottom-end" withinPortal>
      <MenuButton name={folder.name} />
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconFolderOpen {...icon} />} onClick={() => onAction("open")}>
          {t("drive.actions.open")}
        </Menu.Item>
        {parent.abilities.edit && (
          <>
            <Menu.Item leftSection={<IconPencil {...icon} />} onClick={() => onAction("rename")}>
              {t("drive.actions.rename")}
            </Menu.Item>
            <Menu.Item leftSection={<IconTransfer {...icon} />} onClick={() => onAction("move")}>
              {t("drive.actions.move")}
            </Menu.Item>
          </>
        )}
        {folder.abilities.manage && (
          <>
            <Menu.Item leftSection={<IconShieldLock {...icon} />} onClick={() => onAction("access")}>
              {t("drive.actions.access")}
            </Menu.Item>
            <Menu.Item leftSection={<IconLink {...icon} />} onClick={() => onAction("share")}>
              {t("drive.actions.share")}
            </Menu.Item>
          </>
        )}
        {parent.abilities.edit && (
          <>
            <Menu.Divider />
            <Menu.Item color="red" leftSection={<IconTrash {...icon} />} onClick={() => onAction("delete")}>
              {t("drive.actions.delete")}
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

function FileMenu({
  parent,
  file,
  onAction,
}: {
  parent: DriveFolder;
  file: DriveFile;
  onAction: (action: FileAction) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const icon = { size: 16, stroke: 1.6 };
  const edit = file.abilities.edit;
  const lockedByOther = file.lockedBy !== null && file.lockedBy.id !== me.id;
  return (
    <Menu position="bottom-end" withinPortal>
      <MenuButton name={file.name} />
      <Menu.Dropdown>
        <Menu.Item
          component="a"
          href={driveContentUrl(file.id)}
          download={file.name}
          leftSection={<IconDownload {...icon} />}
        >
          {t("drive.actions.download")}
        </Menu.Item>
        {edit && !lockedByOther && (
          <Menu.Item leftSection={<IconPencil {...icon} />} onClick={() => onAction("rename")}>
            {t("drive.actions.rename")}
          </Menu.Item>
        )}
        {edit && !lockedByOther && (
          <Menu.Item leftSection={<IconTransfer {...icon} />} onClick={() => onAction("move")}>
            {t("drive.actions.move")}
          </Menu.Item>
        )}
        <Menu.Item leftSection={<IconClockHour4 {...icon} />} onClick={() => onAction("versions")}>
          {t("drive.actions.versions")}
        </Menu.Item>
        {edit && file.lockedBy === null && (
          <Menu.Item leftSection={<IconLock {...icon} />} onClick={() => onAction("lock")}>
            {t("drive.actions.lock")}
          </Menu.Item>
        )}
        {/* The one who locked it, or whoever manages the folder when they forgot. */}
        {file.lockedBy !== null && (!lockedByOther || parent.abilities.manage) && (
          <Menu.Item leftSection={<IconLockOpen {...icon} />} onClick={() => onAction("unlock")}>
            {t("drive.actions.unlock")}
          </Menu.Item>
        )}
        {parent.abilities.manage && (
          <Menu.Item leftSection={<IconLink {...icon} />} onClick={() => onAction("share")}>
            {t("drive.actions.share")}
          </Menu.Item>
        )}
        {edit && !lockedByOther && (
          <>
            <Menu.Divider />
            <Menu.Item color="red" leftSection={<IconTrash {...icon} />} onClick={() => onAction("delete")}>
              {t("drive.actions.delete")}
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
