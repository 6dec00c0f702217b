import { Badge, Button, Code, Group, Modal, Stack, Table, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconKey, IconPlus } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDate, formatDateTime } from "../../lib/dates";
import { ListPanel, PageHeader } from "../../lib/list-page";
import { notifySuccess } from "../../lib/notify";
import { apiTokensQuery, createApiToken, revokeApiToken } from "../settings/settings-api";
import { ApiTokenForm, ApiTokenSecret } from "./api-token-form";

interface TokenRow {
  id: string;
  name: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

function tokenStatus(token: TokenRow): "revoked" | "expired" | "active" {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) return "expired";
  return "active";
}

const statusColors = { active: "teal", expired: "gray", revoked: "red" } as const;

export function ApiTokensPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 36em)");
  const { data, error } = useQuery(apiTokensQuery);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<TokenRow | null>(null);

  const closeCreate = () => {
    setCreating(false);
    setSecret(null);
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t("settings.tokens.title")}
        intro={t("settings.tokens.intro")}
        introWidth={720}
        action={
          <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
            {t("settings.tokens.create")}
          </Button>
        }
      />

      <ListPanel error={error} data={data} empty={{ icon: IconKey, text: t("settings.tokens.empty") }}>
        {({ items }) => (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("settings.tokens.name")}</Table.Th>
                  <Table.Th>{t("settings.tokens.user")}</Table.Th>
                  <Table.Th>{t("settings.tokens.scopes")}</Table.Th>
                  <Table.Th>{t("settings.tokens.expiresAt")}</Table.Th>
                  <Table.Th>{t("settings.tokens.lastUsedAt")}</Table.Th>
                  <Table.Th>{t("settings.tokens.status")}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((token) => {
                  const status = tokenStatus(token);
                  return (
                    <Table.Tr key={token.id} opacity={status === "active" ? 1 : 0.65}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {token.name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          <Code>{token.prefix}…</Code> · {t("settings.tokens.createdAt")}{" "}
                          {formatDate(token.createdAt, me.timeZone)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{token.userName}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {token.scopes.map((scope) => (
                            <Badge key={scope} variant="outline" size="sm" tt="none">
                              {scope}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {token.expiresAt ? formatDate(token.expiresAt, me.timeZone) : t("settings.tokens.never")}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={token.lastUsedAt ? undefined : "dimmed"}>
                          {token.lastUsedAt
                            ? formatDateTime(token.lastUsedAt, me.timeZone)
                            : t("settings.tokens.neverUsed")}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={statusColors[status]} variant="light">
                          {t(`settings.tokens.${status}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">
                        {!token.revokedAt && (
                          <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(token)}>
                            {t("settings.tokens.revoke")}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </ListPanel>

      <Modal
        opened={creating}
        onClose={closeCreate}
        title={<Text fw={600}>{secret ? t("settings.tokens.secretTitle") : t("settings.tokens.createTitle")}</Text>}
        size="lg"
        fullScreen={phone}
        closeOnClickOutside={!secret}
      >
        {secret ? (
          <ApiTokenSecret token={secret} onDone={closeCreate} />
        ) : (
          <ApiTokenForm
            onCancel={closeCreate}
            onSubmit={async (input) => {
              const created = await createApiToken(input);
              setSecret(created.token);
              await queryClient.invalidateQueries({ queryKey: apiTokensQuery.queryKey });
            }}
          />
        )}
      </Modal>

      <ConfirmModal
        opened={revoking !== null}
        title={t("settings.tokens.revokeTitle")}
        message={t("settings.tokens.revokeConfirm", { name: revoking?.name ?? "" })}
        confirmLabel={t("settings.tokens.revoke")}
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return;
          await revokeApiToken(revoking.id);
          await queryClient.invalidateQueries({ queryKey: apiTokensQuery.queryKey });
          notifySuccess(t("settings.tokens.revokedDone"));
        }}
      />
    </Stack>
  );
}
