import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Breadcrumbs,
  Button,
  FileButton,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
} from "@mantine/core";
import type { DriveFolder, DriveRoots } from "@planerka/common";
import {
  IconCloudUpload,
  IconFolderPlus,
  IconShieldLock,
  IconSortAscending,
  IconSortDescending,
  IconUpload,
} from "@tabler/icons-react";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { type DragEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifySuccess, problemText } from "../../lib/notify";
import { SearchBox } from "../crm/list-kit";
import { useDriveActions } from "./drive-actions";
import { createFolder, type DriveDirection, type DriveSort, fetchDriveListing, refreshDrive } from "./drive-api";
import { DriveListing } from "./drive-listing";
import { DriveNameDialog } from "./drive-name-dialog";
import { DriveSearchResults } from "./drive-search-results";
import { UploadPanel, type useDriveUploads } from "./drive-uploads";

interface FolderViewProps {
  folderId: string;
  roots: DriveRoots;
  sort: DriveSort;
  direction: DriveDirection;
  onSort: (sort: DriveSort, direction: DriveDirection) => void;
  onOpen: (folderId: string) => void;
  /** Words searched for: the hits replace the listing, the toolbar (and its focus) stays. */
  q: string | undefined;
  onSearch: (q: string | undefined) => void;
  /** The folder and the ids above it, once known (the left panel marks its drive). */
  onLoaded: (folder: DriveFolder) => void;
  uploads: ReturnType<typeof useDriveUploads>;
}

/** Names the roots as the left panel does: «Мой диск», «Диск компании», a group's name. */
export function useRootName(roots: DriveRoots) {
  const { t } = useTranslation();
  return (id: string, name: string) => {
    if (id === roots.personal.id) return t("drive.places.personal");
    if (id === roots.company.id) return t("drive.places.company");
    return roots.groups.find((group) => group.id === id)?.groupName ?? name;
  };
}

