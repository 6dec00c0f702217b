import { Alert, Button, Group, Modal, Paper, RingProgress, Stack, Text, Title } from "@mantine/core";
import type { Attempt } from "@planerka/common";
import { IconFlag } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useParams } from "@tanstack/react-router";
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { NotFoundPage } from "../../lib/error-pages";
import { AnchorLink } from "../../lib/links";
import { notifyError, notifyErrorAs, notifySuccess } from "../../lib/notify";
import { RecordGate, useRecordQuery } from "../../lib/record-page";
import { type AnswerDraft, AttemptQuestionInput, AttemptQuestionResult } from "./attempt-question";
import { AttemptTimer } from "./attempt-timer";
import { attemptQuery, gradeAnswer, refreshCourses, saveAnswer, submitAttempt } from "./course-api";
import { AttemptStatusBadge } from "./course-test-panel";

/** The server's refusal of an answer after the deadline («Время вышло»). */
const isTimeUp = (error: unknown) => isProblem(error, 409) && error.errors.some((entry) => entry.code === "time_up");

/** An attempt at a course's test: answering it against the clock, or its result (and grading). */
export function AttemptPage() {
  const { attemptId } = useParams({ from: "/app/training/attempts/$attemptId" });
  const attempt = useRecordQuery(attemptQuery(attemptId));
  return (
    <RecordGate query={attempt} notFound={<NotFoundPage />}>
      {(data) => <AttemptView attempt={data} readAt={attempt.dataUpdatedAt} />}
    </RecordGate>
  );
}

function AttemptView({ attempt, readAt }: { attempt: Attempt; readAt: number }) {
  const { t } = useTranslation();
  const me = useMe();
  const mine = attempt.learner.id === me.id;
  return (
    <Stack gap="md" maw={860}>
      <AnchorLink to="/training/courses/$courseId" params={{ courseId: attempt.course.id }} size="sm">
        ← {attempt.course.title}
      </AnchorLink>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Title order={2}>{t("courses.attempt.title")}</Title>
          <Text size="sm" c="dimmed">
            {mine ? null : `${attempt.learner.name} · `}
            {t("courses.attempt.startedAt", { date: formatDateTime(attempt.startedAt, me.timeZone) })}
          </Text>
        </Stack>
        <AttemptStatusBadge status={attempt.status} />
      </Group>
      {attempt.abilities.answer ? (
        <AnsweringView key={attempt.id} attempt={attempt} readAt={readAt} />
      ) : attempt.status === "in_progress" ? (
        <Alert color="blue">{t("courses.attempt.inProgressOther")}</Alert>
      ) : (
        <ResultView attempt={attempt} />
      )}
    </Stack>
  );
}

