import { Badge, Group, Paper, Progress, Stack, Text } from "@mantine/core";
import type { CourseSummary } from "@planerka/common";
import { IconCalendarDue, IconClipboardCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatDay } from "../../lib/dates";
import { AnchorLink, ButtonLink } from "../../lib/links";
import { LearnerStatusBadge } from "./learner-status-badge";

/** A course in «Моё обучение»: where the caller stands, the deadline (red when overdue), the way in. */
export function CourseCard({ course }: { course: CourseSummary }) {
  const { t } = useTranslation();
  const { my } = course;
  const lessonsShare = my.lessonsTotal === 0 ? 0 : (100 * my.lessonsDone) / my.lessonsTotal;
  const action =
    my.openAttemptId !== null
      ? t("courses.card.continueTest")
      : my.status === "not_started"
        ? t("courses.card.start")
        : t("courses.card.open");
  return (
    <Paper withBorder radius="md" p="md" data-testid="course-card" aria-label={course.title}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <AnchorLink
            to="/training/courses/$courseId"
            params={{ courseId: course.id }}
            fw={600}
            style={{ overflowWrap: "anywhere" }}
          >
            {course.title}
          </AnchorLink>
          <LearnerStatusBadge status={my.status} />
        </Group>
        {course.description && (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {course.description}
          </Text>
        )}
        <Group gap="xs" wrap="wrap">
          {!course.published && (
            <Badge size="sm" color="gray" variant="outline">
              {t("courses.draft")}
            </Badge>
          )}
          {my.dueOn && (
            <Badge
              size="sm"
              variant={my.overdue ? "filled" : "light"}
              color={my.overdue ? "red" : "blue"}
              leftSection={<IconCalendarDue size={12} />}
            >
              {my.overdue
                ? t("courses.card.overdue", { date: formatDay(my.dueOn) })
                : t("courses.card.due", { date: formatDay(my.dueOn) })}
            </Badge>
          )}
          {my.assigned && !my.dueOn && (
            <Badge size="sm" variant="light">
              {t("courses.card.assigned")}
            </Badge>
          )}
          {course.questionCount > 0 && (
            <Badge size="sm" variant="outline" color="gray" leftSection={<IconClipboardCheck size={12} />}>
              {t("courses.card.test", { count: course.questionCount })}
            </Badge>
          )}
        </Group>
        {my.lessonsTotal > 0 && (
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              {t("courses.card.lessons", { done: my.lessonsDone, total: my.lessonsTotal })}
              {my.bestPercent !== null && ` · ${t("courses.card.best", { percent: my.bestPercent })}`}
            </Text>
            <Progress
              value={lessonsShare}
              size="sm"
              color={my.status === "passed" ? "green" : "blue"}
              aria-label={t("courses.card.lessons", { done: my.lessonsDone, total: my.lessonsTotal })}
            />
          </Stack>
        )}
        {my.lessonsTotal === 0 && my.bestPercent !== null && (
          <Text size="xs" c="dimmed">
            {t("courses.card.best", { percent: my.bestPercent })}
          </Text>
        )}
        <Group justify="flex-end">
          {my.openAttemptId !== null ? (
            <ButtonLink
              size="xs"
              to="/training/attempts/$attemptId"
              params={{ attemptId: my.openAttemptId }}
              variant="light"
            >
              {action}
            </ButtonLink>
          ) : (
            <ButtonLink size="xs" to="/training/courses/$courseId" params={{ courseId: course.id }} variant="light">
              {action}
            </ButtonLink>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
