import { Badge, Button, Group, Loader, Stack, Table, Text } from "@mantine/core";
import type { DriveFile } from "@planerka/common";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { FormModal } from "../../lib/form-modal";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { driveVersionsQuery, refreshDrive, restoreVersion } from "./drive-api";
import { useBytes } from "./use-bytes";

/** «Версии»: every upload of the file with who and when; an older one can be made current again. */
export function DriveVersionsDialog({ file, onClose }: { file: DriveFile | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormModal opened={file !== null} onClose={onClose} title={t("drive.versions.title", { name: file?.name ?? "" })}>
      {file && <VersionList file={file} />}
    </FormModal>
  );
}

function VersionList({ file }: { file: DriveFile }) {
  const { t } = useTranslation();
  const me = useMe();
  const bytes = useBytes();
  const queryClient = useQueryClient();
  const query = useQuery(driveVersionsQuery(file.id));
  const [pending, setPending] = useState<number | null>(null);

  const restore = async (number: number) => {
    setPending(number);
    try {
      await restoreVersion(file.id, number);
      notifySuccess(t("drive.versions.restored", { number }));
      refreshDrive(queryClient);
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(null);
    }
  };

  if (query.error) return <Text c="red">{problemText(query.error)}</Text>;
  if (!query.data) return <Loader size="sm" />;
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table verticalSpacing="xs" aria-label={t("drive.versions.title", { name: file.name })}>
        <Table.Tbody>
          {query.data.items.map((version) => (
            <Table.Tr key={version.id}>
              <Table.Td>
                <Stack gap={0}>
                  <Group gap={6}>
                    <Text size="sm" fw={500}>
                      {t("drive.versions.number", { number: version.number })}
                    </Text>
                    {version.current && (
                      <Badge size="xs" variant="light">
                        {t("drive.versions.current")}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(version.createdAt, me.timeZone)}
                    {version.uploadedBy ? ` · ${version.uploadedBy.name}` : ""} · {bytes(version.size)}
                    {version.restoredFrom !== null
                      ? ` · ${t("drive.versions.restoredFrom", { number: version.restoredFrom })}`
                      : ""}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td ta="right">
                {!version.current && file.abilities.edit && (
                  <Button
                    size="compact-sm"
                    variant="light"
                    loading={pending === version.number}
                    disabled={pending !== null && pending !== version.number}
                    onClick={() => void restore(version.number)}
                  >
                    {t("drive.versions.restore")}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
