import { Badge, Button, Group, Menu, Stack, Tabs, Text, Title } from "@mantine/core";
import type { CourseAuthoring } from "@planerka/common";
import { IconDots, IconEye, IconEyeOff, IconSend, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../lib/confirm-modal";
import { NotFoundPage } from "../../lib/error-pages";
import { AnchorLink, ButtonLink } from "../../lib/links";
import { notifyError, notifySuccess } from "../../lib/notify";
import { RecordGate, useRecordQuery } from "../../lib/record-page";
import { courseAuthoringQuery, deleteCourse, refreshCourses, setPublished } from "./course-api";
import { CourseLessonsEditor } from "./course-lessons-editor";
import { CourseQuestionsEditor } from "./course-questions-editor";
import { CourseSettingsForm } from "./course-settings-form";

/** The course editor: settings, lessons, the question pool, publishing. */
export function CourseEditorPage() {
  const { courseId } = useParams({ from: "/app/training/courses/$courseId/edit" });
  const course = useRecordQuery(courseAuthoringQuery(courseId));
  return (
    <RecordGate query={course} notFound={<NotFoundPage />}>
      {(data) => <Editor course={data} />}
    </RecordGate>
  );
}

/** Keeps the editor's view in step after a write (every write answers with the whole course). */
export function useCourseUpdate() {
  const queryClient = useQueryClient();
  return (course: CourseAuthoring) => {
    queryClient.setQueryData(courseAuthoringQuery(course.id).queryKey, course);
    void refreshCourses(queryClient);
  };
}

function Editor({ course }: { course: CourseAuthoring }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const update = useCourseUpdate();
  const [tab, setTab] = useState<string | null>("settings");
  const [deleting, setDeleting] = useState(false);
  const [publishing, setPublishing] = useState(false);

  const togglePublished = async () => {
    setPublishing(true);
    try {
      update(await setPublished(course.id, !course.published));
      notifySuccess(course.published ? t("courses.editor.unpublished") : t("courses.editor.publishedNow"));
    } catch (error) {
      notifyError(error);
    } finally {
      setPublishing(false);
    }
  };

  return (
    <Stack gap="md" maw={960}>
      <AnchorLink to="/training" search={{ tab: "courses" }} size="sm">
        ← {t("courses.manage.title")}
      </AnchorLink>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={2} style={{ overflowWrap: "anywhere" }}>
            {course.title}
          </Title>
          <Group gap="xs">
            {course.published ? (
              <Badge color="green" variant="light">
                {t("courses.published")}
              </Badge>
            ) : (
              <Badge color="gray" variant="outline">
                {t("courses.draft")}
              </Badge>
            )}
            <Text size="sm" c="dimmed">
              {t("courses.manage.summary", {
                lessons: course.lessonsTotal,
                questions: course.poolSize,
                author: course.author.name,
              })}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs">
          <Button
            leftSection={course.published ? <IconEyeOff size={16} /> : <IconSend size={16} />}
            variant={course.published ? "default" : "filled"}
            onClick={() => void togglePublished()}
            loading={publishing}
          >
            {course.published ? t("courses.editor.unpublish") : t("courses.editor.publish")}
          </Button>
          <ButtonLink
            to="/training/courses/$courseId"
            params={{ courseId: course.id }}
            variant="default"
            leftSection={<IconEye size={16} />}
          >
            {t("courses.editor.preview")}
          </ButtonLink>
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="subtle" color="gray" px="xs" aria-label={t("courses.editor.menu")}>
                <IconDots size={18} />
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>
                {t("courses.editor.delete")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="settings">{t("courses.editor.settings")}</Tabs.Tab>
          <Tabs.Tab value="lessons">{t("courses.editor.lessons", { count: course.lessons.length })}</Tabs.Tab>
          <Tabs.Tab value="questions">{t("courses.editor.questions", { count: course.questions.length })}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="settings" pt="md">
          <CourseSettingsForm key={course.version} course={course} onSaved={update} />
        </Tabs.Panel>
        <Tabs.Panel value="lessons" pt="md">
          <CourseLessonsEditor course={course} onChange={update} />
        </Tabs.Panel>
        <Tabs.Panel value="questions" pt="md">
          <CourseQuestionsEditor course={course} onChange={update} />
        </Tabs.Panel>
      </Tabs>
      <ConfirmModal
        opened={deleting}
        title={t("courses.editor.deleteTitle")}
        message={t("courses.editor.deleteMessage", { title: course.title })}
        confirmLabel={t("courses.editor.delete")}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await deleteCourse(course.id);
          queryClient.removeQueries({ queryKey: courseAuthoringQuery(course.id).queryKey });
          void refreshCourses(queryClient);
          void navigate({ to: "/training", search: { tab: "courses" } });
        }}
      />
    </Stack>
  );
}
