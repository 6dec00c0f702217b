import { Badge, Box, Button, Group, Paper, Skeleton, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { StartActivity } from "@planerka/common";
import { type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../../i18n/locale";
import { problemText } from "../../lib/notify";
import { ActivityRecordLinks } from "../crm/activity-record-links";
import classes from "./start.module.css";

/** A percentage as the API gives it (87.5), in the interface's language; «—» when there is none. */
export function formatPercent(value: number | null, language: string): string {
  if (value === null) return "—";
  return `${new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 2 }).format(value)} %`;
}

interface SectionProps {
  title: string;
  /** How many lines there are in all (shown as a badge); the list may show fewer. */
  count?: number;
  /** A link to the place where the whole list lives. */
  action?: ReactNode;
  children: ReactNode;
}

/** A block of the start page: a region named by its title, so a screen reader (and a test) finds it. */
export function StartSection({ title, count, action, children }: SectionProps) {
  const id = useId();
  return (
    <Paper component="section" aria-labelledby={id} withBorder radius="md" p={{ base: "sm", sm: "md" }}>
      <Group justify="space-between" align="flex-start" gap="xs" mb="sm">
        <Group gap="xs" wrap="nowrap" miw={0}>
          <Title order={3} size="h5" id={id}>
            {title}
          </Title>
          {count !== undefined && (
            <Badge variant="light" color={count > 0 ? "red" : "gray"} aria-hidden>
              {count}
            </Badge>
          )}
        </Group>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

/** A read that is loading, failed or done. */
export function Loaded<T>({
  query,
  height = 160,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean };
  height?: number;
  children: (data: T) => ReactNode;
}) {
  if (query.error) return <Text c="red">{problemText(query.error)}</Text>;
  if (query.isPending || query.data === undefined) return <Skeleton h={height} radius="md" />;
  return <>{children(query.data)}</>;
}

export function EmptyLine({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}

/**
 * Activities as lines: when, what, the subject (its state for screen readers) and the records it
 * links to, each opening its card.
 */
export function ActivityLines({
  activities,
  when,
  label,
}: {
  activities: StartActivity[];
  when: (activity: StartActivity) => string;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <ul className={classes.activityList} aria-label={label}>
      {activities.map((activity) => (
        <li key={activity.id} className={classes.activity} data-state={activity.state}>
          <span className={classes.activityTime}>{when(activity)}</span>
          <span className={classes.activitySubject}>
            {activity.subject}
            <span className={classes.srOnly}> ({t(`start.states.${activity.state}`)})</span>
          </span>
          <span className={classes.activityType}>{activity.typeName}</span>
          <span className={classes.activityLinks}>
            <ActivityRecordLinks activity={activity} />
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A figure and its label, the value named by the label (as the cabinet's header does). */
export function StartFigure({ label, value, note }: { label: string; value: ReactNode; note?: ReactNode }) {
  const id = useId();
  return (
    <div>
      <Text size="xs" c="dimmed" id={id}>
        {label}
      </Text>
      <Box role="group" aria-labelledby={id} className={classes.figureValue}>
        {value}
      </Box>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </div>
  );
}

/** Lines shown before «Показать все»: a head's page stays a glance, the whole list one click away. */
const firstLines = 10;

/** The first lines of a list, and the button that shows the rest (or folds them again). */
export function useFirstLines<T>(items: T[]) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const toggle =
    items.length > firstLines ? (
      <Button variant="subtle" size="compact-sm" mt={6} onClick={() => setAll((value) => !value)}>
        {all ? t("start.showFewer") : t("start.showAll", { number: items.length })}
      </Button>
    ) : null;
  return { shown: all ? items : items.slice(0, firstLines), toggle };
}

/** A phone's width: tables of figures become lines of their own there, the gap always in view. */
export function usePhone(): boolean {
  return useMediaQuery("(max-width: 36em)") ?? false;
}
