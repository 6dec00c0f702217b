import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconMessageQuestion } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { ButtonLink } from "../../lib/links";
import { gradingQueueQuery } from "./course-api";

/**
 * «Проверка ответов»: attempts of the caller's people whose free-text answers wait for a grade,
 * oldest first; grading happens on the attempt's page, where the whole test is in view.
 */
export function CourseGradingQueue() {
  const { t } = useTranslation();
  const me = useMe();
  const queue = useQuery(gradingQueueQuery);
  const items = queue.data ?? [];
  return (
    <Stack gap="xs" component="section" aria-label={t("courses.grading.title")}>
      <Group gap="xs">
        <Title order={4}>{t("courses.grading.title")}</Title>
        {items.length > 0 && (
          <Badge color="yellow" variant="filled" size="sm">
            {items.length}
          </Badge>
        )}
      </Group>
      {items.length === 0 && (
        <Text c="dimmed" size="sm">
          {t("courses.grading.empty")}
        </Text>
      )}
      {items.map((item) => (
        <Paper key={item.attemptId} withBorder radius="md" p="sm" data-testid="grading-item">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconMessageQuestion size={20} stroke={1.6} />
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text fw={600} size="sm">
                  {item.learner.name}
                </Text>
                <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                  {item.course.title}
                  {item.submittedAt && ` · ${formatDateTime(item.submittedAt, me.timeZone)}`}
                  {" · "}
                  {t("courses.grading.answers", { count: item.answers.length })}
                </Text>
              </Stack>
            </Group>
            <ButtonLink
              size="xs"
              to="/training/attempts/$attemptId"
              params={{ attemptId: item.attemptId }}
              aria-label={t("courses.grading.openNamed", { name: item.learner.name })}
            >
              {t("courses.grading.open")}
            </ButtonLink>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
