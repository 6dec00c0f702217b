import { Badge, Button, Group, Menu, Paper, Stack, Table, TagsInput, Text } from "@mantine/core";
import { IconDots, IconPlus, IconSend, IconWebhookOff } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDateTime } from "../../lib/dates";
import { FormModal } from "../../lib/form-modal";
import { ListPanel, PageHeader } from "../../lib/list-page";
import { handleFormError, notifyError, notifySuccess, problemText } from "../../lib/notify";
import { WebhookDeliveries } from "./webhook-deliveries";
import { eventLabelKey, WebhookForm, WebhookSecret } from "./webhook-form";
import {
  createWebhook,
  deleteWebhook,
  rotateWebhookSecret,
  saveWebhookAllowedHosts,
  testWebhook,
  updateWebhook,
  type Webhook,
  webhookAllowedHostsQuery,
  webhooksQuery,
} from "./webhooks-api";

type Dialog =
  | { kind: "create" }
  | { kind: "edit"; webhook: Webhook }
  | { kind: "secret"; secret: string }
  | { kind: "delete"; webhook: Webhook }
  | { kind: "rotate"; webhook: Webhook }
  | null;

const stateColors = { pending: "blue", delivered: "teal", failed: "red" } as Record<string, string>;

/** Settings → «Вебхуки»: subscriptions, their log, «Тест», and the internal hosts allowed. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const { data, error } = useQuery(webhooksQuery);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = data?.items.find((item) => item.id === selectedId) ?? null;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["settings", "webhooks"] });

  const test = async (webhook: Webhook) => {
    try {
      await testWebhook(webhook.id);
      notifySuccess(t("webhooks.testQueued"));
      setSelectedId(webhook.id);
      await refresh();
    } catch (caught) {
      notifyError(caught);
    }
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t("webhooks.title")}
        intro={t("webhooks.intro")}
        introWidth={760}
        action={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: "create" })}>
            {t("webhooks.add")}
          </Button>
        }
      />
      <ListPanel error={error} data={data} empty={{ icon: IconWebhookOff, text: t("webhooks.empty") }}>
        {({ items }) => (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" aria-label={t("webhooks.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("webhooks.url")}</Table.Th>
                  <Table.Th>{t("webhooks.events")}</Table.Th>
                  <Table.Th>{t("webhooks.lastDelivery")}</Table.Th>
                  <Table.Th aria-label={t("webhooks.actions")} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((webhook) => (
                  <Table.Tr
                    key={webhook.id}
                    data-webhook-id={webhook.id}
                    bg={webhook.id === selectedId ? "var(--mantine-color-blue-light)" : undefined}
                  >
                    <Table.Td maw={360}>
                      <Group gap="xs" wrap="nowrap">
                        <Badge variant="light" color={webhook.active ? "teal" : "gray"}>
                          {t(webhook.active ? "webhooks.active" : "webhooks.paused")}
                        </Badge>
                        <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
                          {webhook.url}
                        </Text>
                      </Group>
                      {webhook.description && (
                        <Text size="xs" c="dimmed" mt={4}>
                          {webhook.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td maw={320}>
                      <Text size="sm">{webhook.events.map((event) => t(eventLabelKey(event))).join(", ")}</Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {webhook.lastDelivery ? (
                        <Stack gap={2}>
                          <Badge variant="light" color={stateColors[webhook.lastDelivery.state] ?? "gray"}>
                            {t(`webhooks.states.${webhook.lastDelivery.state as "pending"}`)}
                            {webhook.lastDelivery.responseStatus !== null &&
                              ` · ${webhook.lastDelivery.responseStatus}`}
                          </Badge>
                          <Text size="xs" c="dimmed">
                            {formatDateTime(webhook.lastDelivery.at, me.timeZone)}
                          </Text>
                        </Stack>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t("webhooks.never")}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap" justify="flex-end">
                        <Button size="xs" variant="light" onClick={() => setSelectedId(webhook.id)}>
                          {t("webhooks.log")}
                        </Button>
                        <Button
                          size="xs"
                          variant="light"
                          leftSection={<IconSend size={14} />}
                          onClick={() => void test(webhook)}
                        >
                          {t("webhooks.test")}
                        </Button>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <Button size="xs" variant="subtle" aria-label={t("webhooks.actions")} px={6}>
                              <IconDots size={16} />
                            </Button>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item onClick={() => setDialog({ kind: "edit", webhook })}>
                              {t("webhooks.edit")}
                            </Menu.Item>
                            <Menu.Item onClick={() => setDialog({ kind: "rotate", webhook })}>
                              {t("webhooks.rotate")}
                            </Menu.Item>
                            <Menu.Item color="red" onClick={() => setDialog({ kind: "delete", webhook })}>
                              {t("webhooks.remove")}
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </ListPanel>
      {selected && <WebhookDeliveries key={selected.id} webhook={selected} />}
      <AllowedHostsPanel />

      <FormModal
        opened={dialog?.kind === "create" || dialog?.kind === "edit"}
        onClose={() => setDialog(null)}
        title={t(dialog?.kind === "edit" ? "webhooks.editTitle" : "webhooks.addTitle")}
      >
        {(dialog?.kind === "create" || dialog?.kind === "edit") && (
          <WebhookForm
            webhook={dialog.kind === "edit" ? dialog.webhook : null}
            onCancel={() => setDialog(null)}
            onStale={() => void refresh()}
            onSubmit={async (input) => {
              if (dialog.kind === "edit") {
                await updateWebhook(dialog.webhook.id, { ...input, version: dialog.webhook.version });
                notifySuccess(t("webhooks.saved"));
                setDialog(null);
              } else {
                const created = await createWebhook(input);
                notifySuccess(t("webhooks.created"));
                setSelectedId(created.id);
                setDialog({ kind: "secret", secret: created.secret });
              }
              await refresh();
            }}
          />
        )}
      </FormModal>
      <FormModal opened={dialog?.kind === "secret"} onClose={() => setDialog(null)} title={t("webhooks.secretTitle")}>
        {dialog?.kind === "secret" && <WebhookSecret secret={dialog.secret} onDone={() => setDialog(null)} />}
      </FormModal>
      <ConfirmModal
        opened={dialog?.kind === "delete"}
        title={t("webhooks.removeTitle")}
        message={t("webhooks.removeMessage")}
        confirmLabel={t("webhooks.remove")}
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          if (dialog?.kind !== "delete") return;
          await deleteWebhook(dialog.webhook.id);
          notifySuccess(t("webhooks.removed"));
          if (selectedId === dialog.webhook.id) setSelectedId(null);
          await refresh();
        }}
      />
      <ConfirmModal
        opened={dialog?.kind === "rotate"}
        title={t("webhooks.rotateTitle")}
        message={t("webhooks.rotateMessage")}
        confirmLabel={t("webhooks.rotate")}
        onClose={() => setDialog((current) => (current?.kind === "rotate" ? null : current))}
        onConfirm={async () => {
          if (dialog?.kind !== "rotate") return;
          const rotated = await rotateWebhookSecret(dialog.webhook.id);
          // The confirmation closes itself next; the secret dialog opens after it.
          setTimeout(() => setDialog({ kind: "secret", secret: rotated.secret }), 0);
          await refresh();
        }}
      />
    </Stack>
  );
}

/** The internal hosts webhooks may reach (an in-house system), edited as a list of tags. */
function AllowedHostsPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data, error } = useQuery(webhookAllowedHostsQuery);
  const [hosts, setHosts] = useState<string[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [saving, setSaving] = useState(false);
  const value = hosts ?? data?.allowedHosts ?? [];

  const save = async () => {
    if (!data) return;
    setSaving(true);
    try {
      const saved = await saveWebhookAllowedHosts(value, data.version);
      queryClient.setQueryData(webhookAllowedHostsQuery.queryKey, saved);
      setHosts(null);
      setErrors({});
      notifySuccess(t("webhooks.allowedHosts.saved"));
    } catch (caught) {
      handleFormError(caught, { setErrors }, () => void queryClient.invalidateQueries(webhookAllowedHostsQuery));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="sm">
        <Text fw={600}>{t("webhooks.allowedHosts.title")}</Text>
        <Text size="sm" c="dimmed">
          {t("webhooks.allowedHosts.hint")}
        </Text>
        {error ? (
          <Text c="red">{problemText(error)}</Text>
        ) : (
          <Group align="flex-end">
            <TagsInput
              flex={1}
              label={t("webhooks.allowedHosts.label")}
              placeholder={t("webhooks.allowedHosts.placeholder")}
              value={value}
              onChange={setHosts}
              error={errors.allowedHosts}
              disabled={!data}
              clearable
            />
            <Button onClick={() => void save()} loading={saving} disabled={!data || hosts === null}>
              {t("common.save")}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
