import { Alert, Group, Loader, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import type { TimeReport } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { UnitSelect } from "../org/unit-select";
import { UserPicker } from "../org/user-picker";
import { userQuery } from "../org/users-api";
import { PeriodControls } from "./period-controls";
import { formatMinutes } from "./task-status";
import { timeReportQuery } from "./tasks-api";
import type { PeriodSearch } from "./tasks-search";
import { useTeamReportFilters } from "./team-report-filters";

// Recharts is heavy: it loads with this page's chart only.
const TimeReportChart = lazy(() =>
  import("./time-report-chart").then((module) => ({ default: module.TimeReportChart })),
);

const routeApi = getRouteApi("/app/tasks/time-report");

/** «Учёт времени»: hours spent on tasks in a period, by employee and by task, against the plan. */
export function TimeReportPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const { me, today, period, team, units, allowedUnits } = useTeamReportFilters(search);
  const userId = team ? search.userId : me.id;
  const unitId = team && !userId ? search.unitId : undefined;
  const person = useQuery({ ...userQuery(search.userId ?? ""), enabled: team && !!search.userId }).data;

  const update = (patch: Partial<PeriodSearch>) =>
    void navigate({ search: (previous) => ({ ...previous, ...patch }), replace: true });

  const badPeriod = period.from > period.to;
  const report = useQuery({
    ...timeReportQuery({ from: period.from, to: period.to, unitId, userId }),
    enabled: !badPeriod,
  });
  const data = report.data;

  return (
    <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <div>
            <Title order={2}>{t("tasks.report.title")}</Title>
            <Text c="dimmed" size="sm" aria-live="polite">
              {data ? t("tasks.report.total", { minutes: formatMinutes(data.totalMinutes) }) : ""}
            </Text>
          </div>
          {report.isFetching && <Loader size="xs" />}
        </Group>
        <Paper withBorder radius="md" p="sm">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <PeriodControls
              period={period}
              today={today}
              onChange={(next) => update({ from: next.from, to: next.to })}
            />
            {team && (
              <>
                <UnitSelect
                  label={t("tasks.report.unit")}
                  placeholder={t("tasks.report.everyone")}
                  units={units}
                  allowed={allowedUnits}
                  value={search.unitId ?? null}
                  onChange={(value) => update({ unitId: value ?? undefined, userId: undefined })}
                  clearable
                  w={{ base: "100%", xs: 240 }}
                />
                <UserPicker
                  label={t("tasks.report.person")}
                  placeholder={t("tasks.report.everyone")}
                  value={search.userId ?? null}
                  onChange={(value) => update({ userId: value ?? undefined, unitId: undefined })}
                  initialOption={person ? { id: person.id, name: person.name } : null}
                  clearable
                  w={{ base: "100%", xs: 240 }}
                />
              </>
            )}
            {!team && (
              <Text size="sm" c="dimmed" pb={8}>
                {t("tasks.report.myself")}
              </Text>
            )}
          </Group>
        </Paper>

        {badPeriod ? (
          <Alert color="yellow">{t("tasks.report.badPeriod")}</Alert>
        ) : report.error ? (
          <Alert color="red">{problemText(report.error)}</Alert>
        ) : !data ? (
          <Skeleton h={240} />
        ) : data.byUser.length === 0 && data.byTask.length === 0 ? (
          <Paper withBorder radius="md" p="xl">
            <Text c="dimmed" ta="center">
              {t("tasks.report.empty")}
            </Text>
          </Paper>
        ) : (
          <ReportBody data={data} />
        )}
      </Stack>
    </DatesProvider>
  );
}

function ReportBody({ data }: { data: TimeReport }) {
  const { t } = useTranslation();
  const byUser = [...data.byUser].sort((a, b) => b.minutes - a.minutes);
  const byTask = [...data.byTask].sort((a, b) => b.minutes - a.minutes);
  return (
    <Stack gap="md">
      {byUser.length > 0 && (
        <Suspense fallback={<Skeleton h={200} />}>
          <TimeReportChart rows={byUser} />
        </Suspense>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="time-by-user">
          <Title order={3} size="h5" id="time-by-user" mb="xs">
            {t("tasks.report.byUser")}
          </Title>
          <Table.ScrollContainer minWidth={320}>
            <Table striped highlightOnHover aria-labelledby="time-by-user">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("tasks.report.employee")}</Table.Th>
                  <Table.Th ta="right">{t("tasks.report.tasks")}</Table.Th>
                  <Table.Th ta="right">{t("tasks.report.spent")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {byUser.map((row) => (
                  <Table.Tr key={row.user.id}>
                    <Table.Td>{row.user.name}</Table.Td>
                    <Table.Td ta="right">{row.taskCount}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                      {formatMinutes(row.minutes)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr fw={700}>
                  <Table.Td>{t("tasks.report.totalRow")}</Table.Td>
                  <Table.Td />
                  <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                    {formatMinutes(data.totalMinutes)}
                  </Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
        </Paper>
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="time-by-task">
          <Title order={3} size="h5" id="time-by-task" mb="xs">
            {t("tasks.report.byTask")}
          </Title>
          <Table.ScrollContainer minWidth={420}>
            <Table striped highlightOnHover aria-labelledby="time-by-task">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("tasks.report.task")}</Table.Th>
                  <Table.Th ta="right">{t("tasks.report.planned")}</Table.Th>
                  <Table.Th ta="right">{t("tasks.report.spent")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {byTask.map((row) => {
                  const over = row.plannedMinutes !== null && row.minutes > row.plannedMinutes;
                  return (
                    <Table.Tr key={row.task.id}>
                      <Table.Td>
                        <AnchorLink to="/tasks/$taskId" params={{ taskId: row.task.id }} size="sm" lineClamp={2}>
                          {row.task.title}
                        </AnchorLink>
                        <Text size="xs" c="dimmed">
                          {row.users.map((item) => `${item.user.name} ${formatMinutes(item.minutes)}`).join(", ")}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                        {row.plannedMinutes === null ? "—" : formatMinutes(row.plannedMinutes)}
                      </Table.Td>
                      <Table.Td
                        ta="right"
                        c={over ? "red.7" : undefined}
                        fw={over ? 600 : undefined}
                        style={{ whiteSpace: "nowrap" }}
                      >
                        {formatMinutes(row.minutes)}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
