import { Badge, Group, Pagination, Stack, Table, Text } from "@mantine/core";
import { IconMailOff } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { ListPanel, PageHeader } from "../../lib/list-page";
import { outboxPageSize, outboxQuery } from "./mail-api";
import { ResendButton } from "./resend-button";

const stateColors = { outbox: "blue", failed: "red", sent: "teal" } as const;

/** Letters that have not left (no SMTP server, or it refused): an administrator reads them here. */
export function OutboxPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [page, setPage] = useState(1);
  const { data, error } = useQuery({ ...outboxQuery((page - 1) * outboxPageSize), placeholderData: keepPreviousData });
  const pages = data ? Math.max(1, Math.ceil(data.total / outboxPageSize)) : 1;

  return (
    <Stack gap="md">
      <PageHeader title={t("mail.outbox.title")} intro={t("mail.outbox.intro")} />
      <ListPanel error={error} data={data} empty={{ icon: IconMailOff, text: t("mail.outbox.empty") }}>
        {({ items }) => (
          <Table.ScrollContainer minWidth={980}>
            <Table verticalSpacing="sm" aria-label={t("mail.outbox.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("mail.outbox.created")}</Table.Th>
                  <Table.Th>{t("mail.outbox.sender")}</Table.Th>
                  <Table.Th>{t("mail.outbox.to")}</Table.Th>
                  <Table.Th>{t("mail.outbox.subject")}</Table.Th>
                  <Table.Th>{t("mail.outbox.deal")}</Table.Th>
                  <Table.Th>{t("mail.outbox.state")}</Table.Th>
                  <Table.Th aria-label={t("mail.outbox.resend")} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((letter) => (
                  <Table.Tr key={letter.id} data-letter-id={letter.id}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {formatDateTime(letter.createdAt, me.timeZone)}
                    </Table.Td>
                    <Table.Td>{letter.senderName}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{letter.to}</Table.Td>
                    <Table.Td maw={360}>
                      <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
                        {letter.subject}
                      </Text>
                      <Text size="xs" c="dimmed" lineClamp={3} style={{ whiteSpace: "pre-wrap" }}>
                        {letter.body}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {letter.dealId && letter.dealTitle ? (
                        <AnchorLink to="/crm/deals/$dealId" params={{ dealId: letter.dealId }} size="sm">
                          {letter.dealTitle}
                        </AnchorLink>
                      ) : (
                        "—"
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={stateColors[letter.state]}>
                        {t(`mail.states.${letter.state}`)}
                      </Badge>
                      <Text size="xs" c="dimmed" mt={4}>
                        {t("mail.outbox.attempts", { value: letter.attempts })}
                      </Text>
                      {letter.nextAttemptAt && (
                        <Text size="xs" c="dimmed">
                          {t("mail.outbox.nextAttempt", { date: formatDateTime(letter.nextAttemptAt, me.timeZone) })}
                        </Text>
                      )}
                      {letter.error && (
                        <Text size="xs" c="red" mt={4} style={{ overflowWrap: "anywhere" }}>
                          {t("mail.outbox.lastError", { error: letter.error })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <ResendButton letterId={letter.id} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </ListPanel>
      {data && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t("mail.outbox.total", { value: data.total })}
          </Text>
          {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} />}
        </Group>
      )}
    </Stack>
  );
}
