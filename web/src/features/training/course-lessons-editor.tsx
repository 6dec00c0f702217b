import { Button, Group, Paper, Stack, Text } from "@mantine/core";
import type { CourseAuthoring, CourseLesson } from "@planerka/common";
import { IconPaperclip, IconPlus, IconVideo } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../lib/confirm-modal";
import { notifyError } from "../../lib/notify";
import { deleteLesson, reorderLessons } from "./course-api";
import { CourseLessonDialog } from "./course-lesson-dialog";
import { OrderedItemActions } from "./ordered-item-actions";

/** The course's lessons in order: add, change, move up and down, remove. */
export function CourseLessonsEditor({
  course,
  onChange,
}: {
  course: CourseAuthoring;
  onChange: (course: CourseAuthoring) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<CourseLesson | "new" | null>(null);
  const [removing, setRemoving] = useState<CourseLesson | null>(null);
  const move = async (index: number, by: -1 | 1) => {
    const ids = course.lessons.map((lesson) => lesson.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    try {
      onChange(await reorderLessons(course.id, ids));
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack gap="sm">
      {course.lessons.length === 0 && (
        <Text c="dimmed" size="sm">
          {t("courses.editor.noLessons")}
        </Text>
      )}
      {course.lessons.map((lesson, index) => (
        <Paper key={lesson.id} withBorder radius="md" p="sm" data-testid="editor-lesson">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
                {index + 1}. {lesson.title}
              </Text>
              <Group gap="sm">
                {lesson.videoUrl && (
                  <Group gap={4}>
                    <IconVideo size={14} />
                    <Text size="xs" c="dimmed">
                      {t("courses.editor.video")}
                    </Text>
                  </Group>
                )}
                {lesson.files.length > 0 && (
                  <Group gap={4}>
                    <IconPaperclip size={14} />
                    <Text size="xs" c="dimmed">
                      {t("courses.editor.files", { count: lesson.files.length })}
                    </Text>
                  </Group>
                )}
              </Group>
            </Stack>
            <OrderedItemActions
              title={lesson.title}
              index={index}
              count={course.lessons.length}
              onMove={(at, step) => void move(at, step)}
              onEdit={() => setEditing(lesson)}
              onRemove={() => setRemoving(lesson)}
            />
          </Group>
        </Paper>
      ))}
      <Group>
        <Button leftSection={<IconPlus size={16} />} variant="light" onClick={() => setEditing("new")}>
          {t("courses.editor.addLesson")}
        </Button>
      </Group>
      <CourseLessonDialog
        courseId={course.id}
        lesson={editing === "new" ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={onChange}
      />
      <ConfirmModal
        opened={removing !== null}
        title={t("courses.editor.removeLessonTitle")}
        message={t("courses.editor.removeLessonMessage", { title: removing?.title ?? "" })}
        confirmLabel={t("common.delete")}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (removing) onChange(await deleteLesson(course.id, removing.id));
        }}
      />
    </Stack>
  );
}