/** A folder: breadcrumbs, the toolbar, the listing (drop files onto it) and the uploads' progress. */
export function DriveFolderView(props: FolderViewProps) {
  const { folderId, roots, q, sort, direction, onSort, onOpen, onSearch, onLoaded, uploads } = props;
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const rootName = useRootName(roots);
  const [creating, setCreating] = useState(false);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const query = useInfiniteQuery({
    queryKey: ["drive", "folder", folderId, sort, direction],
    queryFn: ({ pageParam, signal }) => fetchDriveListing(folderId, { sort, direction, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Thumbnails and extracted text are made in the background after an upload: look again until done.
    refetchInterval: (state) =>
      state.state.data?.pages.some((page) => page.files.some((file) => file.contentState === "pending")) ? 3000 : false,
  });
  const { onFolder, onFile, openAccess, dialogs } = useDriveActions({ openFolder: (folder) => onOpen(folder.id) });
  const first = query.data?.pages[0];
  const folder = first?.folder;

  useEffect(() => {
    if (folder) onLoaded(folder);
  }, [folder, onLoaded]);

  const upload = (files: File[]) => {
    if (folder && files.length > 0) uploads.add(files, folder.id);
  };

  // A drop anywhere on the panel uploads into the open folder; the counter keeps the highlight
  // steady while the pointer crosses the rows' own elements.
  const canDrop = Boolean(folder?.abilities.edit);
  const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes("Files");
  const dropHandlers = canDrop
    ? {
        onDragEnter: (event: DragEvent) => {
          if (!hasFiles(event)) return;
          event.preventDefault();
          dragDepth.current++;
          setDragging(true);
        },
        onDragOver: (event: DragEvent) => {
          if (!hasFiles(event)) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = "copy";
        },
        onDragLeave: () => {
          dragDepth.current = Math.max(0, dragDepth.current - 1);
          if (dragDepth.current === 0) setDragging(false);
        },
        onDrop: (event: DragEvent) => {
          event.preventDefault();
          dragDepth.current = 0;
          setDragging(false);
          upload([...event.dataTransfer.files]);
        },
      }
    : {
        // Read only: a file dropped here must not make the browser leave the portal to open it.
        onDragOver: (event: DragEvent) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = "none";
        },
        onDrop: (event: DragEvent) => event.preventDefault(),
      };

  const sortOptions = [
    { value: "name", label: t("drive.toolbar.sortName") },
    { value: "updatedAt", label: t("drive.toolbar.sortUpdatedAt") },
    { value: "size", label: t("drive.toolbar.sortSize") },
  ];

  const files = query.data?.pages.flatMap((page) => page.files) ?? [];
  const empty = first && first.folders.length === 0 && files.length === 0;

  return (
    <Stack gap="sm">
      {folder ? (
        <Box component="nav" aria-label={t("drive.breadcrumbs")}>
          <Breadcrumbs separatorMargin={4} style={{ flexWrap: "wrap", rowGap: 4 }}>
            {folder.path.map((item) => (
              <Anchor key={item.id} component="button" type="button" size="sm" onClick={() => onOpen(item.id)}>
                {rootName(item.id, item.name)}
              </Anchor>
            ))}
            <Text size="sm" fw={600} aria-current="page">
              {rootName(folder.id, folder.name)}
            </Text>
          </Breadcrumbs>
        </Box>
      ) : (
        <Skeleton h={20} w={240} />
      )}
      <Group gap="xs" wrap="wrap">
        {folder?.abilities.edit && (
          <>
            <Button leftSection={<IconFolderPlus size={16} />} variant="default" onClick={() => setCreating(true)}>
              {t("drive.toolbar.newFolder")}
            </Button>
            <FileButton onChange={(chosen) => upload(chosen)} multiple>
              {(props) => (
                <Button leftSection={<IconUpload size={16} />} {...props}>
                  {t("drive.toolbar.upload")}
                </Button>
              )}
            </FileButton>
          </>
        )}
        {folder?.abilities.manage && (
          <Button variant="subtle" leftSection={<IconShieldLock size={16} />} onClick={() => openAccess(folder)}>
            {t("drive.actions.access")}
          </Button>
        )}
        {folder && !folder.abilities.edit && (
          <Badge variant="light" color="gray">
            {t("drive.readOnly")}
          </Badge>
        )}
        <Group gap="xs" wrap="wrap" style={{ flex: "1 1 340px" }}>
          <SearchBox value={q} placeholder={t("drive.toolbar.search")} onChange={onSearch} />
          <Group gap={4} wrap="nowrap">
            <Select
              aria-label={t("drive.toolbar.sort")}
              data={sortOptions}
              value={sort}
              allowDeselect={false}
              onChange={(value) => onSort((value as DriveSort) ?? "name", direction)}
              w={190}
            />
            <ActionIcon
              variant="default"
              size="input-sm"
              aria-label={direction === "asc" ? t("drive.toolbar.ascending") : t("drive.toolbar.descending")}
              title={direction === "asc" ? t("drive.toolbar.ascending") : t("drive.toolbar.descending")}
              onClick={() => onSort(sort, direction === "asc" ? "desc" : "asc")}
            >
              {direction === "asc" ? <IconSortAscending size={18} /> : <IconSortDescending size={18} />}
            </ActionIcon>
          </Group>
        </Group>
      </Group>
      <UploadPanel items={uploads.items} onCancel={uploads.cancel} onHide={uploads.clearFinished} />
      {q ? <DriveSearchResults q={q} onOpen={onOpen} /> : null}
      <Paper
        display={q ? "none" : undefined}
        withBorder
        radius="md"
        pos="relative"
        data-testid="drive-drop-zone"
        style={{ minHeight: 220, outline: dragging ? "2px dashed var(--mantine-color-blue-5)" : undefined }}
        {...dropHandlers}
      >
        {dragging && folder && (
          <Box
            pos="absolute"
            inset={0}
            style={{
              zIndex: 2,
              background: "color-mix(in srgb, var(--mantine-color-blue-1) 85%, transparent)",
              pointerEvents: "none",
            }}
          >
            <Stack align="center" justify="center" h="100%" gap={4}>
              <IconCloudUpload size={36} stroke={1.4} color="var(--mantine-color-blue-6)" />
              <Text c="blue.8" fw={500}>
                {t("drive.dropHere", { folder: rootName(folder.id, folder.name) })}
              </Text>
            </Stack>
          </Box>
        )}
        {query.error && !first ? (
          <Text c="red" p="md">
            {problemText(query.error)}
          </Text>
        ) : !first || !folder ? (
          <Skeleton h={220} />
        ) : empty ? (
          <Stack align="center" gap="xs" p="xl">
            <IconCloudUpload size={36} stroke={1.3} color="var(--mantine-color-dimmed)" />
            <Text c="dimmed" ta="center">
              {folder.abilities.edit ? t("drive.empty") : t("drive.emptyReadOnly")}
            </Text>
          </Stack>
        ) : (
          <DriveListing parent={folder} folders={first.folders} files={files} onFolder={onFolder} onFile={onFile} />
        )}
      </Paper>
      {query.hasNextPage && !q && (
        <Group justify="center" gap="sm">
          <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t("drive.showMore")}
          </Button>
          <Text size="xs" c="dimmed">
            {t("drive.fileCount", { files: first?.fileCount ?? 0 })}
          </Text>
        </Group>
      )}
      <DriveNameDialog
        opened={creating}
        title={t("drive.newFolder.title")}
        initial=""
        onClose={() => setCreating(false)}
        onSubmit={async (name) => {
          if (!folder) return;
          await createFolder(folder.id, name);
          setCreating(false);
          notifySuccess(t("drive.newFolder.created"));
          refreshDrive(queryClient);
        }}
      />
      {dialogs}
    </Stack>
  );
}
