import { Badge, Button, Center, Grid, Group, Paper, Stack, Text, Title, Typography } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import type { TaskDetail, TaskStatusAction } from "@planerka/common";
import {
  IconArrowBackUp,
  IconArrowLeft,
  IconCheck,
  IconClockPause,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlus,
  IconRotateClockwise,
  IconTrash,
} from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "@tanstack/react-router";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink, ButtonLink } from "../../lib/links";
import { notifyError, notifySuccess } from "../../lib/notify";
import { RecordGate, useRecordQuery } from "../../lib/record-page";
import { CardSection, FieldRows } from "../crm/card-kit";
import { RecordFiles } from "../drive-files/record-files";
import { DeadlineText, PriorityMark, StatusBadge, TaskLinkAnchor } from "./task-badges";
import { TaskChecklist } from "./task-checklist";
import { TaskComments } from "./task-comments";
import { TaskFiles } from "./task-files";
import { TaskFormDialog } from "./task-form-dialog";
import { allowedActions } from "./task-status";
import { TaskTime } from "./task-time";
import { changeTaskStatus, deleteTask, refreshTaskViews, taskQuery } from "./tasks-api";

export function TaskCardPage() {
  const { i18n } = useTranslation();
  const { taskId } = useParams({ from: "/app/tasks/$taskId" });
  const query = useRecordQuery(taskQuery(taskId));
  return (
    <RecordGate query={query} notFound={<TaskNotFound />}>
      {(task) => (
        <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>
          <TaskCard task={task} reload={() => query.refetch()} />
        </DatesProvider>
      )}
    </RecordGate>
  );
}

function TaskNotFound() {
  const { t } = useTranslation();
  return (
    <Center mih="50vh" p="md">
      <Stack align="center" gap="sm" maw={420}>
        <Title order={3}>{t("tasks.card.notFoundTitle")}</Title>
        <Text c="dimmed" ta="center">
          {t("tasks.card.notFound")}
        </Text>
        <ButtonLink to="/tasks" search={{}} variant="light">
          {t("tasks.card.backToList")}
        </ButtonLink>
      </Stack>
    </Center>
  );
}

const actionIcons: Record<TaskStatusAction, ReactNode> = {
  start: <IconPlayerPlay size={16} />,
  pause: <IconPlayerPause size={16} />,
  defer: <IconClockPause size={16} />,
  complete: <IconCheck size={16} />,
  accept: <IconCheck size={16} />,
  return: <IconArrowBackUp size={16} />,
  renew: <IconRotateClockwise size={16} />,
};

interface TaskCardProps {
  task: TaskDetail;
  reload: () => Promise<unknown>;
}

