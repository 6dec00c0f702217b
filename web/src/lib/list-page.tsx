import { Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import type { Icon } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { problemText } from "./notify";

/*
 * The scaffolding the list pages (bonus schemes, API tokens, the outbox, 1C's unassigned orders,
 * workflows…) had each written out again: the heading with its intro and the page's button, and
 * the bordered panel that shows the problem, a skeleton, the empty state or the list. Kept here so
 * that they look, and change, alike.
 */

/** The page's heading (the only `h2`) with a dimmed intro under it and, when given, an action on the right. */
export function PageHeader({
  title,
  intro,
  introWidth,
  action,
}: {
  title: ReactNode;
  intro?: ReactNode;
  /** How wide the intro may run, in pixels; a long intro reads better kept short. */
  introWidth?: number;
  action?: ReactNode;
}) {
  const heading = (
    <div>
      <Title order={2}>{title}</Title>
      {intro !== undefined && (
        <Text c="dimmed" size="sm" maw={introWidth}>
          {intro}
        </Text>
      )}
    </div>
  );
  if (!action) return heading;
  return (
    <Group justify="space-between" align="flex-end">
      {heading}
      {action}
    </Group>
  );
}

/**
 * A bordered panel for a fetched page of items: the problem when the query failed (even over data
 * kept from the previous page), a skeleton until the first answer, the empty state when there are
 * no items, and otherwise what `children` makes of the data.
 */
export function ListPanel<T extends { items: readonly unknown[] }>({
  error,
  data,
  empty,
  children,
}: {
  error: Error | null;
  data: T | undefined;
  /** The empty state: an icon (dimmed unless `color` says otherwise) over a line of text. */
  empty: { icon: Icon; text: ReactNode; color?: string };
  children: (data: T) => ReactNode;
}) {
  const EmptyIcon = empty.icon;
  return (
    <Paper withBorder radius="md">
      {error ? (
        <Text c="red" p="md">
          {problemText(error)}
        </Text>
      ) : !data ? (
        <Skeleton h={200} />
      ) : data.items.length === 0 ? (
        <Stack align="center" gap="xs" p="xl">
          <EmptyIcon size={32} stroke={1.4} color={empty.color ?? "var(--mantine-color-dimmed)"} />
          <Text c="dimmed">{empty.text}</Text>
        </Stack>
      ) : (
        children(data)
      )}
    </Paper>
  );
}