function AnsweringView({ attempt, readAt }: { attempt: Attempt; readAt: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = attemptQuery(attempt.id).queryKey;
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [answered, setAnswered] = useState(
    () => new Set(attempt.questions.filter((question) => question.answer).map((question) => question.id)),
  );
  // Saves run one after another, so an older answer never lands after a newer one.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const timeUpShown = useRef(false);

  const reload = useCallback(() => void queryClient.invalidateQueries({ queryKey: key }), [queryClient, key]);
  const onTimeUp = useCallback(() => {
    if (!timeUpShown.current) notifyErrorAs(null, t("courses.attempt.timeUp"));
    timeUpShown.current = true;
    void queryClient.invalidateQueries({ queryKey: key });
    void refreshCourses(queryClient);
  }, [queryClient, key, t]);

  const save = (questionId: string, kind: Attempt["questions"][number]["kind"], draft: AnswerDraft) => {
    const input = kind === "text" ? { text: draft.text, optionIds: [] } : { optionIds: draft.optionIds, text: null };
    setAnswered((current) => {
      const next = new Set(current);
      if (draft.optionIds.length > 0 || draft.text.trim()) next.add(questionId);
      else next.delete(questionId);
      return next;
    });
    queue.current = queue.current.then(async () => {
      try {
        await saveAnswer(attempt.id, questionId, input);
      } catch (error) {
        if (isTimeUp(error)) onTimeUp();
        else notifyError(error);
      }
    });
    return queue.current;
  };

  const finish = async () => {
    setSubmitting(true);
    try {
      await queue.current;
      const result = await submitAttempt(attempt.id);
      queryClient.setQueryData(key, result);
      void refreshCourses(queryClient);
      setConfirming(false);
    } catch (error) {
      notifyError(error);
      reload();
    } finally {
      setSubmitting(false);
    }
  };

  const unanswered = attempt.questions.length - answered.size;
  return (
    <Stack gap="md">
      <Paper
        withBorder
        radius="md"
        p="sm"
        pos="sticky"
        // Below the app's fixed header: the clock and «Завершить тест» stay in view while scrolling.
        top="var(--app-shell-header-height, 0px)"
        style={{ zIndex: 2 }}
      >
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text size="sm">
            {t("courses.attempt.progress", { answered: answered.size, total: attempt.questions.length })}
          </Text>
          <Group gap="xs">
            {attempt.secondsLeft !== null && (
              <AttemptTimer secondsLeft={attempt.secondsLeft} readAt={readAt} onExpired={onTimeUp} />
            )}
            <Button size="sm" leftSection={<IconFlag size={16} />} onClick={() => setConfirming(true)}>
              {t("courses.attempt.finish")}
            </Button>
          </Group>
        </Group>
      </Paper>
      {attempt.questions.map((question, index) => (
        <AttemptQuestionInput
          key={question.id}
          question={question}
          number={index + 1}
          onSave={(draft) => void save(question.id, question.kind, draft)}
        />
      ))}
      <Group justify="flex-end">
        <Button leftSection={<IconFlag size={16} />} onClick={() => setConfirming(true)}>
          {t("courses.attempt.finish")}
        </Button>
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t("courses.attempt.finishTitle")} centered>
        <Stack>
          <Text size="sm">
            {unanswered > 0
              ? t("courses.attempt.finishUnanswered", { count: unanswered })
              : t("courses.attempt.finishAll")}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} disabled={submitting}>
              {t("courses.attempt.keepGoing")}
            </Button>
            <Button onClick={() => void finish()} loading={submitting}>
              {t("courses.attempt.finishConfirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function ResultView({ attempt }: { attempt: Attempt }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const passed = attempt.status === "passed";
  const waiting = attempt.status === "grading";
  const grade = async (questionId: string, points: number) => {
    try {
      const graded = await gradeAnswer(attempt.id, questionId, points);
      queryClient.setQueryData(attemptQuery(attempt.id).queryKey, graded);
      void refreshCourses(queryClient);
      notifySuccess(t("courses.grading.saved"));
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md" data-testid="attempt-result">
        <Group gap="md" wrap="wrap">
          {attempt.percent !== null && (
            <RingProgress
              size={96}
              thickness={10}
              roundCaps
              sections={[{ value: attempt.percent, color: passed ? "green" : "red" }]}
              label={
                <Text ta="center" fw={700}>
                  {attempt.percent}%
                </Text>
              }
            />
          )}
          <Stack gap={4}>
            <Title order={3} c={waiting ? undefined : passed ? "green" : "red"}>
              {waiting
                ? t("courses.attempt.waitingTitle")
                : passed
                  ? t("courses.attempt.passed")
                  : t("courses.attempt.failed")}
            </Title>
            <Text size="sm">
              {t("courses.attempt.score", { score: attempt.score ?? 0, max: attempt.maxScore })}
              {" · "}
              {t("courses.test.passMark", { percent: attempt.course.passPercent })}
            </Text>
            {waiting && (
              <Text size="sm" c="dimmed">
                {t("courses.attempt.waitingHint")}
              </Text>
            )}
          </Stack>
        </Group>
      </Paper>
      {attempt.questions.map((question, index) => (
        <AttemptQuestionResult
          key={`${question.id}-${question.earned}`}
          question={question}
          number={index + 1}
          canGrade={attempt.abilities.grade}
          onGrade={(points) => grade(question.id, points)}
        />
      ))}
    </Stack>
  );
}
