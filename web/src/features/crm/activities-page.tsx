import {
  Badge,
  Button,
  Group,
  MultiSelect,
  Pagination,
  Paper,
  Skeleton,
  Stack,
  Tabs,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedCallback, useMediaQuery } from "@mantine/hooks";
import type { Activity } from "@planerka/common";
import { IconChecklist, IconPlus, IconSearch } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { PageHeader } from "../../lib/list-page";
import { handleFormError, notifySuccess, problemText } from "../../lib/notify";
import { formatListTotal } from "../../lib/numbers";
import { UserPicker } from "../org/user-picker";
import { userQuery } from "../org/users-api";
import { PlannedTasks } from "../tasks/planned-tasks";
import {
  type ActivityListParams,
  activitiesQuery,
  activityTypesQuery,
  deleteActivity,
  refreshActivityViews,
  updateActivity,
} from "./activities-api";
import { type ActivitiesSearch, type ActivityTab, activityTabs } from "./activities-search";
import { CompleteActivityDialog, RescheduleActivityDialog } from "./activity-action-dialogs";
import { ActivityFormDialog } from "./activity-form-dialog";
import { ActivityList } from "./activity-list";
import { zonedNow } from "./activity-time";
import { useDialogTarget } from "./use-dialog-target";

const pageSize = 50;

/** What each tab asks the server for. */
function tabParams(tab: ActivityTab, timeZone: string): Partial<ActivityListParams> {
  const today = zonedNow(timeZone).startOf("day");
  switch (tab) {
    case "overdue":
      return { state: "overdue", sort: "-dueAt" };
    case "today":
      return {
        state: "open",
        dueFrom: today.toISOString(),
        dueTo: today.add(1, "day").subtract(1, "millisecond").toISOString(),
        sort: "dueAt",
      };
    case "upcoming":
      return { state: "active", dueFrom: today.add(1, "day").toISOString(), sort: "dueAt" };
    case "completed":
      return { state: "completed", sort: "-completedAt" };
  }
}

const tabColors: Record<ActivityTab, string> = { overdue: "red", today: "blue", upcoming: "gray", completed: "gray" };

