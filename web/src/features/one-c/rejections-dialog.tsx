import { Code, Divider, Group, Pagination, Skeleton, Stack, Table, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { OneCSession } from "@planerka/common";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { FormModal } from "../../lib/form-modal";
import { problemText } from "../../lib/notify";
import { oneCRejectionsQuery, rejectionsPageSize } from "./one-c-api";

/** The elements one exchange session rejected, with the reasons (in Russian, as 1C's people read them). */
export function RejectionsDialog({
  session,
  opened,
  onClose,
}: {
  session: OneCSession | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <FormModal opened={opened} onClose={onClose} title={t("oneC.rejections.title")}>
      {session && (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t("oneC.rejections.subtitle", { date: formatDateTime(session.startedAt, me.timeZone) })} ·{" "}
            {t(`oneC.kinds.${session.kind}`)}
          </Text>
          <RejectionList key={session.id} session={session} />
        </Stack>
      )}
    </FormModal>
  );
}

function RejectionList({ session }: { session: OneCSession }) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  const [page, setPage] = useState(1);
  const { data, error } = useQuery({
    ...oneCRejectionsQuery(session.id, (page - 1) * rejectionsPageSize),
    placeholderData: keepPreviousData,
  });
  if (error) return <Text c="red">{problemText(error)}</Text>;
  if (!data) return <Skeleton h={120} />;
  if (data.items.length === 0) return <Text size="sm">{t("oneC.rejections.empty")}</Text>;
  const withFiles = data.items.some((item) => item.fileName);
  const pages = Math.max(1, Math.ceil(data.total / rejectionsPageSize));
  const pager =
    pages > 1 ? (
      <Group justify="flex-end">
        <Pagination total={pages} value={page} onChange={setPage} size="sm" />
      </Group>
    ) : null;
  if (phone) {
    // A phone has no room for columns: each element is its kind and Ид, then the reason.
    return (
      <>
        <Stack gap="xs" role="list" aria-label={t("oneC.rejections.title")}>
          {data.items.map((item, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rejections have no id, and one guid may be rejected twice.
            <Stack key={`${item.guid}-${index}`} gap={2} role="listitem">
              {index > 0 && <Divider mb={6} />}
              <Group gap={6} wrap="wrap">
                <Text size="sm" fw={500}>
                  {t(`oneC.recordKinds.${item.kind}`)}
                </Text>
                {item.guid && (
                  <Code fz="xs" style={{ overflowWrap: "anywhere" }}>
                    {item.guid}
                  </Code>
                )}
              </Group>
              <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                {item.reason}
              </Text>
              {item.fileName && (
                <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                  {t("oneC.rejections.file")}: {item.fileName}
                </Text>
              )}
            </Stack>
          ))}
        </Stack>
        {pager}
      </>
    );
  }
  return (
    <>
      <Table.ScrollContainer minWidth={420}>
        <Table verticalSpacing="xs" aria-label={t("oneC.rejections.title")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("oneC.rejections.kind")}</Table.Th>
              <Table.Th>{t("oneC.rejections.guid")}</Table.Th>
              <Table.Th>{t("oneC.rejections.reason")}</Table.Th>
              {withFiles && <Table.Th>{t("oneC.rejections.file")}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((item, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rejections have no id, and one guid may be rejected twice.
              <Table.Tr key={`${item.guid}-${index}`}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{t(`oneC.recordKinds.${item.kind}`)}</Table.Td>
                <Table.Td maw={180}>
                  {item.guid ? (
                    <Code fz="xs" style={{ overflowWrap: "anywhere" }}>
                      {item.guid}
                    </Code>
                  ) : (
                    "—"
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                    {item.reason}
                  </Text>
                </Table.Td>
                {withFiles && (
                  <Table.Td>
                    <Text size="xs" style={{ overflowWrap: "anywhere" }}>
                      {item.fileName ?? "—"}
                    </Text>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pager}
    </>
  );
}
