import {
  ActionIcon,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  List,
  NumberInput,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconCheck, IconCopy, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { PageHeader } from "../../lib/list-page";
import { handleFormError, notifySuccess, problemText } from "../../lib/notify";
import { ManagerNameDialog, type ManagerNameValue } from "./manager-name-dialog";
import { deleteManagerName, oneCManagersQuery, oneCStatusQuery, saveStaleAfterHours } from "./one-c-api";
import { SessionLog } from "./session-log";

/** Settings → «Обмен с 1С»: how to connect 1C, the exchange's state and log, and the managers' names. */
export function OneCSettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <PageHeader title={t("oneC.settings.title")} intro={t("oneC.settings.intro")} introWidth={760} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <ConnectionPanel />
        <StatePanel />
      </SimpleGrid>
      <SessionLog />
      <ManagersPanel />
    </Stack>
  );
}

function PanelTitle({ children }: { children: string }) {
  return (
    <Title order={3} size="h4">
      {children}
    </Title>
  );
}

function ConnectionPanel() {
  const { t } = useTranslation();
  const { data, error } = useQuery(oneCStatusQuery);
  return (
    <Paper
      withBorder
      radius="md"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-label={t("oneC.connection.title")}
    >
      <Stack gap="sm">
        <PanelTitle>{t("oneC.connection.title")}</PanelTitle>
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t("oneC.connection.url")}
          </Text>
          {error ? (
            <Text c="red" size="sm">
              {problemText(error)}
            </Text>
          ) : !data ? (
            <Skeleton h={36} />
          ) : (
            <Group gap="xs" wrap="nowrap" align="center">
              <Code
                block
                fz="sm"
                style={{ flex: 1, minWidth: 0, overflowWrap: "anywhere", whiteSpace: "normal" }}
                data-testid="one-c-exchange-url"
              >
                {data.exchangeUrl}
              </Code>
              <CopyButton value={data.exchangeUrl}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t("oneC.connection.copied") : t("oneC.connection.copy")} withArrow>
                    <ActionIcon
                      variant={copied ? "light" : "default"}
                      color={copied ? "teal" : undefined}
                      size="lg"
                      aria-label={t("oneC.connection.copy")}
                      onClick={copy}
                    >
                      {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
          )}
        </div>
        <List type="ordered" size="sm" spacing={4}>
          <List.Item>{t("oneC.connection.steps.open")}</List.Item>
          <List.Item>{t("oneC.connection.steps.address")}</List.Item>
          <List.Item>{t("oneC.connection.steps.login")}</List.Item>
          <List.Item>{t("oneC.connection.steps.password")}</List.Item>
          <List.Item>{t("oneC.connection.steps.schedule")}</List.Item>
        </List>
        <AnchorLink to="/settings/api-tokens" size="sm" w="fit-content">
          {t("oneC.connection.tokens")}
        </AnchorLink>
      </Stack>
    </Paper>
  );
}

