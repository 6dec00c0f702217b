import { Button, Group, Loader, Stack, Text, TextInput } from "@mantine/core";
import type { CourseAuthoring, CourseLesson, DriveFile } from "@planerka/common";
import { IconFolders } from "@tabler/icons-react";
import { type FormEvent, lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../lib/form-modal";
import { handleFormError } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { AttachedFileRow } from "../drive-files/attached-file-row";
import { DriveFilePickerDialog } from "../drive-files/drive-file-picker-dialog";
import { createLesson, updateLesson } from "./course-api";

const RichTextField = lazy(() =>
  import("../tasks/rich-text-field").then((module) => ({ default: module.RichTextField })),
);

/** A lesson: its title, text (the rich-text editor), a video link, and files from the drive. */
export function CourseLessonDialog({
  courseId,
  lesson,
  opened,
  onClose,
  onSaved,
}: {
  courseId: string;
  /** null: a new lesson. */
  lesson: CourseLesson | null;
  opened: boolean;
  onClose: () => void;
  onSaved: (course: CourseAuthoring) => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={lesson ? t("courses.editor.editLesson") : t("courses.editor.addLesson")}
    >
      {opened && <LessonForm courseId={courseId} lesson={lesson} onClose={onClose} onSaved={onSaved} />}
    </FormModal>
  );
}

function LessonForm({
  courseId,
  lesson,
  onClose,
  onSaved,
}: {
  courseId: string;
  lesson: CourseLesson | null;
  onClose: () => void;
  onSaved: (course: CourseAuthoring) => void;
}) {
  const { t } = useTranslation();
  const form = useFormState({ title: lesson?.title ?? "", videoUrl: lesson?.videoUrl ?? "" });
  const [body, setBody] = useState(lesson?.body ?? "");
  const [kept, setKept] = useState(lesson?.files ?? []);
  const [added, setAdded] = useState<DriveFile[]>([]);
  const [picking, setPicking] = useState(false);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.values.title.trim()) return form.setErrors({ title: t("errors.required") });
    setPending(true);
    try {
      const videoUrl = form.values.videoUrl.trim() || null;
      const driveFileIds = added.map((file) => file.id);
      const saved = lesson
        ? await updateLesson(courseId, lesson.id, {
            title: form.values.title,
            body,
            videoUrl,
            driveFileIds,
            removeFileIds: lesson.files.filter((file) => !kept.includes(file)).map((file) => file.id),
          })
        : await createLesson(courseId, { title: form.values.title, body, videoUrl, driveFileIds });
      onSaved(saved);
      onClose();
    } catch (error) {
      handleFormError(error, form);
    } finally {
      setPending(false);
    }
  };

  const fileRow = (key: string, name: string, onRemove: () => void) => (
    <AttachedFileRow key={key} name={name} onRemove={onRemove} />
  );

  return (
    <>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t("courses.editor.lessonTitle")} required maxLength={200} {...form.text("title")} />
          <Suspense fallback={<Loader size="sm" />}>
            <RichTextField
              label={t("courses.editor.lessonBody")}
              initialValue={lesson?.body ?? ""}
              onChange={setBody}
            />
          </Suspense>
          <TextInput
            label={t("courses.editor.videoUrl")}
            description={t("courses.editor.videoUrlHint")}
            placeholder="https://"
            maxLength={2000}
            {...form.text("videoUrl")}
          />
          <Stack gap={4}>
            <Group gap="xs">
              <Button
                size="xs"
                variant="light"
                leftSection={<IconFolders size={14} />}
                onClick={() => setPicking(true)}
              >
                {t("courses.editor.fromDrive")}
              </Button>
              <Text size="xs" c="dimmed">
                {t("courses.editor.filesHint")}
              </Text>
            </Group>
            {form.errors.driveFileIds && (
              <Text size="xs" c="red">
                {form.errors.driveFileIds}
              </Text>
            )}
            {kept.length + added.length > 0 && (
              <Stack gap={2} role="list" aria-label={t("courses.editor.lessonFiles")}>
                {kept.map((file) => fileRow(file.id, file.name, () => setKept(kept.filter((other) => other !== file))))}
                {added.map((file) =>
                  fileRow(`new-${file.id}`, file.name, () => setAdded(added.filter((other) => other.id !== file.id))),
                )}
              </Stack>
            )}
          </Stack>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={pending}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={pending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
      <DriveFilePickerDialog
        opened={picking}
        onClose={() => setPicking(false)}
        title={t("courses.editor.fromDrive")}
        action={t("courses.editor.attach")}
        onPick={(file) => {
          if (!added.some((other) => other.id === file.id)) setAdded([...added, file]);
        }}
      />
    </>
  );
}
