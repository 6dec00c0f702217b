import { Alert, Anchor, Button, Group, Paper, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { type Activity, addDays, isoWeekOf, isoWeekStart } from "@planerka/common";
import { IconPlus, IconRepeat } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import dayjs from "dayjs";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { companyToday } from "../../lib/dates";
import { CompleteActivityDialog, RescheduleActivityDialog } from "../crm/activity-action-dialogs";
import type { ActivityFormInitial } from "../crm/activity-form-dialog";
import { joinInstant } from "../crm/activity-time";
import { managerCabinetQuery, refreshCabinet, weekCabinetQuery } from "./cabinet-api";
import { CabinetHeader, formatPercent } from "./cabinet-header";
import type { CabinetSearch } from "./cabinet-search";
import { CopyDayDialog } from "./copy-day-dialog";
import { WeekComments } from "./week-comments";
import { asDialogActivity, WeekSwitcher, WeekTable } from "./week-table";

// The charts library is the largest script of the page: the figures and the week table must not
// wait for it, so the charts arrive on their own.
const CabinetCharts = lazy(() => import("./cabinet-charts").then((module) => ({ default: module.CabinetCharts })));
// Tasks and workflows sit below the fold: their code does not hold up the figures.
const CabinetWork = lazy(() => import("./cabinet-work").then((module) => ({ default: module.CabinetWork })));
// The activity form (its pickers and selects) opens on a click only: it loads then, not with the page.
const ActivityFormDialog = lazy(() =>
  import("../crm/activity-form-dialog").then((module) => ({ default: module.ActivityFormDialog })),
);

type WeekActivity = Parameters<typeof asDialogActivity>[0];

function shiftMonth(month: string, shift: number): string {
  return dayjs(`${month}-01`).add(shift, "month").format("YYYY-MM");
}

function shiftWeek(week: string, shift: number): string {
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
            {header.data ? (
              <Suspense fallback={<Skeleton h={220} />}>
                <CabinetCharts data={header.data} />
              </Suspense>
            ) : (
              <Skeleton h={220} />
            )}
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

interface WeekSectionProps {
  userId: string;
  week: string;
  onWeekChange: (week: string) => void;
  title: string;
  tableLabel?: string;
  canAct: boolean;
  planning?: boolean;
  onChanged: () => void;
}

interface LastSaved {
  typeId: string;
  dueAt: string;
  dealId?: string;
  companyId?: string;
  contactId?: string;
}

function WeekSection({ userId, week, onWeekChange, title, tableLabel, canAct, planning, onChanged }: WeekSectionProps) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const query = useQuery(weekCabinetQuery(userId, week));
  const [completing, setCompleting] = useState<WeekActivity | null>(null);
  const [moving, setMoving] = useState<WeekActivity | null>(null);
  const [form, setForm] = useState<{ key: number; initial: ActivityFormInitial } | null>(null);
  const [lastSaved, setLastSaved] = useState<LastSaved | null>(null);
  const [copying, setCopying] = useState<string | null>(null);

  const openForm = (initial: ActivityFormInitial) =>
    setForm((current) => ({ key: (current?.key ?? 0) + 1, initial: { ownerId: userId, ...initial } }));
  const addOn = (date: string, typeId?: string) =>
    openForm({ dueAt: joinInstant(date, "10:00", me.timeZone), ...(typeId ? { typeId } : {}) });

  /** The last activity saved here, else the latest one in the week shown. */
  const repeatSource = (): LastSaved | null => {
    if (lastSaved) return lastSaved;
    const all = (query.data?.days ?? []).flatMap((day) => day.activities);
    const latest = all.sort((a, b) => b.dueAt.localeCompare(a.dueAt))[0];
    if (!latest) return null;
    return {
      typeId: latest.typeId,
      dueAt: latest.dueAt,
      dealId: latest.deal?.id,
      companyId: latest.company?.id,
      contactId: latest.contact?.id,
    };
  };
  const repeatLast = () => {
    const source = repeatSource();
    if (!source) return;
    let next = dayjs(source.dueAt).tz(me.timeZone).add(1, "day");
    while (next.day() === 0 || next.day() === 6) next = next.add(1, "day");
    openForm({
      typeId: source.typeId,
      dueAt: next.toISOString(),
      dealId: source.dealId,
      companyId: source.companyId,
      contactId: source.contactId,
    });
  };
  const onSaved = (activity: Activity) => {
    setLastSaved({
      typeId: activity.typeId,
      dueAt: activity.dueAt,
      dealId: activity.dealId ?? undefined,
      companyId: activity.companyId ?? undefined,
      contactId: activity.contactId ?? undefined,
    });
    onChanged();
  };
  const firstDay = query.data?.days[0]?.date ?? isoWeekStart(week);

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Group justify="space-between" gap="sm">
          <Title order={3} size="h4">
            {title}
          </Title>
          <Group gap="sm">
            {planning && (
              <>
                <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => addOn(firstDay)}>
                  {t("cabinet.week.addActivity")}
                </Button>
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconRepeat size={14} />}
                  disabled={!lastSaved && !query.data?.days.some((day) => day.activities.length > 0)}
                  onClick={repeatLast}
                >
                  {t("cabinet.week.repeatLast")}
                </Button>
              </>
            )}
            <WeekSwitcher week={week} onChange={(shift) => onWeekChange(shiftWeek(week, shift))} />
          </Group>
        </Group>
        {planning && (
          <Text size="xs" c="dimmed">
            {t("cabinet.week.planHint")}
          </Text>
        )}
        {query.error ? (
          <Alert color="red" title={t("errors.loadFailed")}>
            <Button size="xs" variant="light" onClick={() => void query.refetch()}>
              {t("common.retry")}
            </Button>
          </Alert>
        ) : query.data ? (
          <>
            <WeekTable
              data={query.data}
              label={tableLabel ?? title}
              canAct={canAct}
              onComplete={setCompleting}
              onReschedule={setMoving}
              onAdd={planning ? addOn : undefined}
              onCopyDay={planning ? setCopying : undefined}
            />
            <Text size="sm">
              {t("cabinet.week.coefficient", {
                value: formatPercent(query.data.activityCoefficient, i18n.language),
              })}
            </Text>
          </>
        ) : (
          <Skeleton h={260} />
        )}
      </Stack>
      <CompleteActivityDialog
        opened={completing !== null}
        activity={completing ? asDialogActivity(completing) : null}
        onClose={() => {
          setCompleting(null);
          onChanged();
        }}
      />
      <RescheduleActivityDialog
        opened={moving !== null}
        activity={moving ? asDialogActivity(moving) : null}
        onClose={() => {
          setMoving(null);
          onChanged();
        }}
      />
      {planning && query.data && (
        <CopyDayDialog userId={userId} week={query.data} from={copying} onClose={() => setCopying(null)} />
      )}
      {form && (
        <Suspense fallback={null}>
          <ActivityFormDialog
            key={form.key}
            opened
            initial={form.initial}
            onClose={() => setForm(null)}
            onSaved={onSaved}
          />
        </Suspense>
      )}
    </Paper>
  );
}
