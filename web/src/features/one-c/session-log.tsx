import {
  Anchor,
  Badge,
  Button,
  Group,
  Pagination,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { OneCSession } from "@planerka/common";
import { IconRefresh } from "@tabler/icons-react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime, formatTime } from "../../lib/dates";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { formatSize } from "../../lib/numbers";
import { oneCSessionsQuery, rerunSession, sessionsPageSize } from "./one-c-api";
import { RejectionsDialog } from "./rejections-dialog";

const statusColors = { running: "blue", succeeded: "teal", failed: "red" } as const;
const countKeys = ["created", "updated", "unchanged", "rejected"] as const;

/**
 * «Журнал обмена»: every session (1C's CommerceML exchange, a JSON batch), newest first. A session
 * opens the elements it rejected with their reasons; 1C's sessions can be run again («Повторить»).
 * A table on a computer, one card per session on a phone.
 */
export function SessionLog() {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 48em)");
  const [page, setPage] = useState(1);
  // The last session stays while the dialog closes, so its text does not vanish under the animation.
  const [rejections, setRejections] = useState<{ session: OneCSession | null; opened: boolean }>({
    session: null,
    opened: false,
  });
  const { data, error } = useQuery({
    ...oneCSessionsQuery((page - 1) * sessionsPageSize),
    placeholderData: keepPreviousData,
  });
  const pages = data ? Math.max(1, Math.ceil(data.total / sessionsPageSize)) : 1;
  const open = (session: OneCSession) => setRejections({ session, opened: true });

  return (
    <Paper withBorder radius="md" component="section" aria-label={t("oneC.log.title")}>
      <Stack gap={2} p={{ base: "md", sm: "lg" }} pb="sm">
        <Title order={3} size="h4">
          {t("oneC.log.title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("oneC.log.intro")}
        </Text>
      </Stack>
      {error ? (
        <Text c="red" p="md">
          {problemText(error)}
        </Text>
      ) : !data ? (
        <Skeleton h={200} />
      ) : data.items.length === 0 ? (
        <Text c="dimmed" ta="center" p="xl">
          {t("oneC.log.empty")}
        </Text>
      ) : phone ? (
        <Stack gap="xs" px="sm" aria-label={t("oneC.log.title")} role="list">
          {data.items.map((session) => (
            <SessionCard key={session.id} session={session} onOpen={() => open(session)} />
          ))}
        </Stack>
      ) : (
        <SessionTable sessions={data.items} onOpen={open} />
      )}
      {data && data.total > 0 && (
        <Group justify="space-between" p="sm" px={{ base: "md", sm: "lg" }}>
          <Text size="sm" c="dimmed">
            {t("oneC.log.total", { value: data.total })}
          </Text>
          {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} size="sm" />}
        </Group>
      )}
      <RejectionsDialog
        session={rejections.session}
        opened={rejections.opened}
        onClose={() => setRejections((current) => ({ ...current, opened: false }))}
      />
    </Paper>
  );
}

function SessionTable({ sessions, onOpen }: { sessions: OneCSession[]; onOpen: (session: OneCSession) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="sm" highlightOnHover aria-label={t("oneC.log.title")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("oneC.log.timeUser")}</Table.Th>
            <Table.Th>{t("oneC.log.kind")}</Table.Th>
            <Table.Th>{t("oneC.log.files")}</Table.Th>
            {countKeys.map((key) => (
              <Table.Th key={key} ta="right" w={88}>
                {t(`oneC.log.${key}`)}
              </Table.Th>
            ))}
            <Table.Th>{t("oneC.log.status")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sessions.map((session) => (
            <Table.Tr
              key={session.id}
              data-session-id={session.id}
              onClick={() => onOpen(session)}
              style={{ cursor: "pointer" }}
            >
              <Table.Td>
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  style={{ whiteSpace: "nowrap" }}
                  aria-label={t("oneC.log.openRejections", { time: formatDateTime(session.startedAt, me.timeZone) })}
                  onClick={(event) => {
                    event.stopPropagation();
                    onOpen(session);
                  }}
                >
                  {formatDateTime(session.startedAt, me.timeZone)}
                </Anchor>
                <FinishedAt session={session} />
                <Text size="xs" c="dimmed">
                  {session.userName ?? "—"}
                </Text>
              </Table.Td>
              <Table.Td>
                <SessionKind session={session} />
              </Table.Td>
              <Table.Td maw={220}>
                <SessionFiles session={session} />
              </Table.Td>
              {countKeys.map((key) => (
                <Table.Td key={key} ta="right">
                  <Count session={session} field={key} />
                </Table.Td>
              ))}
              <Table.Td maw={240}>
                <SessionStatus session={session} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A session on a phone: the same facts stacked; the card opens the rejections. */
function SessionCard({ session, onOpen }: { session: OneCSession; onOpen: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Paper withBorder radius="sm" p="sm" role="listitem" data-session-id={session.id}>
      <Stack gap={6}>
        <UnstyledButton
          onClick={onOpen}
          aria-label={t("oneC.log.openRejections", { time: formatDateTime(session.startedAt, me.timeZone) })}
        >
          <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} c="blue">
                {formatDateTime(session.startedAt, me.timeZone)}
                <FinishedAt session={session} />
              </Text>
              <Text size="xs" c="dimmed">
                {session.userName ?? "—"}
              </Text>
            </div>
            <Badge variant="light" color={statusColors[session.status]} style={{ flexShrink: 0 }}>
              {t(`oneC.statuses.${session.status}`)}
            </Badge>
          </Group>
        </UnstyledButton>
        <SessionKind session={session} />
        {session.files.length > 0 && <SessionFiles session={session} />}
        {/* The numbers on one line, their names under them (a long name may wrap). */}
        <SimpleGrid cols={4} spacing={4}>
          {countKeys.map((key) => (
            <div key={key}>
              <Count session={session} field={key} />
              <Text size="xs" c="dimmed" lh={1.2}>
                {t(`oneC.log.${key}`)}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        {session.error && (
          <Text size="xs" c="red" style={{ overflowWrap: "anywhere" }}>
            {session.error}
          </Text>
        )}
        {(session.kind === "sale" || session.kind === "catalog") && (
          <Group>
            <RerunButton sessionId={session.id} />
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** When the session ended, if not within the minute it began (a long import, a stuck one). */
function FinishedAt({ session }: { session: OneCSession }) {
  const me = useMe();
  if (!session.finishedAt) return null;
  const started = formatDateTime(session.startedAt, me.timeZone);
  if (formatDateTime(session.finishedAt, me.timeZone) === started) return null;
  return (
    <Text span size="xs" c="dimmed" fw={400} style={{ whiteSpace: "nowrap" }}>
      {" "}
      → {formatTime(session.finishedAt, me.timeZone)}
    </Text>
  );
}

function SessionKind({ session }: { session: OneCSession }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} align="flex-start">
      <Text size="sm">{t(`oneC.kinds.${session.kind}`)}</Text>
      {session.directions.length > 0 && (
        <Group gap={4} aria-label={t("oneC.log.direction")}>
          {session.directions.map((direction) => (
            <Badge key={direction} variant="outline" size="sm" color={direction === "in" ? "blue" : "grape"}>
              {t(`oneC.directions.${direction}`)}
            </Badge>
          ))}
        </Group>
      )}
      {session.directions.includes("out") && (
        <Text size="xs" c="dimmed">
          {t("oneC.log.ordersSent", { count: session.ordersSent })}
        </Text>
      )}
    </Stack>
  );
}

function SessionFiles({ session }: { session: OneCSession }) {
  const { t } = useTranslation();
  if (session.files.length === 0) return "—";
  return (
    <Stack gap={0}>
      {session.files.map((file) => (
        <Text
          key={file.name}
          size="xs"
          c={file.applied ? undefined : "dimmed"}
          title={file.applied ? t("oneC.log.applied") : t("oneC.log.notApplied")}
          style={{ overflowWrap: "anywhere" }}
        >
          {file.name} · {formatSize(file.size)}
        </Text>
      ))}
    </Stack>
  );
}

function Count({ session, field }: { session: OneCSession; field: (typeof countKeys)[number] }) {
  const value = session.counts[field];
  const alarming = field === "rejected" && value > 0;
  return (
    <Text size="sm" c={alarming ? "red" : undefined} fw={alarming ? 600 : undefined}>
      {value}
    </Text>
  );
}

function SessionStatus({ session }: { session: OneCSession }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} align="flex-start">
      <Badge variant="light" color={statusColors[session.status]}>
        {t(`oneC.statuses.${session.status}`)}
      </Badge>
      {session.error && (
        <Text size="xs" c="red" style={{ overflowWrap: "anywhere" }}>
          {session.error}
        </Text>
      )}
      {/* A JSON batch is not kept (the 1C service sends it again); 1C's files are. */}
      {(session.kind === "sale" || session.kind === "catalog") && <RerunButton sessionId={session.id} />}
    </Stack>
  );
}

/** «Повторить»: the server runs the session's kept files again; a refusal (409, 404) shows the server's words. */
function RerunButton({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const rerun = async () => {
    setPending(true);
    try {
      await rerunSession(sessionId);
      notifySuccess(t("oneC.log.rerunDone"));
      void queryClient.invalidateQueries({ queryKey: ["one-c"] });
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(false);
    }
  };
  return (
    <Button
      size="compact-xs"
      variant="light"
      leftSection={<IconRefresh size={14} />}
      loading={pending}
      onClick={(event) => {
        // The row opens the rejections; the button must not.
        event.stopPropagation();
        void rerun();
      }}
    >
      {t("oneC.log.rerun")}
    </Button>
  );
}
