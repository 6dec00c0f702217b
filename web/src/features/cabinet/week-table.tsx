import { ActionIcon, Badge, Button, Group, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import { type Activity, type ActivityCategory, addDays, isoWeekStart, type WeekCabinet } from "@planerka/common";
import {
  IconChevronDown,
  IconChevronLeft,
  IconChevronRight,
  IconCopy,
  IconFilterOff,
  IconPlus,
} from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatTime } from "../../lib/dates";
import { activityTypesQuery } from "../crm/activities-api";
import { ActivityRecordLinks } from "../crm/activity-record-links";
import classes from "./cabinet.module.css";

type WeekDay = WeekCabinet["days"][number];
type WeekActivity = WeekDay["activities"][number];
type WeekType = WeekCabinet["types"][number];
type Cell = WeekDay["cells"][number];

const categoryOrder = ["call", "meeting", "demo"] as const satisfies readonly ActivityCategory[];

export interface WeekTableProps {
  data: WeekCabinet;
  /** Accessible name of the table, e.g. «Текущая активность». */
  label: string;
  /** Lets the viewer complete and move activities (their own cabinet). */
  canAct: boolean;
  onComplete?: (activity: WeekActivity) => void;
  onReschedule?: (activity: WeekActivity) => void;
  /** Planning mode: a click on a cell (or a day's «Добавить дело») opens the form for that day and type. */
  onAdd?: (date: string, typeId?: string) => void;
  /** «Копировать день»: offered on each day that holds activities. */
  onCopyDay?: (date: string) => void;
}

export function formatDay(date: string, language: string): string {
  return dayjs(date).locale(language).format("dd, DD.MM");
}

export function weekRange(week: string, language: string): string {
  const start = isoWeekStart(week);
  return `${dayjs(start).locale(language).format("D MMM")} — ${dayjs(addDays(start, 6)).locale(language).format("D MMM YYYY")}`;
}

/** The week switcher: ‹ 23 нояб. — 29 нояб. 2026 ›. */
export function WeekSwitcher({ week, onChange }: { week: string; onChange: (shift: number) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <ActionIcon variant="default" aria-label={t("cabinet.week.previous")} onClick={() => onChange(-1)}>
        <IconChevronLeft size={16} />
      </ActionIcon>
      <Text size="sm" fw={500} miw={150} ta="center" aria-live="polite">
        {weekRange(week, i18n.language)}
      </Text>
      <ActionIcon variant="default" aria-label={t("cabinet.week.following")} onClick={() => onChange(1)}>
        <IconChevronRight size={16} />
      </ActionIcon>
    </Group>
  );
}

function CellValue({ cell }: { cell: Cell | undefined }) {
  const { t } = useTranslation();
  const total = cell?.total ?? 0;
  const completed = cell?.completed ?? 0;
  const overdue = cell?.overdue ?? 0;
  const title = overdue > 0 ? t("cabinet.week.overdue", { count: overdue }) : undefined;
  return (
    <span className={overdue > 0 ? classes.overdue : total === 0 ? classes.empty : undefined} title={title}>
      {total}/{completed}
    </span>
  );
}

/**
 * The weekly activity table: days × activity types grouped into calls, meetings and demos with
 * План/Факт per group. A day row unfolds its activities; a type header filters them.
 */
