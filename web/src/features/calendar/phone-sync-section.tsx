import {
  ActionIcon,
  Alert,
  Button,
  CopyButton,
  Divider,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import type { AppPassword } from "@planerka/common";
import { IconAlertTriangle, IconCheck, IconCopy, IconDeviceMobile, IconLink, IconLinkOff } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDate, formatDateTime } from "../../lib/dates";
import { handleFormError, notifySuccess, problemText } from "../../lib/notify";
import {
  appPasswordsQuery,
  caldavAddress,
  calendarFeedQuery,
  createAppPassword,
  createCalendarFeed,
  revokeAppPassword,
  revokeCalendarFeed,
} from "./calendar-sync-api";

/**
 * The profile's «Календарь на телефоне»: how to connect a phone by CalDAV (the server's address,
 * the login, an app password per phone) and the read-only iCalendar subscription.
 */
export function PhoneSyncSection() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Paper withBorder p={{ base: "md", sm: "lg" }} radius="md" component="section" aria-labelledby="phone-sync-title">
      <Stack gap="md">
        <div>
          <Title order={3} size="h4" id="phone-sync-title">
            {t("calendar.sync.title")}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {t("calendar.sync.intro")}
          </Text>
        </div>
        <Stack gap={4}>
          <Text size="sm">{t("calendar.sync.iphone")}</Text>
          <Text size="sm">{t("calendar.sync.android")}</Text>
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <CopyField label={t("calendar.sync.server")} value={caldavAddress(window.location.origin)} />
          <CopyField label={t("calendar.sync.login")} value={me.login} />
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt={-8}>
          {t("calendar.sync.password")}
        </Text>
        <Divider />
        <AppPasswords />
        <Divider />
        <Subscription />
      </Stack>
    </Paper>
  );
}

/**
 * A read-only value with a copy button; a click in the field selects it all. A `wrapped` value
 * (a secret shown once) breaks over lines, so it can be read in full on a phone and typed in.
 */
function CopyField({ label, value, wrapped = false }: { label: string; value: string; wrapped?: boolean }) {
  const { t } = useTranslation();
  const copyButton = (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? t("common.copied") : t("common.copy")} withArrow>
          <ActionIcon
            variant="subtle"
            color={copied ? "teal" : "gray"}
            aria-label={`${t("common.copy")}: ${label}`}
            onClick={copy}
          >
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
  const shared = {
    label,
    value,
    readOnly: true,
    rightSection: copyButton,
    rightSectionPointerEvents: "all" as const,
  };
  const monospace = { fontFamily: "var(--mantine-font-family-monospace)" };
  return wrapped ? (
    <Textarea
      {...shared}
      autosize
      minRows={1}
      onFocus={(event) => event.currentTarget.select()}
      styles={{ input: { ...monospace, wordBreak: "break-all" } }}
    />
  ) : (
    <TextInput {...shared} onFocus={(event) => event.currentTarget.select()} styles={{ input: monospace }} />
  );
}

/** What is shown once: the warning, the value to copy, and «Готово» to put it away. */
function ShownOnce({
  warning,
  label,
  value,
  onDone,
}: {
  warning: string;
  label: string;
  value: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title={warning}>
      <Stack gap="xs">
        <CopyField label={label} value={value} wrapped />
        <Group justify="flex-end">
          <Button size="xs" variant="default" onClick={onDone}>
            {t("calendar.sync.done")}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** App passwords: one per phone, created here, shown once, revoked here. */
function AppPasswords() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const { data, error } = useQuery(appPasswordsQuery);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<{ name: string; password: string } | null>(null);
  const [revoking, setRevoking] = useState<AppPassword | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: appPasswordsQuery.queryKey });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setNameError(t("calendar.sync.phoneNameRequired"));
    setSubmitting(true);
    try {
      const answer = await createAppPassword(trimmed);
      setCreated({ name: answer.name, password: answer.password });
      setName("");
      await refresh();
    } catch (caught) {
      handleFormError(caught, { setErrors: (errors) => setNameError(errors.name) });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Stack gap="sm">
      <div>
        <Text fw={600}>{t("calendar.sync.passwordsTitle")}</Text>
        <Text size="sm" c="dimmed">
          {t("calendar.sync.passwordsHint")}
        </Text>
      </div>
      <form onSubmit={submit} noValidate>
        <Group align="flex-start" gap="xs" wrap="wrap">
          <TextInput
            label={t("calendar.sync.phoneName")}
            placeholder={t("calendar.sync.phoneNamePlaceholder")}
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setNameError(undefined);
            }}
            error={nameError}
            maxLength={100}
            style={{ flex: "1 1 220px" }}
          />
          {/* Level with the input: a label's height above the button. */}
          <Button type="submit" loading={submitting} mt={{ base: 0, xs: 25 }} style={{ flex: "0 0 auto" }}>
            {t("calendar.sync.createPassword")}
          </Button>
        </Group>
      </form>
      {created && (
        <ShownOnce
          warning={t("calendar.sync.passwordOnce")}
          label={t("calendar.sync.newPassword", { name: created.name })}
          value={created.password}
          onDone={() => setCreated(null)}
        />
      )}
      {error ? (
        <Alert color="red" role="alert">
          {problemText(error)}
        </Alert>
      ) : !data ? (
        <Skeleton h={48} />
      ) : data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("calendar.sync.noPasswords")}
        </Text>
      ) : (
        <Stack gap={0} role="list" aria-label={t("calendar.sync.passwordsTitle")}>
          {data.items.map((item, index) => (
            <Group
              key={item.id}
              role="listitem"
              aria-label={item.name}
              justify="space-between"
              wrap="nowrap"
              gap="sm"
              py="xs"
              style={index > 0 ? { borderTop: "1px solid var(--mantine-color-default-border)" } : undefined}
            >
              <Group gap="sm" wrap="nowrap" miw={0}>
                <IconDeviceMobile size={20} stroke={1.6} style={{ flexShrink: 0 }} />
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
                    {item.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t("calendar.sync.createdAt", { date: formatDate(item.createdAt, me.timeZone) })}
                    {" · "}
                    {item.lastUsedAt
                      ? t("calendar.sync.lastUsed", { date: formatDateTime(item.lastUsedAt, me.timeZone) })
                      : t("calendar.sync.neverUsed")}
                  </Text>
                </div>
              </Group>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                onClick={() => setRevoking(item)}
                style={{ flexShrink: 0 }}
              >
                {t("calendar.sync.revoke")}
              </Button>
            </Group>
          ))}
        </Stack>
      )}
      <ConfirmModal
        opened={revoking !== null}
        title={t("calendar.sync.revokeTitle")}
        message={t("calendar.sync.revokeConfirm", { name: revoking?.name ?? "" })}
        confirmLabel={t("calendar.sync.revoke")}
        onConfirm={async () => {
          await revokeAppPassword(revoking!.id);
          await refresh();
          notifySuccess(t("calendar.sync.revoked"));
        }}
        onClose={() => setRevoking(null)}
      />
    </Stack>
  );
}

