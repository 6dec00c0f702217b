import { Badge, Button, Group, List, Paper, Stack, Text, ThemeIcon } from "@mantine/core";
import type { CourseAuthoring, CourseQuestion } from "@planerka/common";
import { IconCheck, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../lib/confirm-modal";
import { notifyError } from "../../lib/notify";
import { deleteQuestion, reorderQuestions } from "./course-api";
import { CourseQuestionDialog } from "./course-question-dialog";
import { OrderedItemActions } from "./ordered-item-actions";

/** The test's pool: questions with their options and correct marks; an attempt draws from it. */
export function CourseQuestionsEditor({
  course,
  onChange,
}: {
  course: CourseAuthoring;
  onChange: (course: CourseAuthoring) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<CourseQuestion | "new" | null>(null);
  const [removing, setRemoving] = useState<CourseQuestion | null>(null);
  const move = async (index: number, by: -1 | 1) => {
    const ids = course.questions.map((question) => question.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    try {
      onChange(await reorderQuestions(course.id, ids));
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {course.questions.length === 0
          ? t("courses.editor.noQuestions")
          : t("courses.editor.poolHint", { count: course.questionCount, pool: course.poolSize })}
      </Text>
      {course.questions.map((question, index) => (
        <Paper key={question.id} withBorder radius="md" p="sm" data-testid="editor-question">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Group gap="xs" wrap="wrap">
                <Badge size="sm" variant="light">
                  {t(`courses.kinds.${question.kind}`)}
                </Badge>
                <Text size="xs" c="dimmed">
                  {t("courses.attempt.points", { count: question.points })}
                </Text>
              </Group>
              <Text fw={600} size="sm" style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>
                {index + 1}. {question.text}
              </Text>
              {question.options.length > 0 && (
                <List size="sm" spacing={2} center>
                  {question.options.map((option) => (
                    <List.Item
                      key={option.id}
                      icon={
                        option.correct ? (
                          <ThemeIcon color="green" size={16} radius="xl" aria-label={t("courses.editor.correct")}>
                            <IconCheck size={10} />
                          </ThemeIcon>
                        ) : (
                          <ThemeIcon color="gray" variant="light" size={16} radius="xl">
                            <span />
                          </ThemeIcon>
                        )
                      }
                    >
                      {option.text}
                    </List.Item>
                  ))}
                </List>
              )}
            </Stack>
            <OrderedItemActions
              title={question.text}
              index={index}
              count={course.questions.length}
              onMove={(at, step) => void move(at, step)}
              onEdit={() => setEditing(question)}
              onRemove={() => setRemoving(question)}
            />
          </Group>
        </Paper>
      ))}
      <Group>
        <Button leftSection={<IconPlus size={16} />} variant="light" onClick={() => setEditing("new")}>
          {t("courses.editor.addQuestion")}
        </Button>
      </Group>
      <CourseQuestionDialog
        courseId={course.id}
        question={editing === "new" ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={onChange}
      />
      <ConfirmModal
        opened={removing !== null}
        title={t("courses.editor.removeQuestionTitle")}
        message={t("courses.editor.removeQuestionMessage")}
        confirmLabel={t("common.delete")}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (removing) onChange(await deleteQuestion(course.id, removing.id));
        }}
      />
    </Stack>
  );
}
