import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { DatePickerInput, DatesProvider, MonthPickerInput } from "@mantine/dates";
import { countedCategories } from "@planerka/common";
import {
  IconCalendar,
  IconChevronLeft,
  IconChevronRight,
  IconDownload,
  IconFoldDown,
  IconFoldUp,
  IconUsersGroup,
} from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import dayjs from "dayjs";
import { lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { companyToday } from "../../lib/dates";
import { problemText } from "../../lib/notify";
import { isCompanyWide, reportUnits, seesTeamFigures } from "../../lib/report-units";
import { useOpenDirectChat } from "../chat/use-open-direct-chat";
import { activityTypesQuery } from "../crm/activities-api";
import { ExportModal } from "../exports/export-modal";
import { OneCStatusLine } from "../one-c/one-c-status";
import { UnitSelect } from "../org/unit-select";
import { unitsQuery } from "../org/units-api";
import { EmployeeWorkflowsModal } from "./employee-workflows-modal";
import { unitActivityQuery, unitCabinetQuery, workflowCountsOfQuery } from "./head-cabinet-api";
import type { HeadCabinetSearch } from "./head-cabinet-routes";
import { OpenDealsModal } from "./open-deals-modal";
import { expandableIds, type RollupRoot, RollupTable, shownUserIds } from "./rollup-table";

const routeApi = getRouteApi("/app/head");

// «Планёрка» and what it shows load when its tab is first opened, not with the roll-up.
// The charts library is the page's largest script: the table of figures does not wait for it.
const PlanChart = lazy(() => import("./head-cabinet-chart").then((module) => ({ default: module.PlanChart })));
const MeetingMode = lazy(() => import("./meeting-mode").then((module) => ({ default: module.MeetingMode })));

/** «Кабинет руководителя»: the head's units, their people and every figure of the month in one window. */
export function HeadCabinetPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const companyWide = isCompanyWide(me);
  const shownUnits = me.abilities.reportUnits;
  const picksUnit = companyWide || shownUnits.length > 1;
  const units = useQuery({ ...unitsQuery, enabled: picksUnit });

  const defaultUnitId = companyWide
    ? (units.data?.find((unit) => unit.parentId === null)?.id ?? null)
    : (shownUnits[0] ?? null);
  const unitId = search.unit ?? defaultUnitId;
  const allowedUnits = useMemo(() => reportUnits(me), [me]);

  const update = (patch: Partial<HeadCabinetSearch>) =>
    void navigate({ search: (previous) => ({ ...previous, ...patch }), replace: true });

  const cabinet = useQuery({
    ...unitCabinetQuery(unitId ?? "", search.month, search.date),
    enabled: unitId !== null,
  });
  const data = cabinet.data;
  const today = companyToday(me.timeZone);
  const month = search.month ?? data?.month ?? today.slice(0, 7);
  const asOf = search.date ?? data?.date ?? today;
  const shiftMonth = (delta: number) =>
    update({ month: dayjs(`${month}-01`).add(delta, "month").format("YYYY-MM"), date: undefined });

  const [openedUnits, setOpenedUnits] = useState<{ root: string; ids: Set<string> } | null>(null);
  const [exportOpened, setExportOpened] = useState(false);
  const [dealsUser, setDealsUser] = useState<{ id: string; name: string } | null>(null);
  const writeTo = useOpenDirectChat();
  const [workflowsUser, setWorkflowsUser] = useState<{ id: string; name: string } | null>(null);

  const root: RollupRoot | null = data
    ? { unit: data.unit, totals: data.totals, children: data.children, users: data.users }
    : null;
  // The first level opens by itself; the user's choice holds until another unit is chosen.
  const expanded =
    openedUnits && root && openedUnits.root === root.unit.id
      ? openedUnits.ids
      : new Set(root?.children.map((child) => child.unit.id) ?? []);
  const setExpanded = (ids: Set<string>) => root && setOpenedUnits({ root: root.unit.id, ids });
  const toggle = (id: string) => {
    const next = new Set(expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  };
  const tab = search.tab ?? "units";
  const shownIds = root ? shownUserIds(root, expanded) : [];
  const counted = useQuery({
    ...workflowCountsOfQuery(shownIds),
    enabled: tab === "units" && shownIds.length > 0,
  });
  const workflowCounts = counted.data ?? noCounts;
  const view = search.view ?? "money";
  // The counts are a read of their own, made only when their columns are shown.
  const activity = useQuery({
    ...unitActivityQuery(unitId ?? "", search.month ?? data?.month),
    enabled: unitId !== null && tab === "units" && view === "activity" && data !== undefined,
  });
  const types = useQuery({ ...activityTypesQuery, enabled: view === "activity" });
  const typeIds = useMemo(
    () =>
      Object.fromEntries(
        countedCategories.map((category) => [
          category,
          (types.data ?? [])
            .filter((type) => type.category === category)
            .map((type) => type.id)
            .join(","),
        ]),
      ) as Record<(typeof countedCategories)[number], string>,
    [types.data],
  );

  if (!seesTeamFigures(me)) {
    return (
      <Stack>
        <Title order={2}>{t("headCabinet.title")}</Title>
        <Text c="dimmed">{t("headCabinet.noUnit")}</Text>
      </Stack>
    );
  }

  const unitPicker = picksUnit ? (
    <UnitSelect
      label={t("headCabinet.unit")}
      units={units.data ?? []}
      allowed={allowedUnits}
      value={unitId}
      onChange={(value) => value && update({ unit: value, person: undefined })}
      allowDeselect={false}
      w={{ base: "100%", xs: 260 }}
    />
  ) : null;
  const failed = cabinet.isError && (
    <Alert color="red">{isProblem(cabinet.error, 404) ? t("errors.notFound") : problemText(cabinet.error)}</Alert>
  );
  const loading = (cabinet.isPending || (companyWide && unitId === null)) && !cabinet.isError && <Loader />;

  return (
    <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2}>{t("headCabinet.title")}</Title>
          <OneCStatusLine />
        </Stack>
        <Tabs
          value={tab}
          onChange={(value) =>
            void navigate({ search: (previous) => ({ ...previous, tab: value === "meeting" ? "meeting" : undefined }) })
          }
          keepMounted={false}
        >
          <Tabs.List>
            <Tabs.Tab value="units">{t("headCabinet.tabUnits")}</Tabs.Tab>
            <Tabs.Tab value="meeting" leftSection={<IconUsersGroup size={16} />}>
              {t("meeting.tab")}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="units" pt="md">
            <Stack gap="md">
              <Group align="end" wrap="wrap" gap="sm">
                {unitPicker}
                <Group gap={4} align="end" wrap="nowrap">
                  <ActionIcon
                    variant="default"
                    size="input-sm"
                    aria-label={t("headCabinet.prevMonth")}
                    onClick={() => shiftMonth(-1)}
                  >
                    <IconChevronLeft size={16} />
                  </ActionIcon>
                  <MonthPickerInput
                    label={t("headCabinet.month")}
                    value={`${month}-01`}
                    onChange={(value) => value && update({ month: value.slice(0, 7), date: undefined })}
                    valueFormat="MMMM YYYY"
                    w={170}
                  />
                  <ActionIcon
                    variant="default"
                    size="input-sm"
                    aria-label={t("headCabinet.nextMonth")}
                    onClick={() => shiftMonth(1)}
                  >
                    <IconChevronRight size={16} />
                  </ActionIcon>
                </Group>
                <DatePickerInput
                  label={t("headCabinet.asOf")}
                  value={asOf}
                  onChange={(value) => update({ date: value && value !== today ? value : undefined })}
                  valueFormat="D MMMM YYYY"
                  leftSection={<IconCalendar size={16} />}
                  w={190}
                />
                {cabinet.isFetching && <Loader size="xs" mb={10} />}
              </Group>

              {failed}
              {loading}

              {root && (
                <>
                  <Suspense fallback={<Skeleton h={160} />}>
                    <PlanChart root={root} />
                  </Suspense>
                  <Paper withBorder>
                    <Group justify="space-between" p="xs" wrap="wrap">
                      <Text size="sm" c="dimmed">
                        {root.unit.name} · {dayjs(`${month}-01`).format("MMMM YYYY")} ·{" "}
                        {t("headCabinet.asOf").toLowerCase()} {dayjs(asOf).format("D MMMM YYYY")}
                      </Text>
                      <Group gap="xs">
                        <SegmentedControl
                          size="xs"
                          aria-label={t("headCabinet.view.label")}
                          value={view}
                          onChange={(value) => update({ view: value === "activity" ? "activity" : undefined })}
                          data={[
                            { value: "money", label: t("headCabinet.view.money") },
                            { value: "activity", label: t("headCabinet.view.activity") },
                          ]}
                        />
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          leftSection={<IconFoldDown size={16} />}
                          onClick={() => setExpanded(new Set(expandableIds(root)))}
                        >
                          {t("headCabinet.expandAll")}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          leftSection={<IconFoldUp size={16} />}
                          onClick={() => setExpanded(new Set())}
                        >
                          {t("headCabinet.collapseAll")}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="light"
                          leftSection={<IconDownload size={16} />}
                          onClick={() => setExportOpened(true)}
                        >
                          {t("headCabinet.exportButton")}
                        </Button>
                      </Group>
                    </Group>
                    {/* A plain scrolling box, not a ScrollArea: inside one the table takes its widest
                        (unwrapped) size and overflows at 1280 px; here its headers wrap to fit. */}
                    <Box data-testid="rollup-scroll" style={{ overflowX: "auto" }}>
                      <RollupTable
                        root={root}
                        expanded={expanded}
                        onToggle={toggle}
                        onOpenDeals={(user) => setDealsUser({ id: user.id, name: user.name })}
                        onWrite={(user) => void writeTo(user.id)}
                        onOpenWorkflows={(user) => setWorkflowsUser({ id: user.id, name: user.name })}
                        workflowCounts={workflowCounts}
                        view={view}
                        counts={activity.data}
                        typeIds={typeIds}
                      />
                    </Box>
                    {view === "activity" && (
                      <Text size="xs" c="dimmed" px="xs" pb="xs">
                        {t("headCabinet.counts.legend")}
                      </Text>
                    )}
                    {root.children.length === 0 && root.users.length === 0 && (
                      <Text c="dimmed" p="md">
                        {t("headCabinet.empty")}
                      </Text>
                    )}
                  </Paper>
                  <ExportModal opened={exportOpened} onClose={() => setExportOpened(false)} root={root} month={month} />
                </>
              )}
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="meeting" pt="md">
            <Stack gap="md">
              {unitPicker && <Group>{unitPicker}</Group>}
              {failed}
              {loading}
              {data && (
                <Suspense fallback={<Loader />}>
                  <MeetingMode
                    cabinet={data}
                    month={month}
                    person={search.person}
                    onPerson={(person) => update({ person })}
                    onMonth={(next) => update({ month: next, date: undefined })}
                  />
                </Suspense>
              )}
            </Stack>
          </Tabs.Panel>
        </Tabs>
        <OpenDealsModal user={dealsUser} onClose={() => setDealsUser(null)} />
        <EmployeeWorkflowsModal user={workflowsUser} onClose={() => setWorkflowsUser(null)} />
      </Stack>
    </DatesProvider>
  );
}

const noCounts: ReadonlyMap<string, { running: number; stalled: number }> = new Map();
