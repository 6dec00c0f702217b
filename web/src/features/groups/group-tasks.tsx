import { Button, Group, Pagination, Paper, SegmentedControl, Skeleton, Stack, Text } from "@mantine/core";
import type { GroupDetail } from "@planerka/common";
import { IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { problemText } from "../../lib/notify";
import { TaskTable } from "../tasks/task-table";
import { taskListQuery } from "../tasks/tasks-api";

// The form (and its editor) load when first opened, not with the group's page.
const TaskFormDialog = lazy(() =>
  import("../tasks/task-form-dialog").then((module) => ({ default: module.TaskFormDialog })),
);

const pageSize = 50;
const openStatuses = "new,in_progress,waiting_control,deferred";

/** «Задачи» of a group: every task of it the caller may read, and «Новая задача» put into the group. */
export function GroupTasks({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState("deadline");
  const [shown, setShown] = useState<"open" | "all">("open");
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState({ opened: false, key: 0 });
  const query = useQuery(
    taskListQuery({
      view: "all",
      groupId: group.id,
      status: shown === "open" ? openStatuses : undefined,
      sort,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    }),
  );
  const pages = Math.max(1, Math.ceil((query.data?.total ?? 0) / pageSize));

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <SegmentedControl
          size="xs"
          value={shown}
          onChange={(value) => {
            setShown(value as "open" | "all");
            setPage(1);
          }}
          data={[
            { value: "open", label: t("groups.tasks.open") },
            { value: "all", label: t("groups.tasks.all") },
          ]}
        />
        {group.abilities.addTasks && (
          <Button
            size="sm"
            leftSection={<IconPlus size={16} />}
            onClick={() => setDialog(({ key }) => ({ opened: true, key: key + 1 }))}
          >
            {t("groups.tasks.new")}
          </Button>
        )}
      </Group>
      {query.error ? (
        <Text c="red">{problemText(query.error)}</Text>
      ) : !query.data ? (
        <Skeleton h={160} />
      ) : query.data.items.length === 0 ? (
        <Paper withBorder p="lg" radius="md">
          <Text c="dimmed" ta="center">
            {shown === "open" ? t("groups.tasks.emptyOpen") : t("groups.tasks.empty")}
          </Text>
        </Paper>
      ) : (
        <TaskTable tasks={query.data.items} sort={sort} onSort={setSort} />
      )}
      {pages > 1 && <Pagination value={page} total={pages} onChange={setPage} />}
      {dialog.key > 0 && (
        <Suspense fallback={null}>
          <TaskFormDialog
            key={dialog.key}
            opened={dialog.opened}
            onClose={() => setDialog((current) => ({ ...current, opened: false }))}
            initial={{ group: { id: group.id, name: group.name } }}
          />
        </Suspense>
      )}
    </Stack>
  );
}