export function ActivitiesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = useSearch({ from: "/app/activities" });
  const navigate = useNavigate({ from: "/activities" });
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 48em)");
  const [text, setText] = useState(search.q ?? "");
  const [creating, setCreating] = useState(false);
  const editing = useDialogTarget<Activity>();
  const completing = useDialogTarget<Activity>();
  const rescheduling = useDialogTarget<Activity>();
  const deleting = useDialogTarget<Activity>();

  const readLevel = me.abilities.access.activities?.read ?? "own";
  const seesOthers = readLevel === "subtree" || readLevel === "all";
  const owner = seesOthers ? (search.owner ?? me.id) : me.id;
  const ownerId = owner === "all" ? undefined : owner;
  const page = search.page ?? 1;

  const types = useQuery(activityTypesQuery);
  const typeData = useMemo(
    () => (types.data ?? []).map((type) => ({ value: type.id, label: type.name })),
    [types.data],
  );

  const filters = { q: search.q, typeId: search.type, ownerId };
  const counts = Object.fromEntries(
    activityTabs.map((key) => [key, { limit: 1, ...filters, ...tabParams(key, me.timeZone) }]),
  ) as Record<ActivityTab, ActivityListParams>;
  const overdueCount = useQuery(activitiesQuery(counts.overdue)).data?.total;
  const todayCount = useQuery(activitiesQuery(counts.today)).data?.total;
  const upcomingCount = useQuery(activitiesQuery(counts.upcoming)).data?.total;
  const tabCounts: Record<ActivityTab, number | undefined> = {
    overdue: overdueCount,
    today: todayCount,
    upcoming: upcomingCount,
    completed: undefined,
  };

  // Someone else's activities (a head's drill-down) open on the overdue ones when there are any;
  // one's own open on today. Until the count is known nothing is listed, so the page does not jump.
  const viewsOther = owner !== me.id;
  const defaultTab: ActivityTab | null = !viewsOther
    ? "today"
    : overdueCount === undefined
      ? null
      : overdueCount > 0
        ? "overdue"
        : "today";
  const tab = search.tab ?? defaultTab ?? "overdue";

  const list = useQuery({
    ...activitiesQuery({
      limit: pageSize,
      offset: (page - 1) * pageSize,
      ...filters,
      ...tabParams(tab, me.timeZone),
    }),
    enabled: search.tab !== undefined || defaultTab !== null,
  });

  const update = (changes: Partial<ActivitiesSearch>) =>
    void navigate({ search: (prev: ActivitiesSearch) => ({ ...prev, page: undefined, ...changes }), replace: true });
  const applyText = useDebouncedCallback((value: string) => update({ q: value.trim() || undefined }), 300);
  useEffect(() => setText((current) => (current.trim() === (search.q ?? "") ? current : (search.q ?? ""))), [search.q]);

  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const filtered = Boolean(search.q || search.type || (seesOthers && search.owner));
  const ownerUser = useQuery({ ...userQuery(ownerId ?? ""), enabled: ownerId !== undefined && ownerId !== me.id });
  const title =
    owner === me.id
      ? t("activities.page.title")
      : owner === "all"
        ? t("activities.page.titleAll")
        : t("activities.page.titleOf", { name: ownerUser.data?.name ?? "…" });

  const refresh = () => refreshActivityViews(queryClient);

  const reopen = async (activity: Activity) => {
    try {
      await updateActivity(activity.id, { completedAt: null, version: activity.version });
      notifySuccess(t("activities.page.reopened"));
    } catch (error) {
      handleFormError(error);
    }
    void refresh();
  };

  const actions = {
    onComplete: completing.open,
    onReschedule: rescheduling.open,
    onEdit: editing.open,
    onDelete: deleting.open,
    onReopen: (activity: Activity) => void reopen(activity),
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={title}
        intro={
          list.data
            ? t("activities.page.total", { count: total, formatted: formatListTotal(list.data) })
            : t("app.loading")
        }
        action={
          <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
            {t("activities.page.add")}
          </Button>
        }
      />

      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          aria-label={t("common.search")}
          placeholder={t("activities.page.searchPlaceholder")}
          leftSection={<IconSearch size={16} />}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            applyText(event.currentTarget.value);
          }}
          style={{ flex: "1 1 220px" }}
        />
        <MultiSelect
          aria-label={t("activities.page.filterType")}
          placeholder={search.type ? undefined : t("activities.page.filterTypePlaceholder")}
          data={typeData}
          value={search.type ? search.type.split(",") : []}
          onChange={(ids) => update({ type: ids.length > 0 ? ids.join(",") : undefined })}
          clearable
          searchable
          maxValues={20}
          style={{ flex: "1 1 260px" }}
        />
        {seesOthers && (
          <UserPicker
            aria-label={t("activities.page.filterOwner")}
            placeholder={t("activities.page.allEmployees")}
            value={ownerId ?? null}
            onChange={(value) => update({ owner: value === me.id ? undefined : (value ?? "all") })}
            initialOption={{ id: me.id, name: me.name }}
            clearable
            style={{ flex: "1 1 220px" }}
          />
        )}
      </Group>

      <Tabs
        value={tab}
        onChange={(value) => update({ tab: !value || value === defaultTab ? undefined : (value as ActivityTab) })}
        keepMounted={false}
      >
        <Tabs.List style={{ flexWrap: "nowrap", overflowX: "auto", overflowY: "hidden" }}>
          {activityTabs.map((key) => (
            <Tabs.Tab
              key={key}
              value={key}
              color={key === "overdue" ? "red" : undefined}
              rightSection={
                tabCounts[key] ? (
                  <Badge
                    size="sm"
                    variant={key === "overdue" ? "filled" : "light"}
                    color={tabColors[key]}
                    circle={false}
                  >
                    {tabCounts[key]}
                  </Badge>
                ) : undefined
              }
            >
              {t(`activities.page.tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>

      <PlannedTasks tab={tab} ownerId={owner} />

      <Paper withBorder radius="md">
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
            <Text c="dimmed">{t(`activities.page.empty.${tab}`)}</Text>
            {filtered && (
              <Button
                variant="subtle"
                size="xs"
                onClick={() => update({ q: undefined, type: undefined, owner: undefined })}
              >
                {t("activities.page.resetFilters")}
              </Button>
            )}
          </Stack>
        ) : (
          <ActivityList
            activities={list.data.items}
            timeZone={me.timeZone}
            timeOnly={tab === "today"}
            showOwner={owner !== me.id}
            compact={Boolean(phone)}
            {...actions}
          />
        )}
      </Paper>

      {pages > 1 && (
        <Group justify="center">
          <Pagination
            total={pages}
            value={page}
            onChange={(next) => update({ page: next > 1 ? next : undefined })}
            size={phone ? "sm" : "md"}
            siblings={phone ? 0 : 1}
          />
        </Group>
      )}

      <ActivityFormDialog
        opened={creating}
        onClose={() => setCreating(false)}
        initial={ownerId && ownerId !== me.id ? { ownerId } : undefined}
      />
      <ActivityFormDialog opened={editing.opened} onClose={editing.close} activity={editing.target ?? undefined} />
      <CompleteActivityDialog opened={completing.opened} activity={completing.target} onClose={completing.close} />
      <RescheduleActivityDialog
        opened={rescheduling.opened}
        activity={rescheduling.target}
        onClose={rescheduling.close}
      />
      <ConfirmModal
        opened={deleting.opened}
        title={t("activities.page.deleteTitle")}
        message={t("activities.page.deleteMessage", { subject: deleting.target?.subject ?? "" })}
        confirmLabel={t("common.delete")}
        onConfirm={async () => {
          if (!deleting.target) return;
          await deleteActivity(deleting.target.id);
          notifySuccess(t("activities.page.deleted"));
          refresh();
        }}
        onClose={deleting.close}
      />
    </Stack>
  );
}