export function WeekTable({ data, label, canAct, onComplete, onReschedule, onAdd, onCopyDay }: WeekTableProps) {
  const { t, i18n } = useTranslation();
  const [openDay, setOpenDay] = useState<string | null>(null);
  const [typeFilter, setTypeFilter] = useState<string | null>(null);
  const groups = categoryOrder
    .map((category) => ({ category, types: data.types.filter((type) => type.category === category) }))
    .filter((group) => group.types.length > 0);
  const columnCount = 1 + groups.reduce((sum, group) => sum + group.types.length + 2, 0);
  const typeById = new Map(data.types.map((type) => [type.id, type]));
  const filterType = typeFilter ? typeById.get(typeFilter) : undefined;
  // The table's columns are the weekly-table types only; the day list also holds e-mails and the
  // other types, so it names them from the full list of activity types.
  const allTypes = useQuery(activityTypesQuery).data;
  const typeNames = new Map<string, string>(data.types.map((type) => [type.id, type.name]));
  for (const type of allTypes ?? []) typeNames.set(type.id, type.name);

  const cellOf = (cells: Cell[], typeId: string) => cells.find((cell) => cell.typeId === typeId);
  const groupOf = (row: { groups: WeekDay["groups"] }, category: ActivityCategory) =>
    row.groups.find((group) => group.category === category);

  const typeHeader = (type: WeekType) => (
    <Table.Th key={type.id} className={classes.typeHead}>
      <UnstyledButton
        className={classes.typeButton}
        data-active={typeFilter === type.id || undefined}
        aria-pressed={typeFilter === type.id}
        title={t("cabinet.week.filterBy", { type: type.name })}
        onClick={() => setTypeFilter((current) => (current === type.id ? null : type.id))}
      >
        {type.name}
      </UnstyledButton>
    </Table.Th>
  );

  return (
    <Stack gap="xs">
      {filterType && (
        <Group gap="xs">
          <Badge variant="light">{t("cabinet.week.filtered", { type: filterType.name })}</Badge>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconFilterOff size={14} />}
            onClick={() => setTypeFilter(null)}
          >
            {t("cabinet.week.clearFilter")}
          </Button>
        </Group>
      )}
      <div className={classes.tableScroll}>
        <Table
          withTableBorder
          withColumnBorders
          horizontalSpacing={6}
          verticalSpacing={4}
          className={classes.weekTable}
          data-copy={onCopyDay ? true : undefined}
          aria-label={label}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th rowSpan={2} className={classes.dayHead}>
                {t("cabinet.week.day")}
              </Table.Th>
              {groups.map((group) => (
                <Table.Th key={group.category} colSpan={group.types.length + 2} className={classes.groupHead}>
                  <span className={classes.groupLabel}>{t(`cabinet.categories.${group.category}`)}</span>
                </Table.Th>
              ))}
            </Table.Tr>
            <Table.Tr>
              {groups.map((group) => (
                <Fragment key={group.category}>
                  {group.types.map(typeHeader)}
                  <Table.Th className={classes.sumHead}>{t("cabinet.week.planCol")}</Table.Th>
                  <Table.Th className={classes.sumHead}>{t("cabinet.week.factCol")}</Table.Th>
                </Fragment>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.days.map((day) => {
              const dayText = formatDay(day.date, i18n.language);
              const open = openDay === day.date;
              const activities = day.activities.filter((activity) => !typeFilter || activity.typeId === typeFilter);
              return (
                <Fragment key={day.date}>
                  <Table.Tr className={open ? classes.openRow : undefined}>
                    <Table.Th scope="row" className={classes.dayCell}>
                      <div className={classes.dayRowHead}>
                        <UnstyledButton
                          className={classes.dayButton}
                          aria-expanded={open}
                          onClick={() => setOpenDay(open ? null : day.date)}
                        >
                          <IconChevronDown
                            size={14}
                            className={open ? classes.chevronOpen : classes.chevron}
                            aria-hidden
                          />
                          {dayText}
                        </UnstyledButton>
                        {onCopyDay && day.activities.length > 0 && (
                          <ActionIcon
                            size="sm"
                            variant="subtle"
                            aria-label={t("cabinet.copyDay.action", { date: dayText })}
                            title={t("cabinet.copyDay.action", { date: dayText })}
                            onClick={() => onCopyDay(day.date)}
                          >
                            <IconCopy size={14} />
                          </ActionIcon>
                        )}
                      </div>
                    </Table.Th>
                    {groups.map((group) => {
                      const sums = groupOf(day, group.category);
                      return (
                        <Fragment key={group.category}>
                          {group.types.map((type) => (
                            <Table.Td key={type.id} className={classes.num}>
                              {onAdd ? (
                                <UnstyledButton
                                  className={classes.cellButton}
                                  aria-label={t("cabinet.week.cellAdd", { type: type.name, date: dayText })}
                                  onClick={() => onAdd(day.date, type.id)}
                                >
                                  <CellValue cell={cellOf(day.cells, type.id)} />
                                </UnstyledButton>
                              ) : (
                                <CellValue cell={cellOf(day.cells, type.id)} />
                              )}
                            </Table.Td>
                          ))}
                          <Table.Td className={`${classes.num} ${classes.sum}`}>{sums?.plan ?? 0}</Table.Td>
                          <Table.Td className={`${classes.num} ${classes.sum}`}>{sums?.fact ?? 0}</Table.Td>
                        </Fragment>
                      );
                    })}
                  </Table.Tr>
                  {open && (
                    <Table.Tr className={classes.detailsRow}>
                      <Table.Td colSpan={columnCount} className={classes.detailsCell}>
                        <DayDetails
                          date={day.date}
                          activities={activities}
                          typeNames={typeNames}
                          canAct={canAct}
                          onComplete={onComplete}
                          onReschedule={onReschedule}
                          onAdd={onAdd}
                          onCopyDay={day.activities.length > 0 ? onCopyDay : undefined}
                        />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr className={classes.totalRow}>
              <Table.Th scope="row" className={classes.dayCell}>
                {t("cabinet.week.total")}
              </Table.Th>
              {groups.map((group) => {
                const sums = groupOf(data.totals, group.category);
                return (
                  <Fragment key={group.category}>
                    {group.types.map((type) => (
                      <Table.Td key={type.id} className={classes.num}>
                        <CellValue cell={cellOf(data.totals.cells, type.id)} />
                      </Table.Td>
                    ))}
                    <Table.Td className={`${classes.num} ${classes.sum}`}>{sums?.plan ?? 0}</Table.Td>
                    <Table.Td className={`${classes.num} ${classes.sum}`}>{sums?.fact ?? 0}</Table.Td>
                  </Fragment>
                );
              })}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </div>
    </Stack>
  );
}

interface DayDetailsProps {
  date: string;
  activities: WeekActivity[];
  typeNames: Map<string, string>;
  canAct: boolean;
  onComplete?: (activity: WeekActivity) => void;
  onReschedule?: (activity: WeekActivity) => void;
  onAdd?: (date: string, typeId?: string) => void;
  onCopyDay?: (date: string) => void;
}

function DayDetails({
  date,
  activities,
  typeNames,
  canAct,
  onComplete,
  onReschedule,
  onAdd,
  onCopyDay,
}: DayDetailsProps) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const dayText = formatDay(date, i18n.language);
  return (
    <Stack gap={4} className={classes.details}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          {t("cabinet.week.details", { date: dayText })}
        </Text>
        <Group gap="xs">
          {onCopyDay && (
            <Button
              size="compact-xs"
              variant="default"
              leftSection={<IconCopy size={14} />}
              onClick={() => onCopyDay(date)}
            >
              {t("cabinet.copyDay.button")}
            </Button>
          )}
          {onAdd && (
            <Button size="compact-xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onAdd(date)}>
              {t("cabinet.week.addOn", { date: dayText })}
            </Button>
          )}
        </Group>
      </Group>
      {activities.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("cabinet.week.noActivities")}
        </Text>
      ) : (
        <ul className={classes.activityList}>
          {activities.map((activity) => (
            <li key={activity.id} className={classes.activity} data-state={activity.state}>
              <span className={classes.activityTime}>{formatTime(activity.dueAt, me.timeZone)}</span>
              <span className={classes.activityType}>{typeNames.get(activity.typeId) ?? ""}</span>
              <span className={classes.activitySubject}>
                {activity.subject}
                <span className={classes.srOnly}> ({t(`cabinet.week.states.${activity.state}`)})</span>
              </span>
              <span className={classes.activityLinks}>
                <ActivityRecordLinks activity={activity} />
              </span>
              {canAct && activity.state !== "completed" && (
                <span className={classes.activityActions}>
                  <Button size="compact-xs" variant="light" color="teal" onClick={() => onComplete?.(activity)}>
                    {t("cabinet.week.complete")}
                  </Button>
                  <Button size="compact-xs" variant="default" onClick={() => onReschedule?.(activity)}>
                    {t("cabinet.week.reschedule")}
                  </Button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}

/** The action dialogs need only these fields of an activity. */
export function asDialogActivity(activity: WeekActivity): Activity {
  return activity as unknown as Activity;
}
