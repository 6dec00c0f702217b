import { Alert, Box, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import type { ActivityCategory, ManagerCabinet } from "@planerka/common";
import { IconPhoneOutgoing, IconSubtask, IconUsers } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, type ReactNode, Suspense, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useOpenDirectChat } from "../chat/use-open-direct-chat";
import type { ActivityFormInitial } from "../crm/activity-form-dialog";
import { UserWorkflows } from "../workflows/user-workflows";
import { managerCabinetQuery, refreshCabinet } from "./cabinet-api";
import { CabinetHeader, formatMoney } from "./cabinet-header";
import { EmployeeActions } from "./employee-actions";
import { EmployeeWorkflowsModal } from "./employee-workflows-modal";
import { workflowCountsOfQuery } from "./head-cabinet-api";
import { MeetingNotesPanel } from "./meeting-notes";
import { HangingDealsPanel, OverdueTasksPanel } from "./meeting-panels";
import { OpenDealsModal } from "./open-deals-modal";
import type { RollupUser } from "./rollup-table";
import { WeekComments } from "./week-comments";
import { WeekSection } from "./week-section";

// The forms load on the first «Звонок», «Встреча» or «Задача», not with the meeting.
const ActivityFormDialog = lazy(() =>
  import("../crm/activity-form-dialog").then((module) => ({ default: module.ActivityFormDialog })),
);
const TaskFormDialog = lazy(() =>
  import("../tasks/task-form-dialog").then((module) => ({ default: module.TaskFormDialog })),
);

/** The weeks a meeting is about: this one (what was done) and the next (what is planned). */
export interface MeetingWeeks {
  current: string;
  next: string;
}

interface MeetingPersonProps {
  item: RollupUser;
  month: string;
  weeks: MeetingWeeks;
  onMonthChange: (shift: number) => void;
}

const assignInitial: Record<"call" | "meeting", { category: ActivityCategory; direction?: "out" }> = {
  call: { category: "call", direction: "out" },
  meeting: { category: "meeting" },
};

/**
 * One person at the meeting, every figure from the cabinet's own reads: the month (the blue band),
 * plan to date against actual, the meeting's notes, this week's table, next week's plan with the
 * heads' comments, hanging deals, workflows (stalled first) and overdue tasks; and what the head
 * assigns without leaving: a call, a meeting, a task.
 */
