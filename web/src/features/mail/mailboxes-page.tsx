import { Alert, Badge, Button, Group, Paper, Progress, Skeleton, Stack, Text, Title } from "@mantine/core";
import type { Mailbox, MailboxCheck } from "@planerka/common";
import { IconPlugConnected, IconPlus } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDateTime } from "../../lib/dates";
import { FormModal } from "../../lib/form-modal";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { checkMailbox, deleteMailbox, mailboxesQuery } from "./inbox-api";
import { MailboxForm } from "./mailbox-form";

/**
 * «Почтовые ящики»: everyone's own mailbox, and the company's for administrators, with
 * «Проверить соединение» and the importer's progress (the list refreshes while letters come in).
 */
export function MailboxesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { data, error } = useQuery({
    ...mailboxesQuery,
    refetchInterval: (query) =>
      query.state.data?.items.some((box) => box.active && (box.lastImportAt === null || box.imported < box.total))
        ? 3000
        : 30_000,
  });
  const [editing, setEditing] = useState<Mailbox | "new" | null>(null);
  return (
    <Stack gap="md" maw={860}>
      <div>
        <Group justify="space-between">
          <Title order={2}>{t("mailInbox.title")}</Title>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
            {t("mailInbox.add")}
          </Button>
        </Group>
        <Text c="dimmed" size="sm">
          {t("mailInbox.intro")}
        </Text>
      </div>
      {error ? (
        <Text c="red">{problemText(error)}</Text>
      ) : !data ? (
        <Skeleton h={160} />
      ) : data.items.length === 0 ? (
        <Text c="dimmed">{t("mailInbox.empty")}</Text>
      ) : (
        data.items.map((box) => (
          <MailboxCard key={box.id} box={box} timeZone={me.timeZone} onEdit={() => setEditing(box)} />
        ))
      )}
      <FormModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === "new" ? t("mailInbox.add") : t("mailInbox.edit")}
      >
        {editing !== null && (
          <MailboxForm
            key={editing === "new" ? "new" : `${editing.id}:${editing.version}`}
            box={editing === "new" ? null : editing}
            admin={me.role === "admin"}
            onDone={() => setEditing(null)}
          />
        )}
      </FormModal>
    </Stack>
  );
}

function MailboxCard({ box, timeZone, onEdit }: { box: Mailbox; timeZone: string; onEdit: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [checking, setChecking] = useState(false);
  const [check, setCheck] = useState<MailboxCheck | null>(null);
  const [deleting, setDeleting] = useState(false);
  const runCheck = async () => {
    setChecking(true);
    setCheck(null);
    try {
      setCheck(await checkMailbox(box.id));
    } catch (error) {
      notifyError(error);
    } finally {
      setChecking(false);
    }
  };
  return (
    <Paper withBorder p="md" data-testid="mailbox" data-mailbox={box.id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            <Text fw={600}>{box.name}</Text>
            <Badge variant="light" color={box.kind === "company" ? "grape" : "blue"}>
              {t(box.kind === "company" ? "mailInbox.company" : "mailInbox.personal")}
            </Badge>
            {!box.active && (
              <Badge variant="light" color="gray">
                {t("mailInbox.inactive")}
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlugConnected size={14} />}
              loading={checking}
              onClick={runCheck}
            >
              {t("mailInbox.check")}
            </Button>
            <Button variant="default" size="xs" onClick={onEdit}>
              {t("mailInbox.edit")}
            </Button>
            <Button variant="subtle" color="red" size="xs" onClick={() => setDeleting(true)}>
              {t("mailInbox.delete")}
            </Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {box.user} · {box.host}:{box.port} · {box.folder}
        </Text>
        <div>
          <Text size="sm" data-testid="mailbox-progress">
            {t("mailInbox.progress", { imported: box.imported, total: box.total })}
          </Text>
          <Progress value={box.total > 0 ? (box.imported / box.total) * 100 : 0} size="sm" mt={4} />
          <Text size="xs" c="dimmed" mt={4}>
            {box.lastImportAt
              ? t("mailInbox.lastImport", { at: formatDateTime(box.lastImportAt, timeZone) })
              : t("mailInbox.never")}
          </Text>
        </div>
        {box.lastError && (
          <Text size="sm" c="red" style={{ overflowWrap: "anywhere" }}>
            {t("mailInbox.lastError", { error: box.lastError })}
          </Text>
        )}
        {check && (
          <Alert color={check.ok ? "teal" : "red"} data-testid="mailbox-check">
            {check.ok
              ? t("mailInbox.checkOk", { messages: check.messages ?? 0 })
              : t("mailInbox.checkFailed", { error: check.error ?? "" })}
          </Alert>
        )}
      </Stack>
      <ConfirmModal
        opened={deleting}
        title={t("mailInbox.delete")}
        message={t("mailInbox.deleteConfirm")}
        confirmLabel={t("mailInbox.delete")}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await deleteMailbox(box.id);
          await queryClient.invalidateQueries({ queryKey: mailboxesQuery.queryKey });
          notifySuccess(t("mailInbox.deleted"));
        }}
      />
    </Paper>
  );
}
