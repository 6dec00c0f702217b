import {
  ActionIcon,
  Badge,
  Button,
  Code,
  Group,
  List,
  Paper,
  PasswordInput,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { handleFormError, notifyError, notifySuccess, problemText } from "../../lib/notify";
import { UserPicker } from "../org/user-picker";
import {
  saveTelephonySettings,
  type TelephonySettings,
  type TelephonyTestResult,
  telephonySettingsQuery,
  testTelephony,
} from "./telephony-api";

/** Settings → «Телефония»: the secret the PBX signs its call events with, the originate address and who each extension rings. */
export function TelephonySettingsPage() {
  const { t } = useTranslation();
  const { data, error, refetch } = useQuery(telephonySettingsQuery);
  return (
    <Stack gap="md" maw={860}>
      <div>
        <Group gap="sm">
          <Title order={2}>{t("telephony.title")}</Title>
          {data && (
            <Badge color={data.configured ? "teal" : "gray"} variant="light">
              {t(data.configured ? "telephony.configured" : "telephony.notConfigured")}
            </Badge>
          )}
        </Group>
        <Text c="dimmed" size="sm">
          {t("telephony.intro")}
        </Text>
      </div>
      {error ? (
        <Text c="red">{problemText(error)}</Text>
      ) : !data ? (
        <Skeleton h={360} />
      ) : (
        <TelephonyForm key={data.version} settings={data} onStale={() => void refetch()} />
      )}
    </Stack>
  );
}

interface ExtensionRow {
  key: number;
  extension: string;
  userId: string | null;
  userName: string | null;
}

function TelephonyForm({ settings, onStale }: { settings: TelephonySettings; onStale: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState("");
  const [originateUrl, setOriginateUrl] = useState(settings.originateUrl ?? "");
  const [rows, setRows] = useState<ExtensionRow[]>(
    settings.extensions.map((entry, index) => ({ key: index, ...entry })),
  );
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<TelephonyTestResult | null>(null);
  const endpoint = `${window.location.origin}/api/v1/integrations/telephony/events`;

  const runTest = async () => {
    setTesting(true);
    try {
      setTestResult(await testTelephony());
    } catch (error) {
      notifyError(error);
    } finally {
      setTesting(false);
    }
  };

  const setRow = (key: number, patch: Partial<ExtensionRow>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const filled = rows.filter((row) => row.extension.trim() !== "" || row.userId !== null);
    if (filled.some((row) => row.extension.trim() === "" || row.userId === null))
      return setErrors({ extensions: t("telephony.rowIncomplete") });
    setSaving(true);
    try {
      const saved = await saveTelephonySettings({
        ...(secret ? { secret } : {}),
        originateUrl: originateUrl.trim() === "" ? null : originateUrl.trim(),
        extensions: filled.map((row) => ({ extension: row.extension.trim(), userId: row.userId! })),
        version: settings.version,
      });
      queryClient.setQueryData(telephonySettingsQuery.queryKey, saved);
      notifySuccess(t("telephony.saved"));
    } catch (error) {
      handleFormError(error, { setErrors }, onStale);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Paper withBorder p="lg" radius="md">
          <Stack gap="sm">
            <Text fw={600}>{t("telephony.webhook")}</Text>
            <Text size="sm" c="dimmed">
              {t("telephony.webhookHint")}
            </Text>
            <Code block>{endpoint}</Code>
            <PasswordInput
              label={settings.configured ? t("telephony.newSecret") : t("telephony.secret")}
              description={t("telephony.secretHint")}
              value={secret}
              onChange={(change) => setSecret(change.currentTarget.value)}
              error={errors.secret}
              required={!settings.configured}
              autoComplete="new-password"
            />
            <TextInput
              label={t("telephony.originateUrl")}
              description={t("telephony.originateHint")}
              placeholder="https://pbx.example.kz/originate"
              value={originateUrl}
              onChange={(change) => setOriginateUrl(change.currentTarget.value)}
              error={errors.originateUrl}
            />
          </Stack>
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Stack gap="sm">
            <Text fw={600}>{t("telephony.extensions")}</Text>
            <Text size="sm" c="dimmed">
              {t("telephony.extensionsHint")}
            </Text>
            <Table aria-label={t("telephony.extensions")} layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={140}>{t("telephony.extension")}</Table.Th>
                  <Table.Th>{t("telephony.employee")}</Table.Th>
                  <Table.Th w={48} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.key}>
                    <Table.Td>
                      <TextInput
                        aria-label={t("telephony.extension")}
                        value={row.extension}
                        maxLength={40}
                        onChange={(change) => setRow(row.key, { extension: change.currentTarget.value })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <UserPicker
                        aria-label={t("telephony.employee")}
                        value={row.userId}
                        initialOption={row.userId && row.userName ? { id: row.userId, name: row.userName } : null}
                        onChange={(userId) => setRow(row.key, { userId })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t("telephony.removeRow")}
                        onClick={() => setRows((current) => current.filter((entry) => entry.key !== row.key))}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {errors.extensions && (
              <Text c="red" size="sm" role="alert">
                {errors.extensions}
              </Text>
            )}
            <Button
              variant="light"
              leftSection={<IconPlus size={16} />}
              w="fit-content"
              onClick={() =>
                setRows((current) => [
                  ...current,
                  {
                    key: Math.max(0, ...current.map((row) => row.key)) + 1,
                    extension: "",
                    userId: null,
                    userName: null,
                  },
                ])
              }
            >
              {t("telephony.addRow")}
            </Button>
          </Stack>
        </Paper>
        {testResult && <TelephonyTestResultView result={testResult} />}
        <Group justify="flex-end">
          {settings.configured && (
            <Button variant="default" loading={testing} onClick={() => void runTest()}>
              {t("telephony.test")}
            </Button>
          )}
          <Button type="submit" loading={saving}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** What «Проверить» found: each check a line, green when it holds. */
function TelephonyTestResultView({ result }: { result: TelephonyTestResult }) {
  const { t } = useTranslation();
  const lines: { ok: boolean; text: string }[] = [
    { ok: result.secret, text: t("telephony.testSecret") },
    { ok: result.extensions > 0, text: t("telephony.testExtensions", { count: result.extensions }) },
    ...(result.inactiveExtensions > 0
      ? [{ ok: false, text: t("telephony.testInactive", { count: result.inactiveExtensions }) }]
      : []),
    result.originate === null
      ? { ok: true, text: t("telephony.testNoOriginate") }
      : result.originate.ok
        ? { ok: true, text: t("telephony.testOriginateOk", { status: result.originate.status }) }
        : { ok: false, text: t("telephony.testOriginateFailed", { error: result.originate.error }) },
    { ok: true, text: t("telephony.testPopUp") },
  ];
  return (
    <Paper withBorder p="md" radius="md" role="status" aria-label={t("telephony.test")}>
      <List spacing={4} size="sm">
        {lines.map((line) => (
          <List.Item
            key={line.text}
            icon={
              <ThemeIcon size={18} radius="xl" color={line.ok ? "teal" : "red"} variant="light">
                {line.ok ? <IconCheck size={12} /> : <IconAlertTriangle size={12} />}
              </ThemeIcon>
            }
          >
            {line.text}
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}
