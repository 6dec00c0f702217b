import { ActionIcon, Badge, Group, Paper, Stack, Text, Title, Tooltip } from "@mantine/core";
import type { CourseAssignment } from "@planerka/common";
import { IconX } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDate } from "../../lib/dates";
import { notifySuccess } from "../../lib/notify";
import { assignmentsQuery, cancelAssignment, refreshTraining } from "./training-api";

/** The live assignments the caller handles, each with how many of its people passed. */
export function AssignmentList({ courseId }: { courseId?: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const assignments = useQuery(assignmentsQuery(courseId));
  const [cancelling, setCancelling] = useState<CourseAssignment | null>(null);
  const subjectName = (item: CourseAssignment) =>
    item.subject.type === "role" && item.subject.role ? t(`roles.${item.subject.role}`) : (item.subject.name ?? "—");

  return (
    <Stack gap="xs">
      <Title order={4}>{t("training.assignments.title")}</Title>
      {assignments.data?.length === 0 && <Text c="dimmed">{t("training.assignments.empty")}</Text>}
      {assignments.data?.map((item) => (
        <Paper key={item.id} withBorder radius="md" p="sm" data-testid="training-assignment">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Group gap="xs">
                <Text fw={600} size="sm">
                  {item.course.title}
                </Text>
                {item.onboarding && (
                  <Badge size="xs" variant="light">
                    {t("training.assignments.onboarding")}
                  </Badge>
                )}
              </Group>
              <Text size="sm">
                {t(`training.assignments.subjectType.${item.subject.type}`)}: {subjectName(item)}
                {" · "}
                {item.dueOn
                  ? `${t("training.assignments.dueOn")} ${formatDate(`${item.dueOn}T12:00:00Z`, me.timeZone)}`
                  : t("training.assignments.noDue")}
              </Text>
              <Text size="xs" c="dimmed">
                {t("training.assignments.passed", { passed: item.passed, learners: item.learners })}
                {item.assignedBy ? ` · ${t("training.assignments.assignedBy", { name: item.assignedBy.name })}` : ""}
              </Text>
            </Stack>
            {item.abilities.cancel && (
              <Tooltip label={t("training.assignments.cancel")}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t("training.assignments.cancel")}
                  onClick={() => setCancelling(item)}
                >
                  <IconX size={16} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        </Paper>
      ))}
      <ConfirmModal
        opened={cancelling !== null}
        title={t("training.assignments.cancel")}
        message={t("training.assignments.cancelConfirm", { course: cancelling?.course.title ?? "" })}
        confirmLabel={t("training.assignments.cancel")}
        onConfirm={async () => {
          if (!cancelling) return;
          await cancelAssignment(cancelling.id);
          void refreshTraining(queryClient);
          notifySuccess(t("training.assignments.cancelled"));
        }}
        onClose={() => setCancelling(null)}
      />
    </Stack>
  );
}
