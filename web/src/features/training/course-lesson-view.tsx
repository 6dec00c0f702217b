import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title, Typography } from "@mantine/core";
import type { CourseDetail } from "@planerka/common";
import { IconCheck, IconExternalLink, IconPaperclip } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError, notifySuccess } from "../../lib/notify";
import { useBytes } from "../drive/use-bytes";
import { completeLesson, courseQuery, lessonFileUrl, refreshCourses } from "./course-api";

type Lesson = CourseDetail["lessons"][number];

/** Videos the browser plays in the page; other files are documents to download. */
const playable = new Set(["video/mp4", "video/webm", "video/ogg"]);

/** One lesson: its text, the video (a link, or a file played in the page), documents, «Урок пройден». */
export function CourseLessonView({
  course,
  lesson,
  onNext,
}: {
  course: CourseDetail;
  lesson: Lesson;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const bytes = useBytes();
  const [pending, setPending] = useState(false);
  const index = course.lessons.findIndex((entry) => entry.id === lesson.id);
  const last = index === course.lessons.length - 1;
  const fileUrl = (fileId: string) => lessonFileUrl(course.id, lesson.id, fileId);

  const markDone = async () => {
    setPending(true);
    try {
      const updated = await completeLesson(course.id, lesson.id);
      queryClient.setQueryData(courseQuery(course.id).queryKey, updated);
      void refreshCourses(queryClient);
      notifySuccess(
        updated.my.status === "passed" && course.my.status !== "passed"
          ? t("courses.lessons.coursePassed")
          : t("courses.lessons.marked"),
      );
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(false);
    }
  };

  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={lesson.title}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed">
              {t("courses.lessons.number", { number: index + 1, total: course.lessons.length })}
            </Text>
            <Title order={3} style={{ overflowWrap: "anywhere" }}>
              {lesson.title}
            </Title>
          </Stack>
          {lesson.done && (
            <Badge color="green" variant="light" leftSection={<IconCheck size={12} />}>
              {t("courses.lessons.done")}
            </Badge>
          )}
        </Group>
        {lesson.body && (
          <Typography>
            <div
              style={{ overflowWrap: "anywhere" }}
              // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised server-side to an allowlist (course-content.service.ts)
              dangerouslySetInnerHTML={{ __html: lesson.body }}
            />
          </Typography>
        )}
        {lesson.videoUrl && (
          <Group>
            <Button
              component="a"
              href={lesson.videoUrl}
              target="_blank"
              rel="noopener noreferrer"
              variant="light"
              leftSection={<IconExternalLink size={16} />}
            >
              {t("courses.lessons.watch")}
            </Button>
          </Group>
        )}
        {lesson.files
          .filter((file) => playable.has(file.mimeType))
          .map((file) => (
            // biome-ignore lint/a11y/useMediaCaption: the company's own training videos come without caption files
            <video
              key={file.id}
              controls
              preload="metadata"
              src={fileUrl(file.id)}
              style={{ width: "100%", maxHeight: 480, borderRadius: 8, background: "black" }}
              aria-label={file.name}
            />
          ))}
        {lesson.files
          .filter((file) => file.isImage)
          .map((file) => (
            <a key={file.id} href={fileUrl(file.id)} target="_blank" rel="noreferrer">
              <img src={fileUrl(file.id)} alt={file.name} style={{ maxWidth: "100%", borderRadius: 8 }} />
            </a>
          ))}
        {lesson.files.some((file) => !file.isImage) && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t("courses.lessons.documents")}
            </Text>
            {lesson.files
              .filter((file) => !file.isImage)
              .map((file) => (
                <Anchor
                  key={file.id}
                  href={fileUrl(file.id)}
                  download={file.name}
                  size="sm"
                  aria-label={t("courses.lessons.download", { name: file.name })}
                >
                  <Group gap={6} wrap="nowrap" component="span">
                    <IconPaperclip size={14} />
                    <span style={{ overflowWrap: "anywhere" }}>{file.name}</span>
                    <Text span size="xs" c="dimmed">
                      {bytes(file.size)}
                    </Text>
                  </Group>
                </Anchor>
              ))}
          </Stack>
        )}
        <Group justify="space-between" wrap="wrap">
          {lesson.done ? (
            <span />
          ) : (
            <Button onClick={() => void markDone()} loading={pending} leftSection={<IconCheck size={16} />}>
              {t("courses.lessons.markDone")}
            </Button>
          )}
          <Button variant="default" onClick={onNext}>
            {last ? t("courses.lessons.toOverview") : t("courses.lessons.next")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
