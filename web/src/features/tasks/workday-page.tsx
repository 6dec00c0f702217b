import { Alert, Badge, Button, Grid, Group, Loader, Paper, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import type { WorkdayReport } from "@planerka/common";
import { IconPlayerPause, IconPlayerPlay, IconPlayerStop } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatTime } from "../../lib/dates";
import { notifyError, problemText } from "../../lib/notify";
import { UnitSelect } from "../org/unit-select";
import { PeriodControls } from "./period-controls";
import { formatMinutes } from "./task-status";
import type { PeriodSearch } from "./tasks-search";
import { useTeamReportFilters } from "./team-report-filters";
import { changeWorkday, type WorkdayAction, workdayQuery, workdayReportQuery, workdayTeamQuery } from "./workday-api";
import { useWorkedMinutes, workdayColors } from "./workday-control";

const routeApi = getRouteApi("/app/workday");

/** «Рабочий день»: my day, who is working now (for heads), and hours by employee and day. */
export function WorkdayPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const { today, period, team, units, allowedUnits } = useTeamReportFilters(search);
  const unitId = team ? search.unitId : undefined;
  const update = (patch: Partial<PeriodSearch>) =>
    void navigate({ search: (previous) => ({ ...previous, ...patch }), replace: true });

  return (
    <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <Title order={2}>{t("tasks.workday.title")}</Title>
          {team && (
            <UnitSelect
              label={t("tasks.workday.unit")}
              placeholder={t("tasks.report.everyone")}
              units={units}
              allowed={allowedUnits}
              value={search.unitId ?? null}
              onChange={(value) => update({ unitId: value ?? undefined })}
              clearable
              w={{ base: "100%", xs: 260 }}
            />
          )}
        </Group>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: team ? 4 : 12 }}>
            <MyWorkday />
          </Grid.Col>
          {team && (
            <Grid.Col span={{ base: 12, md: 8 }}>
              <TeamNow unitId={unitId} />
            </Grid.Col>
          )}
        </Grid>
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="workday-report">
          <Stack gap="sm">
            <Title order={3} size="h5" id="workday-report">
              {t("tasks.workday.report")}
            </Title>
            <Group gap="sm" align="flex-end" wrap="wrap">
              <PeriodControls
                period={period}
                today={today}
                onChange={(next) => update({ from: next.from, to: next.to })}
              />
            </Group>
            <HoursReport from={period.from} to={period.to} unitId={unitId} />
          </Stack>
        </Paper>
      </Stack>
    </DatesProvider>
  );
}

