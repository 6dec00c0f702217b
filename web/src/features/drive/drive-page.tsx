import { Box, Flex, Skeleton, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { DriveFolder } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../lib/list-page";
import { problemText } from "../../lib/notify";
import { type DriveDirection, type DriveSort, driveRootsQuery } from "./drive-api";
import { DriveFolderView } from "./drive-folder-view";
import { type DrivePlace, DrivePlaceSelect, DrivePlaces, DriveUsage } from "./drive-places";
import { DriveTrash } from "./drive-trash";
import { useDriveUploads } from "./drive-uploads";

/** «Диск»: the places on the left (a select on a phone), and the open folder, the trash or search hits. */
export function DrivePage() {
  const { t } = useTranslation();
  const search = useSearch({ from: "/app/drive" });
  const navigate = useNavigate({ from: "/drive" });
  const phone = useMediaQuery("(max-width: 48em)");
  const roots = useQuery(driveRootsQuery);
  const [openFolder, setOpenFolder] = useState<DriveFolder | null>(null);
  // Kept here so that uploads go on, and stay in sight, while the user opens other folders.
  const uploads = useDriveUploads();
  const onLoaded = useCallback((folder: DriveFolder) => setOpenFolder(folder), []);

  const folderId = search.folder ?? roots.data?.personal.id;
  const sort: DriveSort = search.sort ?? "name";
  const direction: DriveDirection = search.dir ?? "asc";

  // The left panel marks the drive (or shared folder) the open folder lies in.
  let place: DrivePlace | null = null;
  if (search.view === "trash") place = "trash";
  else if (roots.data && folderId) {
    const ids = new Set([
      roots.data.personal.id,
      roots.data.company.id,
      ...roots.data.groups.map((group) => group.id),
      ...roots.data.shared.map((folder) => folder.id),
    ]);
    const chain =
      openFolder && openFolder.id === folderId
        ? [openFolder.id, ...openFolder.path.map((item) => item.id).reverse()]
        : [folderId];
    place = chain.find((id) => ids.has(id)) ?? null;
  }

  const select = (next: DrivePlace) =>
    void navigate({
      search: next === "trash" ? { view: "trash" } : { folder: next === roots.data?.personal.id ? undefined : next },
    });
  const open = (id: string) =>
    void navigate({ search: (current) => ({ ...current, folder: id, view: undefined, q: undefined }) });
  const setSearch = (q: string | undefined) =>
    void navigate({ search: (current) => ({ ...current, q, view: undefined }), replace: true });
  const setSort = (nextSort: DriveSort, nextDirection: DriveDirection) =>
    void navigate({
      search: (current) => ({
        ...current,
        sort: nextSort === "name" ? undefined : nextSort,
        dir: nextDirection === "desc" ? "desc" : undefined,
      }),
      replace: true,
    });

  return (
    <Stack gap="md">
      <PageHeader title={t("drive.title")} />
      {roots.error ? (
        <Text c="red">{problemText(roots.error)}</Text>
      ) : !roots.data || !folderId ? (
        <Skeleton h={320} />
      ) : (
        <Flex gap="lg" align="flex-start" direction={phone ? "column" : "row"}>
          {phone ? (
            <Stack gap="xs" w="100%">
              <DrivePlaceSelect roots={roots.data} current={place} onSelect={select} />
            </Stack>
          ) : (
            <Box w={240} style={{ flexShrink: 0 }}>
              <DrivePlaces roots={roots.data} current={place} onSelect={select} />
            </Box>
          )}
          <Box style={{ flex: 1, minWidth: 0 }} w={phone ? "100%" : undefined}>
            {search.view === "trash" ? (
              <DriveTrash />
            ) : (
              <DriveFolderView
                uploads={uploads}
                folderId={folderId}
                roots={roots.data}
                q={search.q}
                sort={sort}
                direction={direction}
                onSort={setSort}
                onOpen={open}
                onSearch={setSearch}
                onLoaded={onLoaded}
              />
            )}
          </Box>
          {phone && <DriveUsage roots={roots.data} />}
        </Flex>
      )}
    </Stack>
  );
}
