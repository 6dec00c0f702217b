import { Alert, Button, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { type Activity, addDays, isoWeekOf, isoWeekStart } from "@planerka/common";
import { IconPlus, IconRepeat } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { CompleteActivityDialog, RescheduleActivityDialog } from "../crm/activity-action-dialogs";
import type { ActivityFormInitial } from "../crm/activity-form-dialog";
import { joinInstant } from "../crm/activity-time";
import { weekCabinetQuery } from "./cabinet-api";
import { formatPercent } from "./cabinet-header";
import { CopyDayDialog } from "./copy-day-dialog";
import { asDialogActivity, WeekSwitcher, WeekTable } from "./week-table";

const ActivityFormDialog = lazy(() =>
  import("../crm/activity-form-dialog").then((module) => ({ default: module.ActivityFormDialog })),
);

type WeekActivity = Parameters<typeof asDialogActivity>[0];

function shiftWeek(week: string, shift: number): string {
  return isoWeekOf(addDays(isoWeekStart(week), shift * 7));
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

/** One week's table with its switcher and coefficient; also «Планёрка»'s this week and next. */
export function WeekSection({
  userId,
  week,
  onWeekChange,
  title,
  tableLabel,
  canAct,
  planning,
  onChanged,
}: WeekSectionProps) {
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