export function MeetingPerson({ item, month, weeks, onMonthChange }: MeetingPersonProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const user = item.user;
  const header = useQuery(managerCabinetQuery(user.id, month));
  const counts = useQuery(workflowCountsOfQuery([user.id])).data;
  const writeTo = useOpenDirectChat();
  const [thisWeek, setThisWeek] = useState(weeks.current);
  const [nextWeek, setNextWeek] = useState(weeks.next);
  const [activity, setActivity] = useState<{ key: number; kind: "call" | "meeting" } | null>(null);
  const [taskKey, setTaskKey] = useState(0);
  const [taskOpened, setTaskOpened] = useState(false);
  const [dealsOpened, setDealsOpened] = useState(false);
  const [workflowsOpened, setWorkflowsOpened] = useState(false);
  const refresh = () => refreshCabinet(queryClient);

  const openActivity = (kind: "call" | "meeting") => setActivity((current) => ({ key: (current?.key ?? 0) + 1, kind }));
  const initial: ActivityFormInitial | undefined = activity
    ? { ownerId: user.id, ...assignInitial[activity.kind] }
    : undefined;

  return (
    <Stack gap="md" data-testid="meeting-person">
      {header.error ? (
        <Alert color="red" title={t("errors.loadFailed")}>
          <Button size="xs" variant="light" onClick={() => void header.refetch()}>
            {t("common.retry")}
          </Button>
        </Alert>
      ) : (
        <CabinetHeader data={header.data} month={month} onMonthChange={onMonthChange} />
      )}
      <Paper withBorder radius="md" p="sm">
        <Group justify="space-between" gap="sm" wrap="wrap" align="center">
          <PlanToDate data={header.data} />
          <Group gap="xs" wrap="wrap" role="group" aria-label={t("meeting.assign.label")}>
            <Button
              size="sm"
              variant="light"
              leftSection={<IconPhoneOutgoing size={16} />}
              onClick={() => openActivity("call")}
            >
              {t("meeting.assign.call")}
            </Button>
            <Button
              size="sm"
              variant="light"
              leftSection={<IconUsers size={16} />}
              onClick={() => openActivity("meeting")}
            >
              {t("meeting.assign.meeting")}
            </Button>
            <Button
              size="sm"
              variant="light"
              leftSection={<IconSubtask size={16} />}
              onClick={() => {
                setTaskKey((key) => key + 1);
                setTaskOpened(true);
              }}
            >
              {t("meeting.assign.task")}
            </Button>
            <EmployeeActions
              item={item}
              workflows={counts?.get(user.id)}
              onOpenDeals={() => setDealsOpened(true)}
              onWrite={() => void writeTo(user.id)}
              onOpenWorkflows={() => setWorkflowsOpened(true)}
            />
          </Group>
        </Group>
      </Paper>
      <MeetingNotesPanel userId={user.id} week={weeks.current} />
      <WeekSection
        userId={user.id}
        week={thisWeek}
        onWeekChange={setThisWeek}
        title={t("meeting.thisWeek")}
        canAct={false}
        onChanged={refresh}
      />
      <WeekSection
        userId={user.id}
        week={nextWeek}
        onWeekChange={setNextWeek}
        title={t("meeting.nextWeek")}
        canAct={false}
        planning
        onChanged={refresh}
      />
      <WeekComments userId={user.id} week={nextWeek} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <HangingDealsPanel
          userId={user.id}
          openDeals={header.data?.dealsInWork.count}
          onOpenDeals={() => setDealsOpened(true)}
        />
        <Stack gap="md">
          <UserWorkflows userId={user.id} />
          <OverdueTasksPanel userId={user.id} />
        </Stack>
      </SimpleGrid>

      {activity && (
        <Suspense fallback={null}>
          <ActivityFormDialog
            key={activity.key}
            opened
            title={t(`meeting.assign.${activity.kind}Title`, { name: user.name })}
            initial={initial}
            onClose={() => setActivity(null)}
            onSaved={refresh}
          />
        </Suspense>
      )}
      {taskKey > 0 && (
        <Suspense fallback={null}>
          <TaskFormDialog
            key={taskKey}
            opened={taskOpened}
            onClose={() => setTaskOpened(false)}
            title={t("meeting.assign.taskTitle", { name: user.name })}
            initial={{ assignee: { id: user.id, name: user.name } }}
          />
        </Suspense>
      )}
      <OpenDealsModal user={dealsOpened ? user : null} onClose={() => setDealsOpened(false)} />
      <EmployeeWorkflowsModal user={workflowsOpened ? user : null} onClose={() => setWorkflowsOpened(false)} />
    </Stack>
  );
}

/** Plan to date against actual: whether the person keeps pace with the month's plan. */
function PlanToDate({ data }: { data: ManagerCabinet | undefined }) {
  const { t } = useTranslation();
  if (!data) return <Skeleton h={44} w={280} />;
  const behind = data.actual < data.planToDate;
  return (
    <Group gap="lg" wrap="wrap">
      <Figure label={t("meeting.planToDate")}>{formatMoney(data.planToDate)}</Figure>
      <Figure label={t("meeting.actual")} note={behind ? t("meeting.behind") : undefined} alert={behind}>
        {formatMoney(data.actual)}
      </Figure>
    </Group>
  );
}

/** A label and its value, the value named by the label (as the cabinet's band does it). */
function Figure({
  label,
  note,
  alert,
  children,
}: {
  label: string;
  note?: string;
  alert?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" id={id}>
        {label}
      </Text>
      <Box role="group" aria-labelledby={id}>
        <Text fw={700} size="lg" c={alert ? "red.7" : undefined} style={{ whiteSpace: "nowrap" }}>
          {children}
        </Text>
      </Box>
      {note && (
        <Text size="xs" c="red.7">
          {note}
        </Text>
      )}
    </Stack>
  );
}
