import { Badge, Button, Group, Loader, Paper, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import type { CourseSummary } from "@planerka/common";
import { IconPencil, IconPlus } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { FormModal } from "../../lib/form-modal";
import { AnchorLink, ButtonLink } from "../../lib/links";
import { handleFormError, problemText } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { coursesQuery, createCourse, refreshCourses } from "./course-api";
import { CourseGradingQueue } from "./course-grading-queue";

/** «Курсы» for those who manage training: every course with drafts, a new course, and answers to grade. */
export function CourseManagementTab() {
  const { t } = useTranslation();
  const courses = useQuery(coursesQuery);
  const [creating, setCreating] = useState(false);
  return (
    <Stack gap="lg">
      <CourseGradingQueue />
      <Stack gap="xs" component="section" aria-label={t("courses.manage.title")}>
        <Group justify="space-between" wrap="wrap">
          <Title order={4}>{t("courses.manage.title")}</Title>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t("courses.manage.create")}
          </Button>
        </Group>
        {courses.isPending && <Loader size="sm" />}
        {courses.error && <Text c="red">{problemText(courses.error)}</Text>}
        {courses.data?.length === 0 && (
          <Text c="dimmed" size="sm">
            {t("courses.manage.empty")}
          </Text>
        )}
        {courses.data?.map((course) => (
          <ManagedCourse key={course.id} course={course} />
        ))}
      </Stack>
      <CreateCourseDialog opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

function ManagedCourse({ course }: { course: CourseSummary }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Paper withBorder radius="md" p="sm" data-testid="managed-course">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <AnchorLink to="/training/courses/$courseId" params={{ courseId: course.id }} fw={600}>
              {course.title}
            </AnchorLink>
            {course.published ? (
              <Badge size="sm" color="green" variant="light">
                {t("courses.published")}
              </Badge>
            ) : (
              <Badge size="sm" color="gray" variant="outline">
                {t("courses.draft")}
              </Badge>
            )}
            {course.onboarding && (
              <Badge size="sm" variant="light">
                {t("courses.manage.onboarding")}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {t("courses.manage.summary", {
              lessons: course.lessonsTotal,
              questions: course.poolSize,
              author: course.author.name,
            })}
            {" · "}
            {t("courses.manage.updated", { date: formatDateTime(course.updatedAt, me.timeZone) })}
          </Text>
        </Stack>
        {course.abilities.edit && (
          <ButtonLink
            to="/training/courses/$courseId/edit"
            params={{ courseId: course.id }}
            size="xs"
            variant="light"
            leftSection={<IconPencil size={14} />}
            aria-label={t("courses.manage.editNamed", { title: course.title })}
          >
            {t("courses.edit")}
          </ButtonLink>
        )}
      </Group>
    </Paper>
  );
}

/** A new draft: its title and description; the editor opens next for lessons and the test. */
function CreateCourseDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormModal opened={opened} onClose={onClose} title={t("courses.manage.create")}>
      {opened && <CreateCourseForm onClose={onClose} />}
    </FormModal>
  );
}

function CreateCourseForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useFormState({ title: "", description: "" });
  const [pending, setPending] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.values.title.trim()) return form.setErrors({ title: t("errors.required") });
    setPending(true);
    try {
      const course = await createCourse({ title: form.values.title, description: form.values.description });
      void refreshCourses(queryClient);
      onClose();
      void navigate({ to: "/training/courses/$courseId/edit", params: { courseId: course.id } });
    } catch (error) {
      handleFormError(error, form);
    } finally {
      setPending(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label={t("courses.settings.title")} required maxLength={200} {...form.text("title")} />
        <Textarea
          label={t("courses.settings.description")}
          autosize
          minRows={3}
          maxLength={5000}
          value={form.values.description}
          onChange={(event) => form.setField("description", event.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={pending}>
            {t("courses.manage.createSubmit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
