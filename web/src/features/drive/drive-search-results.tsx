import { Anchor, Group, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconFileSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { ListPanel } from "../../lib/list-page";
import { useDriveActions } from "./drive-actions";
import { driveSearchQuery } from "./drive-api";
import { useBytes } from "./use-bytes";

/** Files found by name or by the words in them, each with its folder and the piece of text that matched. */
export function DriveSearchResults({ q, onOpen }: { q: string; onOpen: (folderId: string) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const bytes = useBytes();
  const query = useQuery(driveSearchQuery(q));
  const { onFile, dialogs } = useDriveActions({ openFolder: (folder) => onOpen(folder.id) });
  return (
    <Stack gap="sm">
      <Text fw={600}>{t("drive.search.title", { q })}</Text>
      <ListPanel error={query.error} data={query.data} empty={{ icon: IconFileSearch, text: t("drive.search.empty") }}>
        {(data) => (
          <Stack gap={0} role="list" aria-label={t("drive.search.title", { q })}>
            {data.items.map((hit) => (
              <Stack
                key={hit.file.id}
                gap={2}
                p="sm"
                role="listitem"
                style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
              >
                <UnstyledButton onClick={() => onFile(hit.file, "preview")}>
                  <Text size="sm" fw={600} c="blue.7">
                    {hit.file.name}
                  </Text>
                </UnstyledButton>
                <Group gap={6} wrap="wrap">
                  <Anchor component="button" type="button" size="xs" onClick={() => onOpen(hit.file.folderId)}>
                    {hit.path.map((step) => step.name).join(" / ") || t("drive.search.folder")}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    · {bytes(hit.file.size)} · {formatDateTime(hit.file.updatedAt, me.timeZone)}
                  </Text>
                </Group>
                {hit.snippet && (
                  <Text size="sm" c="dimmed" style={{ wordBreak: "break-word" }}>
                    {hit.snippet}
                  </Text>
                )}
              </Stack>
            ))}
          </Stack>
        )}
      </ListPanel>
      {dialogs}
    </Stack>
  );
}
