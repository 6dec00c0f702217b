import { Alert, Button, Group, Paper, Skeleton, Stack, Text, Textarea, Title } from "@mantine/core";
import { type MeetingNote, meetingNoteLimit } from "@planerka/common";
import { IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem, ProblemError } from "../../lib/api";
import { notifyError, notifyErrorAs, notifySuccess } from "../../lib/notify";
import { deleteMeetingNote, meetingNotesQuery, saveMeetingNote } from "./meeting-api";
import { CommentList } from "./week-comments";
import { weekRange } from "./week-table";

/**
 * The meeting's notes about one person: what was agreed at the last meeting, the other heads' notes
 * of this week, and the caller's own note for this week, saved on the server for the next one.
 */
export function MeetingNotesPanel({ userId, week }: { userId: string; week: string }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const query = useQuery(meetingNotesQuery(userId, week));
  const data = query.data;
  const mine = data?.items.find((note) => note.mine);
  const others = data?.items.filter((note) => !note.mine) ?? [];

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={3} size="h4" id={titleId}>
            {t("meeting.notes.title")}
          </Title>
          <Text size="xs" c="dimmed">
            {t("meeting.notes.private")}
          </Text>
        </Stack>
        {query.error ? (
          <Alert color="red" title={t("errors.loadFailed")}>
            <Button size="xs" variant="light" onClick={() => void query.refetch()}>
              {t("common.retry")}
            </Button>
          </Alert>
        ) : !data ? (
          <Skeleton h={80} />
        ) : (
          <>
            {data.previous ? (
              <NoteList
                title={t("meeting.notes.previous", { week: weekRange(data.previous.week, i18n.language) })}
                notes={data.previous.items}
              />
            ) : (
              <Text size="sm" c="dimmed">
                {t("meeting.notes.noPrevious")}
              </Text>
            )}
            {others.length > 0 && <NoteList title={t("meeting.notes.others")} notes={others} />}
            <NoteForm
              key={`${week}-${mine?.version ?? 0}`}
              userId={userId}
              week={week}
              mine={mine}
              onStale={() => void query.refetch()}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}

function NoteList({ title, notes }: { title: string; notes: MeetingNote[] }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <CommentList comments={notes.map((note) => ({ ...note, at: note.updatedAt }))} />
    </Stack>
  );
}

interface NoteFormProps {
  userId: string;
  week: string;
  mine: MeetingNote | undefined;
  /** Someone (the caller in another window) wrote the note meanwhile: read it again. */
  onStale: () => void;
}

function NoteForm({ userId, week, mine, onStale }: NoteFormProps) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [body, setBody] = useState(mine?.body ?? "");
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState<"save" | "delete" | null>(null);
  const unchanged = body.trim() === (mine?.body ?? "");

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim() || unchanged) return;
    setPending("save");
    setError(undefined);
    try {
      await saveMeetingNote(queryClient, userId, week, { body, version: mine?.version });
      notifySuccess(t("meeting.notes.saved"));
    } catch (problem) {
      if (isProblem(problem, 409)) {
        // The form shows the note's new text when it arrives; the notice says why.
        notifyErrorAs(problem, t("meeting.notes.stale"));
        onStale();
      } else {
        notifyError(problem);
        if (problem instanceof ProblemError) setError(problem.fieldErrors().body);
      }
    } finally {
      setPending(null);
    }
  };

  const remove = async () => {
    setPending("delete");
    try {
      await deleteMeetingNote(queryClient, userId, week);
      notifySuccess(t("meeting.notes.deleted"));
    } catch (problem) {
      notifyError(problem);
    } finally {
      setPending(null);
    }
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Textarea
          label={t("meeting.notes.label", { week: weekRange(week, i18n.language) })}
          placeholder={t("meeting.notes.placeholder")}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={10}
          maxLength={meetingNoteLimit}
          error={error}
          description={t("meeting.notes.count", { length: body.length, max: meetingNoteLimit })}
          inputWrapperOrder={["label", "input", "description", "error"]}
        />
        <Group justify="flex-end" gap="xs">
          {mine && (
            <Button
              size="sm"
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={14} />}
              loading={pending === "delete"}
              disabled={pending !== null}
              onClick={() => void remove()}
            >
              {t("meeting.notes.delete")}
            </Button>
          )}
          <Button
            type="submit"
            size="sm"
            loading={pending === "save"}
            disabled={!body.trim() || unchanged || pending !== null}
          >
            {t("meeting.notes.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
