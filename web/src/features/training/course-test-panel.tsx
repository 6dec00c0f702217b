import { Badge, Button, Group, List, Paper, Stack, Table, Text, Title } from "@mantine/core";
import type { AttemptStatus, CourseDetail } from "@planerka/common";
import { IconPlayerPlay } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { notifyError } from "../../lib/notify";
import { attemptQuery, refreshCourses, startAttempt } from "./course-api";

const attemptColors: Record<AttemptStatus, string> = {
  in_progress: "blue",
  grading: "yellow",
  passed: "green",
  failed: "red",
};

export function AttemptStatusBadge({ status }: { status: AttemptStatus }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={attemptColors[status]}>
      {t(`courses.attempt.status.${status}`)}
    </Badge>
  );
}

/** The course's test: its rules, «Начать тест» (or continue the open attempt), the caller's attempts. */
export function CourseTestPanel({ course }: { course: CourseDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const { my } = course;
  const exhausted = my.attemptsLeft === 0 && my.openAttemptId === null;

  const start = async () => {
    setPending(true);
    try {
      const attempt = await startAttempt(course.id);
      queryClient.setQueryData(attemptQuery(attempt.id).queryKey, attempt);
      void refreshCourses(queryClient);
      void navigate({ to: "/training/attempts/$attemptId", params: { attemptId: attempt.id } });
    } catch (error) {
      notifyError(error);
      void refreshCourses(queryClient);
    } finally {
      setPending(false);
    }
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t("courses.test.title")}>
      <Stack gap="sm">
        <Title order={4}>{t("courses.test.title")}</Title>
        <List size="sm" spacing={4}>
          <List.Item>{t("courses.test.questions", { count: course.questionCount })}</List.Item>
          <List.Item>{t("courses.test.passMark", { percent: course.passPercent })}</List.Item>
          <List.Item>
            {my.attemptsLeft === null
              ? t("courses.test.attemptsUnlimited")
              : t("courses.test.attemptsLeft", { left: my.attemptsLeft, total: course.attemptsAllowed ?? 0 })}
          </List.Item>
          <List.Item>
            {course.timeLimitMinutes === null
              ? t("courses.test.noTimeLimit")
              : t("courses.test.timeLimit", { count: course.timeLimitMinutes })}
          </List.Item>
        </List>
        {course.timeLimitMinutes !== null && (
          <Text size="xs" c="dimmed">
            {t("courses.test.timeLimitHint")}
          </Text>
        )}
        <Group>
          {my.openAttemptId !== null ? (
            <Button
              leftSection={<IconPlayerPlay size={16} />}
              onClick={() =>
                void navigate({ to: "/training/attempts/$attemptId", params: { attemptId: my.openAttemptId ?? "" } })
              }
            >
              {t("courses.test.continue")}
            </Button>
          ) : (
            <Button
              leftSection={<IconPlayerPlay size={16} />}
              onClick={() => void start()}
              loading={pending}
              disabled={exhausted}
            >
              {t("courses.test.start")}
            </Button>
          )}
          {exhausted && (
            <Text size="sm" c="dimmed">
              {t("courses.test.exhausted")}
            </Text>
          )}
        </Group>
        {course.attempts.length > 0 && (
          <Table.ScrollContainer minWidth={360}>
            <Table verticalSpacing={4} aria-label={t("courses.test.myAttempts")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("courses.test.started")}</Table.Th>
                  <Table.Th>{t("courses.test.result")}</Table.Th>
                  <Table.Th>{t("courses.test.score")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {course.attempts.map((attempt) => (
                  <Table.Tr key={attempt.id}>
                    <Table.Td>
                      <AnchorLink to="/training/attempts/$attemptId" params={{ attemptId: attempt.id }} size="sm">
                        {formatDateTime(attempt.startedAt, me.timeZone)}
                      </AnchorLink>
                      {attempt.attestationId && (
                        <Text span size="xs" c="dimmed">
                          {" "}
                          · {t("courses.test.attestation")}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <AttemptStatusBadge status={attempt.status} />
                    </Table.Td>
                    <Table.Td>
                      {attempt.percent === null
                        ? "—"
                        : t("courses.test.scoreValue", {
                            score: attempt.score ?? 0,
                            max: attempt.maxScore,
                            percent: attempt.percent,
                          })}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
