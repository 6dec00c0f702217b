import { Button, Group, Progress, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import type { ManagerStart } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime, formatTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { completionColor, formatMoney } from "../cabinet/head-cabinet-format";
import classes from "./start.module.css";
import { managerStartQuery } from "./start-api";
import {
  ActivityLines,
  EmptyLine,
  formatPercent,
  Loaded,
  StartFigure,
  StartSection,
  useFirstLines,
} from "./start-bits";

/**
 * «Мой день»: today's and overdue activities, the month's plan as «Мой кабинет» shows it and the
 * week by day. `compact` (a head's or a top's page, under their team's summary) keeps the activities.
 */
export function MyDay({ compact = false }: { compact?: boolean }) {
  const query = useQuery(managerStartQuery);
  return (
    <Loaded query={query}>
      {(data) => (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <TodaySection data={data} />
            <OverdueSection data={data} />
          </SimpleGrid>
          {!compact && (
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
              <MonthSection data={data} />
              <WeekSection data={data} />
            </SimpleGrid>
          )}
        </Stack>
      )}
    </Loaded>
  );
}

function TodaySection({ data }: { data: ManagerStart }) {
  const { t } = useTranslation();
  const me = useMe();
  // What is still to do stays in view; the done ones are a click away, in their place in the day.
  const [withDone, setWithDone] = useState(false);
  const open = data.today.filter((activity) => activity.state !== "completed");
  const done = data.today.length - open.length;
  return (
    <StartSection
      title={t("start.today.title")}
      count={open.length}
      action={
        <AnchorLink to="/activities" search={{ tab: "today" }} size="sm">
          {t("start.today.all")}
        </AnchorLink>
      }
    >
      {data.today.length === 0 ? (
        <EmptyLine>{t("start.today.empty")}</EmptyLine>
      ) : (
        <>
          {open.length === 0 && !withDone ? (
            <EmptyLine>{t("start.today.allDone")}</EmptyLine>
          ) : (
            <ActivityLines
              activities={withDone ? data.today : open}
              label={t("start.today.title")}
              when={(activity) => formatTime(activity.dueAt, me.timeZone)}
            />
          )}
          {done > 0 && (
            <Button variant="subtle" size="compact-sm" mt={6} onClick={() => setWithDone((value) => !value)}>
              {withDone ? t("start.today.hideDone") : t("start.today.showDone", { number: done })}
            </Button>
          )}
        </>
      )}
    </StartSection>
  );
}

function OverdueSection({ data }: { data: ManagerStart }) {
  const { t } = useTranslation();
  const me = useMe();
  const { items, total } = data.overdue;
  const { shown, toggle } = useFirstLines(items);
  return (
    <StartSection
      title={t("start.overdue.title")}
      count={total}
      action={
        total > 0 && (
          <AnchorLink to="/activities" search={{ tab: "overdue" }} size="sm">
            {t("start.overdue.all")}
          </AnchorLink>
        )
      }
    >
      {items.length === 0 ? (
        <EmptyLine>{t("start.overdue.empty")}</EmptyLine>
      ) : (
        <>
          <ActivityLines
            activities={shown}
            label={t("start.overdue.title")}
            when={(activity) => formatDateTime(activity.dueAt, me.timeZone)}
          />
          {toggle}
          {total > items.length && shown.length === items.length && (
            <EmptyLine>{t("start.more", { number: total - items.length })}</EmptyLine>
          )}
        </>
      )}
    </StartSection>
  );
}

function MonthSection({ data }: { data: ManagerStart }) {
  const { t, i18n } = useTranslation();
  const month = data.month;
  const title = month
    ? t("start.month.title", { month: dayjs(`${month.month}-01`).locale(i18n.language).format("MMMM YYYY") })
    : t("cabinet.charts.plan");
  return (
    <StartSection
      title={title}
      action={
        <AnchorLink to="/cabinet" size="sm">
          {t("start.openCabinet")}
        </AnchorLink>
      }
    >
      {!month ? (
        <EmptyLine>{t("start.month.hidden")}</EmptyLine>
      ) : (
        <Stack gap="sm">
          <Progress
            aria-label={t("cabinet.figures.completion")}
            value={month.plan > 0 ? Math.min(100, (month.actual / month.plan) * 100) : 0}
            color={completionColor(month.actual, month.plan, month.planToDate)}
            size="lg"
            radius="sm"
          />
          <div className={classes.figures}>
            <StartFigure label={t("cabinet.figures.plan")} value={formatMoney(month.plan)} />
            <StartFigure label={t("cabinet.charts.planToDate")} value={formatMoney(month.planToDate)} />
            <StartFigure label={t("cabinet.charts.actual")} value={formatMoney(month.actual)} />
            <StartFigure
              label={t("cabinet.figures.completion")}
              value={formatPercent(month.completion, i18n.language)}
            />
            <StartFigure label={t("cabinet.figures.forecast")} value={formatMoney(month.forecast)} />
            <StartFigure
              label={t("cabinet.figures.neededPerDay")}
              value={month.neededPerDay === null ? "—" : formatMoney(month.neededPerDay)}
            />
            <StartFigure
              label={t("cabinet.figures.dealsInWork")}
              value={month.dealsInWork.count}
              note={t("cabinet.figures.dealsAmount", { amount: formatMoney(month.dealsInWork.amount) })}
            />
            <StartFigure
              label={t("cabinet.figures.coefficient")}
              value={formatPercent(month.activityCoefficient, i18n.language)}
            />
          </div>
        </Stack>
      )}
    </StartSection>
  );
}

const categories = ["call", "meeting", "demo"] as const;

function WeekSection({ data }: { data: ManagerStart }) {
  const { t, i18n } = useTranslation();
  const week = data.week;
  const planFact = (groups: { category: string; plan: number; fact: number }[], category: string) => {
    const group = groups.find((entry) => entry.category === category);
    return group ? `${group.plan} / ${group.fact}` : "0 / 0";
  };
  return (
    <StartSection
      title={t("start.week.title")}
      action={
        <AnchorLink to="/cabinet" size="sm">
          {t("start.week.open")}
        </AnchorLink>
      }
    >
      {!week ? (
        <EmptyLine>{t("start.month.hidden")}</EmptyLine>
      ) : (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={420}>
            <Table striped withTableBorder aria-label={t("start.week.title")} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("cabinet.week.day")}</Table.Th>
                  {categories.map((category) => (
                    <Table.Th key={category} className={classes.number}>
                      {t(`cabinet.categories.${category}`)}
                    </Table.Th>
                  ))}
                  <Table.Th className={classes.number}>{t("start.week.all")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {week.days.map((day) => (
                  <Table.Tr key={day.date} fw={day.date === data.date ? 700 : undefined}>
                    <Table.Th scope="row" fw="inherit">
                      {dayjs(day.date).locale(i18n.language).format("dd, DD.MM")}
                    </Table.Th>
                    {categories.map((category) => (
                      <Table.Td key={category} className={classes.number}>
                        {planFact(day.groups, category)}
                      </Table.Td>
                    ))}
                    <Table.Td className={classes.number}>
                      {day.total} / {day.completed}
                      {day.overdue > 0 && (
                        <Text span c="red" size="xs" ml={6}>
                          {t("cabinet.week.overdue", { count: day.overdue })}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th>{t("cabinet.week.total")}</Table.Th>
                  {categories.map((category) => (
                    <Table.Th key={category} className={classes.number}>
                      {planFact(week.totals, category)}
                    </Table.Th>
                  ))}
                  <Table.Th className={classes.number}>
                    {week.days.reduce((sum, day) => sum + day.total, 0)} /{" "}
                    {week.days.reduce((sum, day) => sum + day.completed, 0)}
                  </Table.Th>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed">
            {t("start.week.legend")} ·{" "}
            {t("cabinet.week.coefficient", { value: formatPercent(week.activityCoefficient, i18n.language) })}
          </Text>
          <Group gap="xs" justify="space-between">
            <Text size="sm" c={data.nextWeek.planned === 0 ? "red" : undefined}>
              {data.nextWeek.planned === 0
                ? t("start.week.nextEmpty")
                : t("start.week.nextPlanned", { count: data.nextWeek.planned })}
            </Text>
            <AnchorLink to="/cabinet" search={{ tab: "plans" }} size="sm">
              {t("start.week.plan")}
            </AnchorLink>
          </Group>
        </Stack>
      )}
    </StartSection>
  );
}