function TaskCard({ task, reload }: TaskCardProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [subtask, setSubtask] = useState({ opened: false, key: 0 });
  const [pendingAction, setPendingAction] = useState<TaskStatusAction | null>(null);
  const actions = allowedActions(task);

  const runAction = async (action: TaskStatusAction) => {
    setPendingAction(action);
    try {
      const updated = await changeTaskStatus(task.id, task.version, action);
      notifySuccess(
        updated.status === "waiting_control" ? t("tasks.actions.done.control") : t(`tasks.actions.done.${action}`),
      );
    } catch (error) {
      notifyError(error);
    }
    refreshTaskViews(queryClient, task.id);
    await reload();
    setPendingAction(null);
  };

  const header = (
    <Paper withBorder radius="md" p={{ base: "sm", sm: "md" }}>
      <Stack gap="sm">
        <Group gap="xs" wrap="wrap">
          <StatusBadge status={task.status} size="lg" />
          {task.overdue && (
            <Badge color="red" variant="filled" size="lg">
              {t("tasks.card.overdue")}
            </Badge>
          )}
          <PriorityMark priority={task.priority} />
          {task.parent && (
            <AnchorLink to="/tasks/$taskId" params={{ taskId: task.parent.id }} size="sm" c="dimmed">
              {t("tasks.card.parent")}: {task.parent.title}
            </AnchorLink>
          )}
        </Group>
        <Title order={2} style={{ overflowWrap: "anywhere" }}>
          {task.title}
        </Title>
        <Group gap="xs" wrap="wrap" role="group" aria-label={t("tasks.card.actionsLabel")}>
          {actions.map((action, index) => (
            <Button
              key={action}
              variant={index === 0 ? "filled" : "default"}
              color={action === "complete" || action === "accept" ? "teal" : undefined}
              leftSection={actionIcons[action]}
              loading={pendingAction === action}
              disabled={pendingAction !== null && pendingAction !== action}
              onClick={() => void runAction(action)}
            >
              {t(`tasks.actions.${action}`)}
            </Button>
          ))}
          {task.abilities.edit && (
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              {t("tasks.card.edit")}
            </Button>
          )}
          {task.abilities.delete && (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setDeleting(true)}
            >
              {t("tasks.card.delete")}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );

  const people = (names: { id: string; name: string }[]) =>
    names.length === 0 ? null : (
      <Stack gap={0}>
        {names.map((person) => (
          <Text key={person.id} size="sm">
            {person.name}
          </Text>
        ))}
      </Stack>
    );

  const details = (
    <CardSection title={t("tasks.card.details")}>
      <FieldRows
        rows={[
          [t("tasks.card.status"), t(`tasks.status.${task.status}`)],
          [
            t("tasks.card.deadline"),
            task.deadline ? <DeadlineText key="deadline" task={task} timeZone={me.timeZone} /> : null,
          ],
          [t("tasks.card.priority"), <PriorityMark key="priority" priority={task.priority} withLabel />],
          [t("tasks.card.creator"), task.creator.name],
          [t("tasks.card.assignee"), task.assignee.name],
          [t("tasks.card.coassignees"), people(task.coassignees)],
          [t("tasks.card.observers"), people(task.observers)],
          [t("tasks.card.link"), task.link ? <TaskLinkAnchor key="link" link={task.link} /> : null],
          [
            t("tasks.card.group"),
            task.group ? (
              <AnchorLink key="group" to="/groups/$groupId" params={{ groupId: task.group.id }} search={{}} size="sm">
                {task.group.name}
              </AnchorLink>
            ) : null,
          ],
          [t("tasks.card.requiresControl"), task.requiresControl ? t("common.yes") : t("common.no")],
          [t("tasks.card.createdAt"), formatDateTime(task.createdAt, me.timeZone)],
          ...(task.completedAt
            ? [[t("tasks.card.completedAt"), formatDateTime(task.completedAt, me.timeZone)] as [string, string]]
            : []),
          ...(task.workflowInstanceId ? [[t("tasks.card.workflow"), t("common.yes")] as [string, string]] : []),
        ]}
      />
    </CardSection>
  );

  return (
    <Stack gap="md">
      <AnchorLink to="/tasks" search={{}} size="sm" c="dimmed" w="fit-content">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} />
          {t("tasks.card.backToList")}
        </Group>
      </AnchorLink>
      {header}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <Stack gap="md">
            <TaskTime task={task} reload={reload} />
            {details}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Stack gap="md">
            <CardSection title={t("tasks.card.description")}>
              {task.description ? (
                // The server stores the description sanitised to an allowlist of tags; nothing else here is HTML.
                <Typography>
                  <div
                    style={{ overflowWrap: "anywhere" }}
                    // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised server-side (taskDetailSchema.description)
                    dangerouslySetInnerHTML={{ __html: task.description }}
                  />
                </Typography>
              ) : (
                <Text size="sm" c="dimmed">
                  {t("tasks.card.noDescription")}
                </Text>
              )}
            </CardSection>
            <TaskChecklist task={task} />
            <CardSection
              title={t("tasks.card.subtasks")}
              action={
                task.abilities.edit || task.abilities.changeStatus ? (
                  <Button
                    size="xs"
                    variant="subtle"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => setSubtask(({ key }) => ({ opened: true, key: key + 1 }))}
                  >
                    {t("tasks.card.addSubtask")}
                  </Button>
                ) : undefined
              }
            >
              {task.subtasks.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t("tasks.card.noSubtasks")}
                </Text>
              ) : (
                <Stack gap={8}>
                  {task.subtasks.map((sub) => (
                    <Group key={sub.id} justify="space-between" wrap="nowrap" gap="xs">
                      <Stack gap={0} miw={0}>
                        <AnchorLink
                          to="/tasks/$taskId"
                          params={{ taskId: sub.id }}
                          size="sm"
                          fw={500}
                          lineClamp={2}
                          td={sub.status === "done" ? "line-through" : undefined}
                        >
                          {sub.title}
                        </AnchorLink>
                        <Text size="xs" c="dimmed">
                          {sub.assignee.name}
                        </Text>
                      </Stack>
                      <Stack gap={2} align="flex-end">
                        <StatusBadge status={sub.status} size="xs" />
                        {sub.deadline && <DeadlineText task={sub} timeZone={me.timeZone} size="xs" />}
                      </Stack>
                    </Group>
                  ))}
                </Stack>
              )}
            </CardSection>
            <TaskFiles task={task} />
            <RecordFiles entityType="task" entityId={task.id} title={t("driveFiles.driveTitle")} />
            <TaskComments task={task} />
          </Stack>
        </Grid.Col>
      </Grid>

      <TaskFormDialog
        opened={editing}
        onClose={() => setEditing(false)}
        task={task}
        onStale={reload}
        onSaved={() => void reload()}
      />
      <TaskFormDialog
        key={subtask.key}
        opened={subtask.opened}
        onClose={() => setSubtask((current) => ({ ...current, opened: false }))}
        initial={{
          parent: { id: task.id, title: task.title },
          assignee: task.assignee,
          link: task.link ?? undefined,
          group: task.group ?? undefined,
        }}
        onSaved={() => void reload()}
      />
      <ConfirmModal
        opened={deleting}
        title={t("tasks.card.deleteTitle")}
        message={t("tasks.card.deleteConfirm", { title: task.title })}
        confirmLabel={t("tasks.card.delete")}
        onConfirm={async () => {
          await deleteTask(task.id);
          notifySuccess(t("tasks.card.deleted"));
          queryClient.removeQueries({ queryKey: ["tasks", "one", task.id] });
          refreshTaskViews(queryClient);
          void navigate({ to: "/tasks", search: {} });
        }}
        onClose={() => setDeleting(false)}
      />
    </Stack>
  );
}
