import { Badge, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import type { MeetingMinutes } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";

/** One meeting's minutes: when, who attended, the agenda as ticked, questions, decisions, tasks. */
export function MeetingMinutesView({
  minutes,
  highlighted = false,
}: {
  minutes: MeetingMinutes;
  highlighted?: boolean;
}) {
  const { t } = useTranslation();
  const zone = useMe().calendarTimeZone;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      data-testid="meeting-minutes"
      style={highlighted ? { borderColor: "var(--mantine-color-blue-filled)" } : undefined}
    >
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={4}>
            {t("meetingRoom.minutes.title")}: {minutes.title}
          </Title>
          <Text size="sm" c="dimmed">
            {t("meetingRoom.minutes.when", {
              start: formatDateTime(minutes.startedAt, zone),
              end: formatDateTime(minutes.endedAt, zone),
            })}{" "}
            · {t("meetingRoom.minutes.endedBy", { name: minutes.endedBy.name })}
          </Text>
        </Stack>
        <Section title={t("meetingRoom.minutes.attendees")}>
          <Text size="sm">
            {minutes.attendees.map((person) => person.name).join(", ") || t("meetingRoom.minutes.nobody")}
          </Text>
        </Section>
        <Section title={t("meetingRoom.minutes.agenda")}>
          <Lines
            lines={minutes.agenda.map((item) => ({
              text: item.body,
              badge: item.done ? t("meetingRoom.minutes.done") : t("meetingRoom.minutes.notDone"),
              good: item.done,
            }))}
          />
        </Section>
        {minutes.questions.length > 0 && (
          <Section title={t("meetingRoom.minutes.questions")}>
            <Lines
              lines={minutes.questions.map((item) => ({
                text: item.body,
                badge: item.answered ? t("meetingRoom.minutes.answered") : t("meetingRoom.minutes.open"),
                good: item.answered,
              }))}
            />
          </Section>
        )}
        <Section title={t("meetingRoom.minutes.decisions")}>
          <Lines lines={minutes.decisions.map((text) => ({ text }))} />
        </Section>
        <Section title={t("meetingRoom.minutes.tasks")}>
          <Lines
            testId="minutes-task"
            lines={minutes.tasks.map((task) => ({
              text: `${task.title} — ${task.assignee.name}, ${
                task.deadline
                  ? t("meetingRoom.tasks.due", { date: formatDateTime(task.deadline, zone) })
                  : t("meetingRoom.tasks.noDeadline")
              }`,
            }))}
          />
        </Section>
      </Stack>
    </Paper>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      {children}
    </Stack>
  );
}

function Lines({ lines, testId }: { lines: { text: string; badge?: string; good?: boolean }[]; testId?: string }) {
  const { t } = useTranslation();
  if (lines.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t("meetingRoom.minutes.nobody")}
      </Text>
    );
  return (
    <List size="sm" spacing={2}>
      {lines.map((line, index) => (
        // The minutes are frozen: the order is their identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of a frozen record
        <List.Item key={index} data-testid={testId}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              {line.text}
            </Text>
            {line.badge && (
              <Badge size="xs" variant="light" color={line.good ? "teal" : "gray"}>
                {line.badge}
              </Badge>
            )}
          </Group>
        </List.Item>
      ))}
    </List>
  );
}
