import {
  ActionIcon,
  Button,
  Collapse,
  Group,
  NumberInput,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import type { TaskDetail, TimeEntry } from "@planerka/common";
import { IconClockPlus, IconPlayerPlayFilled, IconPlayerStopFilled, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { companyToday, formatDate } from "../../lib/dates";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { formatElapsed, formatMinutes } from "./task-status";
import {
  addTimeEntry,
  deleteTimeEntry,
  refreshTaskViews,
  runningTimerQuery,
  startTimer,
  stopTimer,
  timeEntriesQuery,
} from "./tasks-api";
import { useNow } from "./use-now";

/** Time on the task: the timer, planned against spent, a manual entry, and every entry so far. */
export function TaskTime({ task, reload }: { task: TaskDetail; reload: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const timer = useQuery(runningTimerQuery).data?.entry ?? null;
  const runningHere = timer?.taskId === task.id;
  const now = useNow(runningHere);
  const [busy, setBusy] = useState(false);
  const [manualOpen, setManualOpen] = useState(false);

  const toggleTimer = async () => {
    setBusy(true);
    try {
      if (runningHere) {
        await stopTimer(task.id);
        notifySuccess(t("tasks.time.stopped"));
      } else {
        await startTimer(task.id);
        notifySuccess(t("tasks.time.started"));
      }
    } catch (error) {
      notifyError(error);
    }
    refreshTaskViews(queryClient, task.id);
    await Promise.all([reload(), queryClient.refetchQueries({ queryKey: runningTimerQuery.queryKey })]);
    setBusy(false);
  };

  const planned = task.plannedMinutes;
  const spent = task.spentMinutes;
  const over = planned !== null && spent > planned;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="task-time-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="task-time-title">
          {t("tasks.time.title")}
        </Title>
        {task.abilities.trackTime && (runningHere || task.status !== "done") && (
          <Button
            size="lg"
            fullWidth
            color={runningHere ? "red" : "teal"}
            leftSection={runningHere ? <IconPlayerStopFilled size={20} /> : <IconPlayerPlayFilled size={20} />}
            loading={busy}
            onClick={() => void toggleTimer()}
            aria-label={runningHere ? t("tasks.time.stop") : t("tasks.time.start")}
          >
            <Group gap="sm" wrap="nowrap">
              <span>{runningHere ? t("tasks.time.stop") : t("tasks.time.start")}</span>
              {runningHere && timer && (
                <Text span ff="monospace" fw={700} data-testid="task-timer-elapsed">
                  {formatElapsed(now - new Date(timer.startedAt).getTime())}
                </Text>
              )}
            </Group>
          </Button>
        )}
        {timer && !runningHere && task.abilities.trackTime && (
          <Text size="xs" c="dimmed">
            {t("tasks.time.otherRunning", { title: timer.taskTitle })}
          </Text>
        )}
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-end">
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t("tasks.time.spent")}
            </Text>
            <Text fw={700} fz="lg" c={over ? "red.7" : undefined} data-testid="task-spent">
              {formatMinutes(spent)}
            </Text>
          </Stack>
          <Stack gap={0} align="flex-end">
            <Text size="xs" c="dimmed">
              {t("tasks.time.planned")}
            </Text>
            <Text fw={600} data-testid="task-planned">
              {planned === null ? t("tasks.time.notPlanned") : formatMinutes(planned)}
            </Text>
          </Stack>
        </Group>
        {planned !== null && planned > 0 && (
          <Stack gap={2}>
            <Progress.Root size="lg" aria-label={t("tasks.time.progressLabel")}>
              <Progress.Section value={Math.min(100, (spent / planned) * 100)} color={over ? "red" : "teal"} />
            </Progress.Root>
            <Text size="xs" c={over ? "red.7" : "dimmed"}>
              {over
                ? t("tasks.time.over", { minutes: formatMinutes(spent - planned) })
                : t("tasks.time.left", { minutes: formatMinutes(planned - spent) })}
            </Text>
          </Stack>
        )}
        {task.abilities.trackTime && (
          <>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconClockPlus size={14} />}
              onClick={() => setManualOpen((open) => !open)}
              aria-expanded={manualOpen}
              w="fit-content"
            >
              {t("tasks.time.manual")}
            </Button>
            <Collapse expanded={manualOpen}>
              <ManualEntryForm
                task={task}
                onAdded={() => {
                  setManualOpen(false);
                  void reload();
                }}
              />
            </Collapse>
          </>
        )}
        <TimeEntries task={task} onDeleted={() => void reload()} />
      </Stack>
    </Paper>
  );
}

