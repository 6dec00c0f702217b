import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Tabs,
  Text,
  TextInput,
} from "@mantine/core";
import type { MeetingItem, MeetingItemKind, MeetingRoom } from "@planerka/common";
import { IconSend, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { formatTime } from "../../lib/dates";
import { notifyError } from "../../lib/notify";
import { TasksPanel } from "./meeting-tasks-panel";
import {
  addMeetingItem,
  deleteMeetingItem,
  meetingRoomQuery,
  postMeetingMessage,
  refreshMeetingRoom,
  setMeetingItemDone,
} from "./meetings-api";

type Meeting = NonNullable<MeetingRoom["meeting"]>;

/** The meeting's agenda, questions, decisions, tasks and chat, each a tab (one column on a phone). */
export function MeetingPanels({ roomId, meeting }: { roomId: string; meeting: Meeting | null }) {
  const { t } = useTranslation();
  const items = meeting?.items ?? [];
  const count = (kind: MeetingItemKind) => items.filter((item) => item.kind === kind).length;
  return (
    <Paper withBorder radius="md" p="sm" role="region" aria-label={t("meetingRoom.panels.region")}>
      <Tabs defaultValue="agenda" keepMounted={false}>
        <Tabs.List grow>
          <Tabs.Tab value="agenda">
            {t("meetingRoom.panels.agenda")} <Counter value={count("agenda")} />
          </Tabs.Tab>
          <Tabs.Tab value="questions">
            {t("meetingRoom.panels.questions")} <Counter value={count("question")} />
          </Tabs.Tab>
          <Tabs.Tab value="decisions">
            {t("meetingRoom.panels.decisions")} <Counter value={count("decision")} />
          </Tabs.Tab>
          <Tabs.Tab value="tasks">
            {t("meetingRoom.panels.tasks")} <Counter value={meeting?.tasks.length ?? 0} />
          </Tabs.Tab>
          <Tabs.Tab value="chat">
            {t("meetingRoom.panels.chat")} <Counter value={meeting?.messages.length ?? 0} />
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="agenda" pt="sm">
          <ItemsPanel roomId={roomId} kind="agenda" items={items} />
        </Tabs.Panel>
        <Tabs.Panel value="questions" pt="sm">
          <ItemsPanel roomId={roomId} kind="question" items={items} />
        </Tabs.Panel>
        <Tabs.Panel value="decisions" pt="sm">
          <ItemsPanel roomId={roomId} kind="decision" items={items} />
        </Tabs.Panel>
        <Tabs.Panel value="tasks" pt="sm">
          <TasksPanel roomId={roomId} meeting={meeting} />
        </Tabs.Panel>
        <Tabs.Panel value="chat" pt="sm">
          <ChatPanel roomId={roomId} meeting={meeting} />
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}

function Counter({ value }: { value: number }) {
  return value > 0 ? (
    <Badge size="xs" variant="light" ml={4}>
      {value}
    </Badge>
  ) : null;
}

const addLabels = {
  agenda: "meetingRoom.items.addAgenda",
  question: "meetingRoom.items.addQuestion",
  decision: "meetingRoom.items.addDecision",
} as const;
const emptyLabels = {
  agenda: "meetingRoom.items.emptyAgenda",
  question: "meetingRoom.items.emptyQuestions",
  decision: "meetingRoom.items.emptyDecisions",
} as const;

/** A line written and sent; the field keeps the text when the server refuses it. */
function useSend(roomId: string, send: (text: string) => Promise<unknown>) {
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!text.trim() || sending) return;
    setSending(true);
    setError(null);
    try {
      await send(text.trim());
      setText("");
      refreshMeetingRoom(queryClient, roomId);
    } catch (problem) {
      if (isProblem(problem, 400)) setError(problem.errors[0]?.message ?? problem.message);
      else notifyError(problem);
    } finally {
      setSending(false);
    }
  };
  return { text, setText, sending, error, submit };
}

