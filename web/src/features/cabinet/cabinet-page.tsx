import { Alert, Anchor, Button, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { addDays, isoWeekOf, isoWeekStart, type ManagerCabinet } from "@planerka/common";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import dayjs from "dayjs";
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { companyToday } from "../../lib/dates";
import { managerCabinetQuery, refreshCabinet } from "./cabinet-api";
import { CabinetHeader } from "./cabinet-header";
import type { CabinetSearch } from "./cabinet-search";
import { WeekComments } from "./week-comments";
import { WeekSection } from "./week-section";

// The charts library is the largest script of the page: the figures and the week table must not
// wait for it, so the charts arrive on their own (see `ChartsAfterFigures`).
const CabinetCharts = lazy(() => import("./cabinet-charts").then((module) => ({ default: module.CabinetCharts })));
// Tasks and workflows sit below the fold: their code does not hold up the figures.
const CabinetWork = lazy(() => import("./cabinet-work").then((module) => ({ default: module.CabinetWork })));
// The activity form (its pickers and selects) opens on a click only: it loads then, not with the page.
const _ActivityFormDialog = lazy(() =>
  import("../crm/activity-form-dialog").then((module) => ({ default: module.ActivityFormDialog })),
);

let chartsAsked = false;

/**
 * The charts' code is asked for once the figures are on the page, not while they render: an effect
 * runs after the commit that put them in, so their paint never waits for that download to start or
 * for the charts library to run (e2e/cabinet-bundle.test.ts checks the order).
 */
function ChartsAfterFigures({ data }: { data: ManagerCabinet }) {
  // Once asked for, the code is there: another month's figures draw their charts at once.
  const [due, setDue] = useState(chartsAsked);
  useEffect(() => {
    chartsAsked = true;
    setDue(true);
  }, []);
  if (!due) return <Skeleton h={220} />;
  return (
    <Suspense fallback={<Skeleton h={220} />}>
      <CabinetCharts data={data} />
    </Suspense>
  );
}

function shiftMonth(month: string, shift: number): string {
  return dayjs(`${month}-01`).add(shift, "month").format("YYYY-MM");
}

function _shiftWeek(week: string, shift: number): string {
  return isoWeekOf(addDays(isoWeekStart(week), shift * 7));
}

/** «Мой кабинет». */
export function MyCabinetPage() {
  const me = useMe();
  const search = useSearch({ from: "/app/cabinet" });
  const navigate = useNavigate({ from: "/cabinet" });
  // Each change is a history entry (back returns to the previous week), and the page keeps its scroll.
  const onSearch = (next: CabinetSearch) => void navigate({ search: next, resetScroll: false });
  return <Cabinet key={me.id} userId={me.id} search={search} onSearch={onSearch} />;
}

/** A subordinate's cabinet, opened by their head or a top manager. */
export function UserCabinetPage() {
  const { userId } = useParams({ from: "/app/cabinet/$userId" });
  const search = useSearch({ from: "/app/cabinet/$userId" });
  const navigate = useNavigate({ from: "/cabinet/$userId" });
  const onSearch = (next: CabinetSearch) => void navigate({ params: { userId }, search: next, resetScroll: false });
  return <Cabinet key={userId} userId={userId} search={search} onSearch={onSearch} />;
}

interface CabinetProps {
  userId: string;
  /** Month, tab and week live in the address, so reload, back and a shared link keep them. */
  search: CabinetSearch;
  onSearch: (next: CabinetSearch) => void;
}

function Cabinet({ userId, search, onSearch }: CabinetProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const today = companyToday(me.timeZone);
  const month = search.month ?? today.slice(0, 7);
  const tab = search.tab ?? "data";
  const week = search.week ?? isoWeekOf(tab === "plans" ? addDays(today, 7) : today);
  const setMonth = (next: string) => onSearch({ ...search, month: next });
  // Each tab opens on its own week (this one, or the next for planning).
  const setTab = (next: string | null) =>
    onSearch({ month: search.month, tab: next === "plans" ? "plans" : undefined, week: undefined });
  const setWeek = (next: string) => onSearch({ ...search, week: next });
  const header = useQuery(managerCabinetQuery(userId, month));
  const own = userId === me.id;

  if (header.error && (isProblem(header.error, 404) || isProblem(header.error, 403))) {
    return (
      <Stack gap="md" maw={560}>
        <Title order={2}>{t("cabinet.title")}</Title>
        <Alert color="yellow" title={t("errors.pageNotFound")}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t("cabinet.notFound")}</Text>
            <Anchor component={Link} to="/cabinet" size="sm">
              {t("cabinet.back")}
            </Anchor>
          </Stack>
        </Alert>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Title order={2} className="visually-hidden" style={{ position: "absolute", left: -10000 }}>
        {t("cabinet.title")}
      </Title>
      {header.error ? (
        <Alert color="red" title={t("errors.loadFailed")}>
          <Button size="xs" variant="light" onClick={() => void header.refetch()}>
            {t("common.retry")}
          </Button>
        </Alert>
      ) : (
        <CabinetHeader data={header.data} month={month} onMonthChange={(shift) => setMonth(shiftMonth(month, shift))} />
      )}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="data">{t("cabinet.tabs.data")}</Tabs.Tab>
          <Tabs.Tab value="plans">{t("cabinet.tabs.plans")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="data" pt="md">
          <Stack gap="md">
            {header.data ? <ChartsAfterFigures data={header.data} /> : <Skeleton h={220} />}
            <WeekSection
              userId={userId}
              week={week}
              onWeekChange={setWeek}
              title={t("cabinet.week.current")}
              canAct={own}
              onChanged={() => refreshCabinet(queryClient)}
            />
            <Suspense fallback={<Skeleton h={120} />}>
              <CabinetWork userId={userId} />
            </Suspense>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="plans" pt="md">
          <Stack gap="md">
            <WeekSection
              userId={userId}
              week={week}
              onWeekChange={setWeek}
              title={t("cabinet.week.next")}
              tableLabel={t("cabinet.week.next")}
              canAct={own}
              planning
              onChanged={() => refreshCabinet(queryClient)}
            />
            <WeekComments userId={userId} week={week} />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
