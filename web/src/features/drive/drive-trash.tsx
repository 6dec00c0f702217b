import { Button, Stack, Table, Text } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDate, formatDateTime } from "../../lib/dates";
import { ListPanel } from "../../lib/list-page";
import { notifyError, notifySuccess } from "../../lib/notify";
import { driveTrashQuery, refreshDrive, restoreFile, restoreFolder } from "./drive-api";
import { useBytes } from "./use-bytes";

/** «Корзина»: what the caller deleted (or may restore), where it comes back to, and when it goes for good. */
export function DriveTrash() {
  const { t } = useTranslation();
  const me = useMe();
  const bytes = useBytes();
  const queryClient = useQueryClient();
  const query = useQuery(driveTrashQuery);
  const [pending, setPending] = useState<string | null>(null);

  const restore = async (item: { type: "file" | "folder"; id: string; name: string }) => {
    setPending(item.id);
    try {
      if (item.type === "file") await restoreFile(item.id);
      else await restoreFolder(item.id);
      notifySuccess(t("drive.trash.restored", { name: item.name }));
      refreshDrive(queryClient);
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(null);
    }
  };

  return (
    <Stack gap="sm">
      <div>
        <Text fw={600}>{t("drive.trash.title")}</Text>
        <Text size="sm" c="dimmed">
          {t("drive.trash.intro")}
        </Text>
      </div>
      <ListPanel error={query.error} data={query.data} empty={{ icon: IconTrash, text: t("drive.trash.empty") }}>
        {(data) => (
          <Table verticalSpacing={6} aria-label={t("drive.trash.title")} layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("drive.columns.name")}</Table.Th>
                <Table.Th w={170} visibleFrom="sm">
                  {t("drive.trash.deletedAt")}
                </Table.Th>
                <Table.Th w={170} visibleFrom="xl">
                  {t("drive.trash.purgeAt")}
                </Table.Th>
                <Table.Th w={150} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((item) => (
                <Table.Tr key={`${item.type}-${item.id}`}>
                  <Table.Td>
                    <Text size="sm" fw={500} truncate="end">
                      {item.name}
                    </Text>
                    <Text size="xs" c="dimmed" truncate="end">
                      {item.type === "folder" ? t("drive.folder") : bytes(item.size ?? 0)}
                      {item.deletedBy ? ` · ${item.deletedBy.name}` : ""}
                    </Text>
                    <Text size="xs" c="dimmed" truncate="end" title={t("drive.trash.from")}>
                      {t("drive.trash.from")}: {item.path.map((step) => step.name).join(" / ")}
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Text size="sm" c="dimmed">
                      {formatDateTime(item.deletedAt, me.timeZone)}
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="xl">
                    <Text size="sm" c="dimmed">
                      {formatDate(item.purgeAt, me.timeZone)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="compact-sm"
                      variant="light"
                      loading={pending === item.id}
                      onClick={() => void restore(item)}
                    >
                      {t("drive.trash.restore")}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </ListPanel>
    </Stack>
  );
}