function MyWorkday() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useQuery(workdayQuery);
  const status = query.data;
  const worked = useWorkedMinutes(status, query.dataUpdatedAt);
  const [busy, setBusy] = useState<WorkdayAction | null>(null);
  const [confirming, setConfirming] = useState(false);

  const act = async (action: WorkdayAction) => {
    setBusy(action);
    try {
      queryClient.setQueryData(workdayQuery.queryKey, await changeWorkday(action));
      void queryClient.invalidateQueries({ queryKey: ["workday", "team"] });
      void queryClient.invalidateQueries({ queryKey: ["workday", "report"] });
    } catch (error) {
      notifyError(error);
      void query.refetch();
    } finally {
      setBusy(null);
    }
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="my-workday">
      <Stack gap="sm">
        <Title order={3} size="h5" id="my-workday">
          {t("tasks.workday.my")}
        </Title>
        {query.error ? (
          <Text c="red" size="sm">
            {problemText(query.error)}
          </Text>
        ) : !status ? (
          <Skeleton h={80} />
        ) : (
          <>
            <Group justify="space-between" wrap="nowrap">
              <Badge color={workdayColors[status.state]} variant="light" size="lg">
                {t(`tasks.workday.states.${status.state}`)}
              </Badge>
              <Stack gap={0} align="flex-end">
                <Text size="xs" c="dimmed">
                  {t("tasks.workday.workedToday")}
                </Text>
                <Text fw={700} fz="xl" data-testid="workday-worked-today">
                  {formatMinutes(worked)}
                </Text>
              </Stack>
            </Group>
            {status.startedAt && (
              <Text size="xs" c="dimmed">
                {t("tasks.workday.since", { time: formatTime(status.startedAt, me.timeZone) })}
                {status.finishedAt
                  ? ` ${t("tasks.workday.finishedAt", { time: formatTime(status.finishedAt, me.timeZone) })}`
                  : ""}
              </Text>
            )}
            <Group gap="xs" wrap="wrap">
              {status.state === "not_started" && (
                <Button
                  color="teal"
                  leftSection={<IconPlayerPlay size={16} />}
                  loading={busy === "start"}
                  onClick={() => void act("start")}
                >
                  {t("tasks.workday.start")}
                </Button>
              )}
              {status.state === "working" && (
                <Button
                  variant="light"
                  color="yellow"
                  leftSection={<IconPlayerPause size={16} />}
                  loading={busy === "pause"}
                  onClick={() => void act("pause")}
                >
                  {t("tasks.workday.pause")}
                </Button>
              )}
              {status.state === "paused" && (
                <Button
                  color="teal"
                  leftSection={<IconPlayerPlay size={16} />}
                  loading={busy === "resume"}
                  onClick={() => void act("resume")}
                >
                  {t("tasks.workday.resume")}
                </Button>
              )}
              {(status.state === "working" || status.state === "paused") && (
                <Button
                  variant="default"
                  leftSection={<IconPlayerStop size={16} />}
                  loading={busy === "finish"}
                  onClick={() => setConfirming(true)}
                >
                  {t("tasks.workday.finish")}
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t("tasks.workday.finish")}
        message={t("tasks.workday.finishConfirm")}
        confirmLabel={t("tasks.workday.finish")}
        onConfirm={() => act("finish")}
        onClose={() => setConfirming(false)}
      />
    </Paper>
  );
}

const stateOrder = { working: 0, paused: 1, finished: 2, not_started: 3 } as const;

function TeamNow({ unitId }: { unitId: string | undefined }) {
  const { t } = useTranslation();
  const me = useMe();
  const query = useQuery(workdayTeamQuery(unitId));
  const items = [...(query.data?.items ?? [])].sort(
    (a, b) => stateOrder[a.status.state] - stateOrder[b.status.state] || a.user.name.localeCompare(b.user.name),
  );
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="team-now" h="100%">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id="team-now">
          {t("tasks.workday.team")}
        </Title>
        {query.isFetching && <Loader size="xs" />}
      </Group>
      {query.error ? (
        <Text c="red" size="sm">
          {problemText(query.error)}
        </Text>
      ) : !query.data ? (
        <Skeleton h={120} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("tasks.workday.teamEmpty")}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={360} mah={420}>
          <Table verticalSpacing={6} aria-labelledby="team-now">
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.user.id} data-state={item.status.state}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {item.user.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {item.unitName}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      color={workdayColors[item.status.state]}
                      variant={item.status.state === "working" ? "filled" : "light"}
                    >
                      {t(`tasks.workday.states.${item.status.state}`)}
                    </Badge>
                    {item.status.startedAt && (
                      <Text size="xs" c="dimmed">
                        {t("tasks.workday.since", {
                          time: formatTime(item.status.startedAt, me.timeZone),
                        })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                    {item.status.state === "not_started" ? "—" : formatMinutes(item.status.workedMinutes)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function HoursReport({ from, to, unitId }: { from: string; to: string; unitId: string | undefined }) {
  const { t } = useTranslation();
  const query = useQuery({ ...workdayReportQuery({ from, to, unitId }), enabled: from <= to });
  if (from > to) return <Alert color="yellow">{t("tasks.report.badPeriod")}</Alert>;
  if (query.error) return <Alert color="red">{problemText(query.error)}</Alert>;
  if (!query.data) return <Skeleton h={160} />;
  if (query.data.rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t("tasks.workday.reportEmpty")}
      </Text>
    );
  }
  return <HoursTable report={query.data} />;
}

/** Rows: employees; columns: days; the last column and the last row are totals. */
function HoursTable({ report }: { report: WorkdayReport }) {
  const { t } = useTranslation();
  const dayTotals = report.days.map((_, index) => report.rows.reduce((sum, row) => sum + (row.minutes[index] ?? 0), 0));
  const total = report.rows.reduce((sum, row) => sum + row.totalMinutes, 0);
  const hours = (minutes: number) => (minutes === 0 ? "" : formatMinutes(minutes));
  return (
    <Table.ScrollContainer minWidth={Math.max(480, 200 + report.days.length * 64)}>
      <Table striped highlightOnHover withColumnBorders fz="xs" aria-labelledby="workday-report" stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th
              miw={160}
              style={{ position: "sticky", left: 0, background: "var(--mantine-color-body)", zIndex: 1 }}
            >
              {t("tasks.workday.employee")}
            </Table.Th>
            {report.days.map((day) => {
              const date = dayjs(day);
              const weekend = date.day() === 0 || date.day() === 6;
              return (
                <Table.Th key={day} ta="center" c={weekend ? "dimmed" : undefined} style={{ whiteSpace: "nowrap" }}>
                  {date.format("dd D")}
                </Table.Th>
              );
            })}
            <Table.Th ta="right">{t("tasks.workday.total")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.rows.map((row) => (
            <Table.Tr key={row.user.id}>
              <Table.Td
                fw={500}
                style={{ position: "sticky", left: 0, background: "var(--mantine-color-body)", zIndex: 1 }}
              >
                {row.user.name}
              </Table.Td>
              {report.days.map((day, index) => (
                <Table.Td key={day} ta="center" style={{ whiteSpace: "nowrap" }}>
                  {hours(row.minutes[index] ?? 0)}
                </Table.Td>
              ))}
              <Table.Td ta="right" fw={700} style={{ whiteSpace: "nowrap" }}>
                {formatMinutes(row.totalMinutes)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700}>
            <Table.Td style={{ position: "sticky", left: 0, background: "var(--mantine-color-body)", zIndex: 1 }}>
              {t("tasks.workday.totalRow")}
            </Table.Td>
            {dayTotals.map((minutes, index) => (
              <Table.Td key={report.days[index]} ta="center" style={{ whiteSpace: "nowrap" }}>
                {hours(minutes)}
              </Table.Td>
            ))}
            <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
              {formatMinutes(total)}
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
