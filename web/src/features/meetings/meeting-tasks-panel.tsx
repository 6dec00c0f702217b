import { Button, Group, Stack, Text, TextInput } from "@mantine/core";
import type { MeetingRoom } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { notifyError, notifySuccess } from "../../lib/notify";
import { UserPicker } from "../org/user-picker";
import { addMeetingTask, refreshMeetingRoom } from "./meetings-api";

type Meeting = NonNullable<MeetingRoom["meeting"]>;

/** Tasks set in the meeting, and setting one: what, who, by when (made by the tasks service). */
export function TasksPanel({ roomId, meeting }: { roomId: string; meeting: Meeting | null }) {
  const { t } = useTranslation();
  const me = useMe();
  const zone = me.calendarTimeZone;
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [deadline, setDeadline] = useState("");
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    try {
      await addMeetingTask(roomId, {
        title: title.trim(),
        assigneeId: assigneeId ?? "",
        deadline: deadline ? dayjs.tz(deadline, zone).toISOString() : null,
      });
      setTitle("");
      setDeadline("");
      notifySuccess(t("meetingRoom.tasks.added"));
      refreshMeetingRoom(queryClient, roomId);
    } catch (error) {
      if (isProblem(error) && error.status < 500 && error.errors.length > 0) setErrors(error.fieldErrors());
      else notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="xs" data-testid="meeting-tasks">
      {(meeting?.tasks.length ?? 0) === 0 && (
        <Text size="sm" c="dimmed">
          {t("meetingRoom.tasks.empty")}
        </Text>
      )}
      {meeting?.tasks.map((task) => (
        <Group key={task.id} gap="xs" wrap="nowrap" justify="space-between" data-testid="meeting-task">
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            {task.title}
          </Text>
          <Text size="xs" c="dimmed" ta="right">
            {task.assignee.name},{" "}
            {task.deadline
              ? t("meetingRoom.tasks.due", { date: formatDateTime(task.deadline, zone) })
              : t("meetingRoom.tasks.noDeadline")}
          </Text>
        </Group>
      ))}
      <form onSubmit={(event) => void submit(event)}>
        <Stack gap="xs">
          <TextInput
            label={t("meetingRoom.tasks.title")}
            value={title}
            maxLength={300}
            required
            error={errors.title}
            onChange={(event) => setTitle(event.currentTarget.value)}
          />
          <Group gap="xs" grow wrap="wrap" align="flex-start">
            <UserPicker
              label={t("meetingRoom.tasks.assignee")}
              value={assigneeId}
              onChange={setAssigneeId}
              error={errors.assigneeId}
            />
            <TextInput
              type="datetime-local"
              label={t("meetingRoom.tasks.deadline")}
              value={deadline}
              error={errors.deadline}
              onChange={(event) => setDeadline(event.currentTarget.value)}
            />
          </Group>
          <Group justify="flex-end">
            <Button type="submit" loading={saving} disabled={!title.trim() || !assigneeId}>
              {t("meetingRoom.tasks.add")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
