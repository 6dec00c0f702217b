import { Badge, Grid, Group, NavLink, Paper, Stack, Text, Title } from "@mantine/core";
import type { CourseDetail } from "@planerka/common";
import { IconCircleCheck, IconCircleDashed, IconClipboardCheck, IconPencil } from "@tabler/icons-react";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { NotFoundPage } from "../../lib/error-pages";
import { AnchorLink, ButtonLink } from "../../lib/links";
import { RecordGate, useRecordQuery } from "../../lib/record-page";
import { courseQuery } from "./course-api";
import { CourseLessonView } from "./course-lesson-view";
import { CourseTestPanel } from "./course-test-panel";
import { LearnerStatusBadge } from "./learner-status-badge";

/** A course as a learner opens it: its lessons with the caller's marks, a lesson, and the test. */
export function CoursePage() {
  const { courseId } = useParams({ from: "/app/training/courses/$courseId" });
  const course = useRecordQuery(courseQuery(courseId));
  return (
    <RecordGate query={course} notFound={<NotFoundPage />}>
      {(detail) => <CourseView course={detail} />}
    </RecordGate>
  );
}

function CourseView({ course }: { course: CourseDetail }) {
  const { t } = useTranslation();
  const search = useSearch({ from: "/app/training/courses/$courseId" });
  const navigate = useNavigate({ from: "/training/courses/$courseId" });
  const lesson = course.lessons.find((entry) => entry.id === search.lesson);
  const open = (lessonId: string | undefined) => void navigate({ search: { lesson: lessonId } });
  const hasTest = course.questionCount > 0;

  return (
    <Stack gap="md">
      <AnchorLink to="/training" size="sm">
        ← {t("courses.back")}
      </AnchorLink>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={2} style={{ overflowWrap: "anywhere" }}>
            {course.title}
          </Title>
          <Group gap="xs" wrap="wrap">
            <LearnerStatusBadge status={course.my.status} />
            {!course.published && (
              <Badge size="sm" color="gray" variant="outline">
                {t("courses.draft")}
              </Badge>
            )}
            {course.my.bestPercent !== null && (
              <Text size="sm" c="dimmed">
                {t("courses.card.best", { percent: course.my.bestPercent })}
              </Text>
            )}
          </Group>
        </Stack>
        {course.abilities.edit && (
          <ButtonLink
            to="/training/courses/$courseId/edit"
            params={{ courseId: course.id }}
            variant="default"
            size="sm"
            leftSection={<IconPencil size={16} />}
          >
            {t("courses.edit")}
          </ButtonLink>
        )}
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder radius="md" p="xs">
            <Stack gap={2} component="nav" aria-label={t("courses.lessons.title")}>
              <NavLink
                label={t("courses.overview")}
                active={!lesson}
                onClick={() => open(undefined)}
                leftSection={<IconClipboardCheck size={18} />}
              />
              {course.lessons.map((entry, index) => (
                <NavLink
                  key={entry.id}
                  label={`${index + 1}. ${entry.title}`}
                  active={entry.id === lesson?.id}
                  onClick={() => open(entry.id)}
                  aria-label={entry.done ? t("courses.lessons.doneLabel", { title: entry.title }) : entry.title}
                  leftSection={
                    entry.done ? (
                      <IconCircleCheck size={18} color="var(--mantine-color-green-6)" />
                    ) : (
                      <IconCircleDashed size={18} color="var(--mantine-color-gray-5)" />
                    )
                  }
                />
              ))}
            </Stack>
            <Text size="xs" c="dimmed" px="sm" pt="xs">
              {t("courses.card.lessons", { done: course.my.lessonsDone, total: course.my.lessonsTotal })}
            </Text>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {lesson ? (
            <CourseLessonView
              key={lesson.id}
              course={course}
              lesson={lesson}
              onNext={() => {
                const next = course.lessons[course.lessons.findIndex((entry) => entry.id === lesson.id) + 1];
                open(next?.id);
              }}
            />
          ) : (
            <Stack gap="md">
              {course.description && (
                <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{course.description}</Text>
              )}
              {course.lessons.length > 0 && !hasTest && (
                <Text size="sm" c="dimmed">
                  {t("courses.noTest")}
                </Text>
              )}
              {course.lessons.length > 0 && (
                <Group>
                  <ButtonLink
                    to="/training/courses/$courseId"
                    params={{ courseId: course.id }}
                    search={{ lesson: (course.lessons.find((entry) => !entry.done) ?? course.lessons[0])!.id }}
                    variant="light"
                  >
                    {course.my.lessonsDone === 0 ? t("courses.lessons.begin") : t("courses.lessons.resume")}
                  </ButtonLink>
                </Group>
              )}
              {hasTest && <CourseTestPanel course={course} />}
            </Stack>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
