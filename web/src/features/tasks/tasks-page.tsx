import {
  Badge,
  Button,
  Group,
  MultiSelect,
  Pagination,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { taskStatuses } from "@planerka/common";
import { IconChecklist, IconClockHour4, IconLayoutKanban, IconList, IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ButtonLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { SearchBox } from "../crm/list-kit";
import { UserPicker } from "../org/user-picker";
import { userQuery } from "../org/users-api";
import { canSeeOthersTasks } from "./task-access";
import { TaskFormDialog } from "./task-form-dialog";
import { TaskKanban } from "./task-kanban";
import { TaskTable } from "./task-table";
import { type TaskListParams, taskCountsQuery, taskListQuery } from "./tasks-api";
import { type TasksSearch, type TaskTab, taskTabs } from "./tasks-search";

const pageSize = 50;

/** Without a status chosen, the lists show the work still open, as the counters count it. */
const openStatuses = "new,in_progress,waiting_control,deferred";

/** What a tab asks the server for; with a person chosen, the same views of that person's tasks. */
function tabParams(tab: TaskTab, userId: string | undefined): TaskListParams {
  if (tab === "overdue") return { view: "my", overdue: "true", userId };
  return { view: tab, userId };
}

/** «Задачи»: what I do, what I set, what I follow, what is overdue — as a list or a kanban by status. */
export function TasksPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = useSearch({ from: "/app/tasks" });
  const navigate = useNavigate({ from: "/tasks" });
  const phone = useMediaQuery("(max-width: 48em)");
  const [creating, setCreating] = useState(false);

  const seesOthers = canSeeOthersTasks(me);
  const userId = seesOthers && search.userId !== me.id ? search.userId : undefined;
  const tab: TaskTab = search.view ?? "my";
  const shownTab = tab;
  const kanban = search.layout === "kanban";
  const page = search.page ?? 1;
  const sort = search.sort ?? "deadline";

  const update = (changes: Partial<TasksSearch>) =>
    void navigate({ search: (previous: TasksSearch) => ({ ...previous, page: undefined, ...changes }), replace: true });

  const filters: TaskListParams = { ...tabParams(shownTab, userId), q: search.q };
  const list = useQuery({
    ...taskListQuery({
      ...filters,
      status: search.status ?? openStatuses,
      sort,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    }),
    enabled: !kanban,
  });
  const counts = useQuery({ ...taskCountsQuery, enabled: !userId }).data;
  // A person's counts come from their lists (the counts endpoint is about the caller).
  const personCount = (key: TaskTab) => taskListQuery({ ...tabParams(key, userId), status: openStatuses, limit: 1 });
  const personMy = useQuery({ ...personCount("my"), enabled: !!userId }).data;
  const personSet = useQuery({ ...personCount("set"), enabled: !!userId }).data;
  const personObserve = useQuery({ ...personCount("observe"), enabled: !!userId }).data;
  const personOverdue = useQuery({ ...personCount("overdue"), enabled: !!userId }).data;
  const tabCounts: Partial<Record<TaskTab, number>> = userId
    ? { my: personMy?.total, set: personSet?.total, observe: personObserve?.total, overdue: personOverdue?.total }
    : (counts ?? {});
  const person = useQuery({ ...userQuery(userId ?? ""), enabled: !!userId }).data;

  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const filtered = Boolean(search.q || search.status);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={2}>
            {userId ? t("tasks.list.titleOf", { name: person?.name ?? "…" }) : t("tasks.list.title")}
          </Title>
          {!kanban && (
            <Text c="dimmed" size="sm" aria-live="polite">
              {list.data ? t("tasks.list.total", { count: total }) : list.isError ? "" : t("app.loading")}
            </Text>
          )}
        </div>
        <Group gap="xs">
          <ButtonLink to="/tasks/time-report" search={{}} variant="default" leftSection={<IconClockHour4 size={18} />}>
            {t("tasks.list.timeReport")}
          </ButtonLink>
          <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
            {t("tasks.list.add")}
          </Button>
        </Group>
      </Group>

      <Tabs
        value={shownTab}
        onChange={(value) => update({ view: value === "my" || !value ? undefined : (value as TasksSearch["view"]) })}
        keepMounted={false}
      >
        <Tabs.List
          aria-label={t("tasks.list.tabsLabel")}
          style={{ flexWrap: "nowrap", overflowX: "auto", overflowY: "hidden" }}
        >
          {taskTabs.map((key) => {
            const count = tabCounts[key];
            return (
              <Tabs.Tab
                key={key}
                value={key}
                color={key === "overdue" ? "red" : undefined}
                rightSection={
                  count ? (
                    <Badge
                      size="sm"
                      variant={key === "overdue" ? "filled" : "light"}
                      color={key === "overdue" ? "red" : undefined}
                    >
                      {count}
                    </Badge>
                  ) : undefined
                }
              >
                {t(`tasks.list.tabs.${key}`)}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
      </Tabs>

      <Group gap="sm" align="center" wrap="wrap">
        <SearchBox value={search.q} placeholder={t("tasks.list.searchPlaceholder")} onChange={(q) => update({ q })} />
        {!kanban && (
          <MultiSelect
            aria-label={t("tasks.list.statusFilter")}
            placeholder={search.status ? undefined : t("tasks.list.statusAny")}
            data={taskStatuses.map((status) => ({ value: status, label: t(`tasks.status.${status}`) }))}
            value={search.status ? search.status.split(",") : []}
            onChange={(value) => update({ status: value.length > 0 ? value.join(",") : undefined })}
            clearable
            style={{ flex: "1 1 220px" }}
          />
        )}
        {seesOthers && (
          <UserPicker
            aria-label={t("tasks.list.person")}
            placeholder={t("tasks.list.personPlaceholder")}
            value={userId ?? null}
            onChange={(value) => update({ userId: value && value !== me.id ? value : undefined })}
            initialOption={person ? { id: person.id, name: person.name } : null}
            clearable
            style={{ flex: "1 1 220px" }}
          />
        )}
        <SegmentedControl
          aria-label={t("tasks.list.layoutLabel")}
          value={kanban ? "kanban" : "list"}
          onChange={(value) => update({ layout: value === "kanban" ? "kanban" : undefined, page: search.page })}
          data={[
            {
              value: "list",
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconList size={16} />
                  <span>{t("tasks.list.layoutList")}</span>
                </Group>
              ),
            },
            {
              value: "kanban",
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconLayoutKanban size={16} />
                  <span>{t("tasks.list.layoutKanban")}</span>
                </Group>
              ),
            },
          ]}
        />
      </Group>

      {kanban ? (
        <TaskKanban params={filters} />
      ) : (
        <>
          <Paper withBorder radius="md" component="section" aria-label={t("tasks.list.tableLabel")}>
            {list.error ? (
              <Text c="red" p="md">
                {problemText(list.error)}
              </Text>
            ) : !list.data ? (
              <Stack p="md" gap="sm">
                <Skeleton h={28} />
                <Skeleton h={28} />
                <Skeleton h={28} />
              </Stack>
            ) : list.data.items.length === 0 ? (
              <Stack align="center" gap="xs" p="xl">
                <IconChecklist size={32} stroke={1.4} color="var(--mantine-color-dimmed)" />
                <Text c="dimmed">
                  {filtered
                    ? t("tasks.list.emptyFiltered")
                    : userId
                      ? t(`tasks.list.emptyOf.${shownTab}`, { name: person?.name ?? "…" })
                      : t(`tasks.list.empty.${shownTab}`)}
                </Text>
                {filtered && (
                  <Button variant="subtle" size="xs" onClick={() => update({ q: undefined, status: undefined })}>
                    {t("tasks.list.resetFilters")}
                  </Button>
                )}
              </Stack>
            ) : (
              <TaskTable
                tasks={list.data.items}
                sort={sort}
                onSort={(next) => update({ sort: next === "deadline" ? undefined : next })}
              />
            )}
          </Paper>
          {pages > 1 && (
            <Group justify="center">
              <Pagination
                total={pages}
                value={Math.min(page, pages)}
                onChange={(next) => update({ page: next > 1 ? next : undefined })}
                size={phone ? "sm" : "md"}
                siblings={phone ? 0 : 1}
              />
            </Group>
          )}
        </>
      )}

      <TaskFormDialog
        opened={creating}
        onClose={() => setCreating(false)}
        initial={userId && person ? { assignee: { id: person.id, name: person.name } } : undefined}
      />
    </Stack>
  );
}
