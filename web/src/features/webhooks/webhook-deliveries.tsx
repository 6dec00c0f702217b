import { Badge, Button, Code, Group, Pagination, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { eventLabelKey } from "./webhook-form";
import {
  deliveriesPageSize,
  retryWebhookDelivery,
  type Webhook,
  webhookDeliveriesQuery,
  webhooksQuery,
} from "./webhooks-api";

const stateColors = { pending: "blue", delivered: "teal", failed: "red" } as const;

/** A webhook's deliveries, newest first: what was sent, what the receiver answered, «Повторить». */
export function WebhookDeliveries({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [retrying, setRetrying] = useState<string | null>(null);
  const { data, error } = useQuery({
    ...webhookDeliveriesQuery(webhook.id, (page - 1) * deliveriesPageSize),
    placeholderData: keepPreviousData,
    // While something waits for the worker, the log follows it.
    refetchInterval: (query) =>
      query.state.data?.items.some((item) => item.state === "pending" && item.attempts === 0) ? 1000 : 10_000,
  });
  // The list's «last delivery» follows what the log shows.
  useEffect(() => {
    if (data) void queryClient.invalidateQueries({ queryKey: webhooksQuery.queryKey, exact: true });
  }, [data, queryClient]);
  const pages = data ? Math.max(1, Math.ceil(data.total / deliveriesPageSize)) : 1;

  const retry = async (deliveryId: string) => {
    setRetrying(deliveryId);
    try {
      await retryWebhookDelivery(webhook.id, deliveryId);
      notifySuccess(t("webhooks.deliveries.retried"));
      await queryClient.invalidateQueries({ queryKey: ["settings", "webhooks"] });
    } catch (caught) {
      notifyError(caught);
    } finally {
      setRetrying(null);
    }
  };

  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4">
            {t("webhooks.deliveries.title")}
          </Title>
          <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {webhook.url}
          </Text>
        </div>
        {error ? (
          <Text c="red">{problemText(error)}</Text>
        ) : data && data.items.length === 0 ? (
          <Text c="dimmed">{t("webhooks.deliveries.empty")}</Text>
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="sm" aria-label={t("webhooks.deliveries.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("webhooks.deliveries.occurredAt")}</Table.Th>
                  <Table.Th>{t("webhooks.deliveries.event")}</Table.Th>
                  <Table.Th>{t("webhooks.deliveries.state")}</Table.Th>
                  <Table.Th>{t("webhooks.deliveries.answer")}</Table.Th>
                  <Table.Th aria-label={t("webhooks.deliveries.retry")} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data?.items.map((delivery) => (
                  <Table.Tr key={delivery.id} data-delivery-id={delivery.id}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {formatDateTime(delivery.occurredAt, me.timeZone)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(eventLabelKey(delivery.event))}</Text>
                      <Text size="xs" c="dimmed">
                        {delivery.event}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={stateColors[delivery.state]}>
                        {t(`webhooks.states.${delivery.state}`)}
                      </Badge>
                      <Text size="xs" c="dimmed" mt={4}>
                        {t("webhooks.deliveries.attempts", { value: delivery.attempts })}
                      </Text>
                      {delivery.nextAttemptAt && delivery.attempts > 0 && (
                        <Text size="xs" c="dimmed">
                          {t("webhooks.deliveries.nextAttempt", {
                            date: formatDateTime(delivery.nextAttemptAt, me.timeZone),
                          })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td maw={380}>
                      {delivery.responseStatus !== null ? (
                        <Badge variant="outline" color={delivery.responseStatus < 300 ? "teal" : "red"}>
                          {delivery.responseStatus}
                        </Badge>
                      ) : (
                        delivery.attempts > 0 && (
                          <Text size="xs" c="dimmed">
                            {t("webhooks.deliveries.noAnswer")}
                          </Text>
                        )
                      )}
                      {delivery.responseBody && (
                        <Code block mt={4} style={{ maxHeight: 96, overflow: "auto", overflowWrap: "anywhere" }}>
                          {delivery.responseBody}
                        </Code>
                      )}
                      {delivery.error && delivery.responseStatus === null && (
                        <Text size="xs" c="red" mt={4} style={{ overflowWrap: "anywhere" }}>
                          {delivery.error}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {delivery.attempts > 0 && (
                        <Button
                          size="xs"
                          variant="light"
                          leftSection={<IconRefresh size={14} />}
                          loading={retrying === delivery.id}
                          onClick={() => void retry(delivery.id)}
                        >
                          {t("webhooks.deliveries.retry")}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {data && data.total > 0 && (
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t("webhooks.deliveries.total", { value: data.total })}
            </Text>
            {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} />}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
