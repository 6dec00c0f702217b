import { ActionIcon, Button, type ButtonProps, Group, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import type { LinkableEntity, PersonRef } from "@planerka/common";
import { IconPlus, IconSubtask } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { CardSection } from "../crm/card-kit";
import { DeadlineText, StatusBadge } from "./task-badges";
import type { TaskFormInitial } from "./task-form-dialog";
import { taskListQuery } from "./tasks-api";

// The form (and its editor) load when first opened, not with the CRM card.
const TaskFormDialog = lazy(() => import("./task-form-dialog").then((module) => ({ default: module.TaskFormDialog })));

interface RecordRef {
  entityType: LinkableEntity;
  entityId: string;
  title: string;
}

/** A new task for a record, prefilled with the link and the record's owner as the assignee. */
function useNewTaskDialog(record: RecordRef, assignee: PersonRef | undefined, title?: string) {
  const [dialog, setDialog] = useState({ opened: false, key: 0 });
  const initial: TaskFormInitial = {
    link: { entityType: record.entityType, entityId: record.entityId, title: record.title },
    assignee,
  };
  const element =
    dialog.key > 0 ? (
      <Suspense fallback={null}>
        <TaskFormDialog
          key={dialog.key}
          opened={dialog.opened}
          onClose={() => setDialog((current) => ({ ...current, opened: false }))}
          title={title}
          initial={initial}
        />
      </Suspense>
    ) : null;
  return { open: () => setDialog(({ key }) => ({ opened: true, key: key + 1 })), element };
}

interface NewTaskButtonProps extends ButtonProps {
  record: RecordRef;
  assignee?: PersonRef;
  dialogTitle?: string;
}

/** «Задача» among a card's actions: a task for the record's owner, linked to the record. */
export function NewTaskButton({ record, assignee, dialogTitle, ...props }: NewTaskButtonProps) {
  const { t } = useTranslation();
  const dialog = useNewTaskDialog(record, assignee, dialogTitle);
  return (
    <>
      <Button variant="light" leftSection={<IconSubtask size={16} />} onClick={dialog.open} {...props}>
        {t("tasks.dealAction")}
      </Button>
      {dialog.element}
    </>
  );
}

const shown = 10;

interface RecordTasksProps {
  record: RecordRef;
  /** Who a new task goes to by default (the record's owner). */
  assignee?: PersonRef;
}

/** The «Задачи» block of a CRM card: the record's tasks the caller may see, and a new one. */
export function RecordTasks({ record, assignee }: RecordTasksProps) {
  const { t } = useTranslation();
  const me = useMe();
  const [limit, setLimit] = useState(shown);
  const dialog = useNewTaskDialog(record, assignee);
  const query = useQuery(
    taskListQuery({ view: "all", entityType: record.entityType, entityId: record.entityId, sort: "deadline", limit }),
  );
  const total = query.data?.total ?? 0;
  return (
    <CardSection
      title={t("tasks.recordTasks.title")}
      action={
        <Tooltip label={t("tasks.recordTasks.addLabel")}>
          <ActionIcon variant="subtle" aria-label={t("tasks.recordTasks.addLabel")} onClick={dialog.open}>
            <IconPlus size={16} />
          </ActionIcon>
        </Tooltip>
      }
    >
      {query.error ? (
        <Text c="red" size="sm">
          {problemText(query.error)}
        </Text>
      ) : !query.data ? (
        <Skeleton h={48} />
      ) : query.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("tasks.recordTasks.empty")}
        </Text>
      ) : (
        <Stack
          gap={8}
          component="ul"
          m={0}
          p={0}
          style={{ listStyle: "none" }}
          aria-label={t("tasks.recordTasks.title")}
        >
          {query.data.items.map((task) => (
            <li key={task.id}>
              <AnchorLink
                to="/tasks/$taskId"
                params={{ taskId: task.id }}
                size="sm"
                fw={500}
                lineClamp={2}
                td={task.status === "done" ? "line-through" : undefined}
              >
                {task.title}
              </AnchorLink>
              <Group gap={6} wrap="wrap">
                <StatusBadge status={task.status} size="xs" />
                {task.deadline && <DeadlineText task={task} timeZone={me.timeZone} size="xs" />}
                <Text size="xs" c="dimmed">
                  {task.assignee.name}
                </Text>
              </Group>
            </li>
          ))}
          {total > query.data.items.length && (
            <Button variant="subtle" size="xs" w="fit-content" onClick={() => setLimit(100)}>
              {t("tasks.recordTasks.all", { count: total })}
            </Button>
          )}
        </Stack>
      )}
      {dialog.element}
    </CardSection>
  );
}