/** The iCalendar subscription: its state, a new secret address (shown once), turning it off. */
function Subscription() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const { data, error } = useQuery(calendarFeedQuery);
  const [creating, setCreating] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<"renew" | "disable" | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: calendarFeedQuery.queryKey });

  const create = async () => {
    const answer = await createCalendarFeed();
    setUrl(window.location.origin + answer.path);
    await refresh();
  };

  const createFirst = async () => {
    setCreating(true);
    try {
      await create();
    } catch (caught) {
      handleFormError(caught);
    } finally {
      setCreating(false);
    }
  };

  return (
    <Stack gap="sm">
      <div>
        <Text fw={600}>{t("calendar.sync.feedTitle")}</Text>
        <Text size="sm" c="dimmed">
          {t("calendar.sync.feedHint")}
        </Text>
      </div>
      {error ? (
        <Alert color="red" role="alert">
          {problemText(error)}
        </Alert>
      ) : !data ? (
        <Skeleton h={36} />
      ) : (
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap={6} wrap="nowrap">
            {data.active ? (
              <IconLink size={18} color="var(--mantine-color-teal-filled)" style={{ flexShrink: 0 }} />
            ) : (
              <IconLinkOff size={18} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0 }} />
            )}
            <Text size="sm" data-testid="calendar-feed-status">
              {data.active
                ? t("calendar.sync.feedActive", { date: formatDate(data.createdAt, me.timeZone) })
                : t("calendar.sync.feedInactive")}
            </Text>
          </Group>
          {data.active ? (
            <Group gap="xs">
              <Button size="xs" variant="default" onClick={() => setConfirming("renew")}>
                {t("calendar.sync.feedRenew")}
              </Button>
              <Button size="xs" variant="subtle" color="red" onClick={() => setConfirming("disable")}>
                {t("calendar.sync.feedDisable")}
              </Button>
            </Group>
          ) : (
            <Button size="xs" onClick={() => void createFirst()} loading={creating}>
              {t("calendar.sync.feedCreate")}
            </Button>
          )}
        </Group>
      )}
      {url && (
        <ShownOnce
          warning={t("calendar.sync.feedOnce")}
          label={t("calendar.sync.feedUrl")}
          value={url}
          onDone={() => setUrl(null)}
        />
      )}
      <ConfirmModal
        opened={confirming === "renew"}
        title={t("calendar.sync.feedRenewTitle")}
        message={t("calendar.sync.feedRenewConfirm")}
        confirmLabel={t("calendar.sync.feedRenew")}
        onConfirm={create}
        onClose={() => setConfirming(null)}
      />
      <ConfirmModal
        opened={confirming === "disable"}
        title={t("calendar.sync.feedDisableTitle")}
        message={t("calendar.sync.feedDisableConfirm")}
        confirmLabel={t("calendar.sync.feedDisable")}
        onConfirm={async () => {
          await revokeCalendarFeed();
          setUrl(null);
          await refresh();
          notifySuccess(t("calendar.sync.feedDisabled"));
        }}
        onClose={() => setConfirming(null)}
      />
    </Stack>
  );
}
