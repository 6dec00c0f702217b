import { Alert, Button, Group, Paper, Skeleton, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { notifyError, notifySuccess } from "../../lib/notify";
import classes from "./cabinet.module.css";
import { addWeekComment, weekCommentsQuery } from "./week-plan-api";

const maxLength = 2000;

/**
 * The head's comments on the plan for one week, under the «Личные планы» table: the manager reads
 * them, someone above the manager (the server says who) writes them.
 */
export function WeekComments({ userId, week }: { userId: string; week: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const query = useQuery(weekCommentsQuery(userId, week));

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={titleId}>
          {t("cabinet.comments.title")}
        </Title>
        {query.error ? (
          <Alert color="red" title={t("errors.loadFailed")}>
            <Button size="xs" variant="light" onClick={() => void query.refetch()}>
              {t("common.retry")}
            </Button>
          </Alert>
        ) : !query.data ? (
          <Skeleton h={60} />
        ) : (
          <>
            {query.data.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("cabinet.comments.empty")}
              </Text>
            ) : (
              <CommentList comments={query.data.items.map((comment) => ({ ...comment, at: comment.createdAt }))} />
            )}
            {query.data.canComment && <CommentForm key={week} userId={userId} week={week} />}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function CommentForm({ userId, week }: { userId: string; week: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim()) return;
    setPending(true);
    setError(undefined);
    try {
      await addWeekComment(queryClient, userId, week, body);
      setBody("");
      notifySuccess(t("cabinet.comments.sent"));
    } catch (problem) {
      notifyError(problem);
      if (problem instanceof ProblemError) setError(problem.fieldErrors().body);
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Textarea
          label={t("cabinet.comments.label")}
          placeholder={t("cabinet.comments.placeholder")}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={maxLength}
          error={error}
          description={t("cabinet.comments.count", { length: body.length, max: maxLength })}
          inputWrapperOrder={["label", "input", "description", "error"]}
        />
        <Group justify="flex-end">
          <Button type="submit" size="sm" loading={pending} disabled={!body.trim()}>
            {t("cabinet.comments.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Authored remarks, oldest first as given: who, when, what. */
export function CommentList({
  comments,
}: {
  comments: { id: string; author: { name: string }; at: string; body: string }[];
}) {
  const me = useMe();
  return (
    <ul className={classes.commentList}>
      {comments.map((comment) => (
        <li key={comment.id} className={classes.comment}>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600}>
              {comment.author.name}
            </Text>
            <Text size="xs" c="dimmed" component="time" dateTime={comment.at}>
              {formatDateTime(comment.at, me.timeZone)}
            </Text>
          </Group>
          <Text size="sm" className={classes.commentBody}>
            {comment.body}
          </Text>
        </li>
      ))}
    </ul>
  );
}