function StatePanel() {
  const { t } = useTranslation();
  const me = useMe();
  const { data, error } = useQuery(oneCStatusQuery);
  return (
    <Paper withBorder radius="md" p={{ base: "md", sm: "lg" }} component="section" aria-label={t("oneC.state.title")}>
      <Stack gap="md">
        <PanelTitle>{t("oneC.state.title")}</PanelTitle>
        {error ? (
          <Text c="red" size="sm">
            {problemText(error)}
          </Text>
        ) : !data ? (
          <Skeleton h={160} />
        ) : (
          <>
            <div>
              <Text size="sm" c="dimmed">
                {t("oneC.state.lastSuccess")}
              </Text>
              <Group gap="xs" wrap="wrap">
                <Text fw={600} data-testid="one-c-last-success">
                  {data.lastSuccessAt ? formatDateTime(data.lastSuccessAt, me.timeZone) : t("oneC.state.never")}
                </Text>
                {data.lastSuccessAt && (
                  <Badge color={data.stale ? "yellow" : "teal"} variant="light">
                    {data.stale ? t("oneC.state.stale") : t("oneC.state.fresh")}
                  </Badge>
                )}
              </Group>
            </div>
            <StaleThresholdForm key={data.staleAfterHours} hours={data.staleAfterHours} />
            <Group gap="xs" wrap="wrap">
              <Text size="sm">{t("oneC.state.unassigned", { count: data.unassignedOrders })}</Text>
              <AnchorLink to="/one-c/unassigned" size="sm">
                {t("oneC.state.openUnassigned")}
              </AnchorLink>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function StaleThresholdForm({ hours }: { hours: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [value, setValue] = useState<number | string>(hours);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const number = Number(value);
    if (value === "" || !Number.isInteger(number) || number < 1 || number > 24 * 90) {
      setError(t("oneC.state.invalidHours"));
      return;
    }
    setSaving(true);
    try {
      queryClient.setQueryData(oneCStatusQuery.queryKey, await saveStaleAfterHours(number));
      notifySuccess(t("oneC.state.saved"));
    } catch (caught) {
      handleFormError(caught, { setErrors: (errors) => setError(errors.staleAfterHours) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <NumberInput
          label={t("oneC.state.staleAfter")}
          description={t("oneC.state.staleAfterHint")}
          min={1}
          max={24 * 90}
          allowDecimal={false}
          allowNegative={false}
          value={value}
          onChange={(next) => {
            setValue(next);
            setError(undefined);
          }}
          error={error}
          style={{ flex: "1 1 240px" }}
          maw={360}
        />
        <Button type="submit" variant="light" loading={saving} disabled={value === hours}>
          {t("oneC.state.save")}
        </Button>
      </Group>
    </form>
  );
}

function ManagersPanel() {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  const queryClient = useQueryClient();
  const { data, error } = useQuery(oneCManagersQuery);
  // The last value stays while the dialog closes, so its title does not change under the animation.
  const [editing, setEditing] = useState<{ value: ManagerNameValue; opened: boolean; key: number }>({
    value: { name: null, userId: null, userName: null },
    opened: false,
    key: 0,
  });
  const [removing, setRemoving] = useState<{ name: string; userName: string } | null>(null);
  const edit = (value: ManagerNameValue) => setEditing(({ key }) => ({ value, opened: true, key: key + 1 }));

  return (
    <Paper withBorder radius="md" component="section" aria-label={t("oneC.managers.title")}>
      <Group justify="space-between" align="flex-start" gap="sm" p={{ base: "md", sm: "lg" }} pb="sm">
        <Stack gap={2} style={{ flex: "1 1 320px" }}>
          <PanelTitle>{t("oneC.managers.title")}</PanelTitle>
          <Text size="sm" c="dimmed" maw={760}>
            {t("oneC.managers.intro")}
          </Text>
        </Stack>
        <Button
          leftSection={<IconPlus size={16} />}
          variant="light"
          onClick={() => edit({ name: null, userId: null, userName: null })}
        >
          {t("oneC.managers.add")}
        </Button>
      </Group>
      {error ? (
        <Text c="red" p="md">
          {problemText(error)}
        </Text>
      ) : !data ? (
        <Skeleton h={120} />
      ) : data.length === 0 ? (
        <Text c="dimmed" size="sm" px={{ base: "md", sm: "lg" }} pb="lg">
          {t("oneC.managers.empty")}
        </Text>
      ) : (
        <Table verticalSpacing="xs" aria-label={t("oneC.managers.title")} mb="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th pl={{ base: "md", sm: "lg" }}>
                {phone ? `${t("oneC.managers.name")} → ${t("oneC.managers.user")}` : t("oneC.managers.name")}
              </Table.Th>
              {!phone && <Table.Th>{t("oneC.managers.user")}</Table.Th>}
              <Table.Th w={96} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.map((mapping) => (
              <Table.Tr key={mapping.name}>
                <Table.Td pl={{ base: "md", sm: "lg" }} style={{ overflowWrap: "anywhere" }}>
                  {mapping.name}
                  {/* A phone has no room for two name columns: the employee goes under the 1C name. */}
                  {phone && (
                    <Text size="xs" c="dimmed">
                      → {mapping.userName}
                    </Text>
                  )}
                </Table.Td>
                {!phone && <Table.Td style={{ overflowWrap: "anywhere" }}>{mapping.userName}</Table.Td>}
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end" pr={{ base: 0, sm: "xs" }}>
                    <Tooltip label={t("oneC.managers.change")} withArrow>
                      <ActionIcon
                        variant="subtle"
                        aria-label={t("oneC.managers.changeLabel", { name: mapping.name })}
                        onClick={() => edit(mapping)}
                      >
                        <IconPencil size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={t("oneC.managers.remove")} withArrow>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t("oneC.managers.removeLabel", { name: mapping.name })}
                        onClick={() => setRemoving(mapping)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ManagerNameDialog
        key={editing.key}
        opened={editing.opened}
        initial={editing.value}
        onClose={() => setEditing((current) => ({ ...current, opened: false }))}
      />
      <ConfirmModal
        opened={removing !== null}
        title={t("oneC.managers.removeTitle")}
        message={t("oneC.managers.removeConfirm", { name: removing?.name ?? "", user: removing?.userName ?? "" })}
        confirmLabel={t("oneC.managers.remove")}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await deleteManagerName(removing.name);
          await queryClient.invalidateQueries({ queryKey: oneCManagersQuery.queryKey });
          notifySuccess(t("oneC.managers.removed"));
        }}
      />
    </Paper>
  );
}