function ManualEntryForm({ task, onAdded }: { task: TaskDetail; onAdded: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const today = companyToday(me.timeZone);
  const [day, setDay] = useState<string | null>(today);
  const [minutes, setMinutes] = useState<number | string>("");
  const [comment, setComment] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = Number(minutes);
    const next: Record<string, string> = {};
    if (!day) next.day = t("errors.required");
    if (!Number.isInteger(value) || value < 1 || value > 1440) next.minutes = "1–1440";
    if (Object.keys(next).length > 0 || !day) return setErrors(next);
    setSaving(true);
    try {
      await addTimeEntry(task.id, { day, minutes: value, comment: comment.trim() || null });
      notifySuccess(t("tasks.time.added"));
      setMinutes("");
      setComment("");
      setErrors({});
      refreshTaskViews(queryClient, task.id);
      onAdded();
    } catch (error) {
      notifyError(error);
      if (error instanceof ProblemError) setErrors(error.fieldErrors());
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t("tasks.time.manual")}>
      <Stack gap="xs">
        <Group gap="xs" grow wrap="nowrap" align="flex-start">
          <DatePickerInput
            label={t("tasks.time.day")}
            value={day}
            onChange={setDay}
            valueFormat="D MMM YYYY"
            maxDate={today}
            error={errors.day}
            size="sm"
          />
          <NumberInput
            label={t("tasks.time.minutes")}
            value={minutes}
            onChange={setMinutes}
            min={1}
            max={1440}
            allowDecimal={false}
            error={errors.minutes}
            size="sm"
          />
        </Group>
        <TextInput
          label={t("tasks.time.comment")}
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          maxLength={1000}
          error={errors.comment}
          size="sm"
        />
        <Button type="submit" size="sm" loading={saving} w="fit-content">
          {t("tasks.time.add")}
        </Button>
      </Stack>
    </form>
  );
}

function TimeEntries({ task, onDeleted }: { task: TaskDetail; onDeleted: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useQuery(timeEntriesQuery(task.id));
  const entries = query.data?.items ?? [];

  const remove = async (entry: TimeEntry) => {
    try {
      await deleteTimeEntry(task.id, entry.id);
      notifySuccess(t("tasks.time.entryDeleted"));
    } catch (error) {
      notifyError(error);
    }
    refreshTaskViews(queryClient, task.id);
    onDeleted();
  };

  if (query.error) {
    return (
      <Text c="red" size="sm">
        {problemText(query.error)}
      </Text>
    );
  }
  if (!query.data) return null;
  if (entries.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t("tasks.time.noEntries")}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={280}>
      <Table verticalSpacing={4} fz="sm" aria-label={t("tasks.time.entries")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("tasks.time.day")}</Table.Th>
            <Table.Th>{t("tasks.time.who")}</Table.Th>
            <Table.Th ta="right">{t("tasks.time.minutes")}</Table.Th>
            <Table.Th w={32} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => {
            const running = entry.endedAt === null;
            const date = formatDate(entry.startedAt, me.timeZone);
            return (
              <Table.Tr key={entry.id} data-source={entry.source}>
                <Table.Td>
                  <Text size="xs" style={{ whiteSpace: "nowrap" }}>
                    {date}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {running ? t("tasks.time.running") : t(`tasks.time.sources.${entry.source}`)}
                    {entry.comment ? ` · ${entry.comment}` : ""}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{entry.user.name}</Text>
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                  {formatMinutes(entry.minutes)}
                </Table.Td>
                <Table.Td>
                  {!running && (entry.user.id === me.id || task.abilities.edit) && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="sm"
                      aria-label={t("tasks.time.deleteEntry", { minutes: formatMinutes(entry.minutes), date })}
                      onClick={() => void remove(entry)}
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