function ItemsPanel({ roomId, kind, items }: { roomId: string; kind: MeetingItemKind; items: MeetingItem[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mine = items.filter((item) => item.kind === kind);
  const form = useSend(roomId, (text) => addMeetingItem(roomId, kind, text));
  const change = async (work: () => Promise<unknown>) => {
    try {
      await work();
      refreshMeetingRoom(queryClient, roomId);
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack gap="xs" data-testid={`meeting-${kind}`}>
      {mine.length === 0 && (
        <Text size="sm" c="dimmed">
          {t(emptyLabels[kind])}
        </Text>
      )}
      {mine.map((item) => (
        <Group key={item.id} gap="xs" wrap="nowrap" align="flex-start" data-testid="meeting-item">
          {kind === "decision" ? (
            <Text size="sm" style={{ flex: 1, overflowWrap: "anywhere" }}>
              {item.body}
            </Text>
          ) : (
            <Checkbox
              style={{ flex: 1 }}
              checked={item.done}
              label={item.body}
              aria-label={`${kind === "agenda" ? t("meetingRoom.items.agendaDone") : t("meetingRoom.items.questionDone")}: ${item.body}`}
              onChange={(event) => {
                const done = event.currentTarget.checked;
                // Ticked at once; the room's reload after the answer shows what the server kept.
                // A reload already under way (someone else's change) would bring the old tick back.
                void queryClient.cancelQueries({ queryKey: meetingRoomQuery(roomId).queryKey });
                queryClient.setQueryData(meetingRoomQuery(roomId).queryKey, (room) =>
                  room?.meeting
                    ? {
                        ...room,
                        meeting: {
                          ...room.meeting,
                          items: room.meeting.items.map((entry) => (entry.id === item.id ? { ...entry, done } : entry)),
                        },
                      }
                    : room,
                );
                void change(() => setMeetingItemDone(roomId, item.id, done));
              }}
              styles={{ label: { textDecoration: item.done ? "line-through" : undefined, overflowWrap: "anywhere" } }}
            />
          )}
          <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
            {item.author.name}
          </Text>
          {item.abilities.delete && (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={`${t("meetingRoom.items.remove")}: ${item.body}`}
              onClick={() => void change(() => deleteMeetingItem(roomId, item.id))}
            >
              <IconTrash size={14} />
            </ActionIcon>
          )}
        </Group>
      ))}
      <form onSubmit={(event) => void form.submit(event)}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <TextInput
            style={{ flex: 1 }}
            aria-label={t(addLabels[kind])}
            placeholder={t(addLabels[kind])}
            value={form.text}
            maxLength={1000}
            error={form.error}
            onChange={(event) => form.setText(event.currentTarget.value)}
          />
          <Button type="submit" variant="light" loading={form.sending} disabled={!form.text.trim()}>
            {t("meetingRoom.items.add")}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}

function ChatPanel({ roomId, meeting }: { roomId: string; meeting: Meeting | null }) {
  const { t } = useTranslation();
  const zone = useMe().calendarTimeZone;
  const form = useSend(roomId, (text) => postMeetingMessage(roomId, text));
  const messages = meeting?.messages ?? [];
  return (
    <Stack gap="xs" data-testid="meeting-chat">
      <ScrollArea.Autosize mah={320}>
        <Stack gap={6}>
          {messages.length === 0 && (
            <Text size="sm" c="dimmed">
              {t("meetingRoom.chat.empty")}
            </Text>
          )}
          {messages.map((message) => (
            <Stack key={message.id} gap={0}>
              <Text size="xs" c="dimmed">
                {message.author.name} · {formatTime(message.createdAt, zone)}
              </Text>
              <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                {message.body}
              </Text>
            </Stack>
          ))}
        </Stack>
      </ScrollArea.Autosize>
      <form onSubmit={(event) => void form.submit(event)}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <TextInput
            style={{ flex: 1 }}
            aria-label={t("meetingRoom.chat.placeholder")}
            placeholder={t("meetingRoom.chat.placeholder")}
            value={form.text}
            maxLength={4000}
            error={form.error}
            onChange={(event) => form.setText(event.currentTarget.value)}
          />
          <ActionIcon
            type="submit"
            size="lg"
            variant="light"
            aria-label={t("meetingRoom.chat.send")}
            loading={form.sending}
            disabled={!form.text.trim()}
          >
            <IconSend size={16} />
          </ActionIcon>
        </Group>
      </form>
    </Stack>
  );
}
