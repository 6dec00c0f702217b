import { Badge, type BadgeProps, Group, Progress, Stack, Text, type TextProps } from "@mantine/core";
import type { TaskPriority, TaskStatus, TaskSummary } from "@planerka/common";
import { IconFlag3 } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { formatMinutes, priorityColors, statusColors } from "./task-status";

export function StatusBadge({ status, ...props }: { status: TaskStatus } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status]} variant="light" data-status={status} {...props}>
      {t(`tasks.status.${status}`)}
    </Badge>
  );
}

export function PriorityMark({ priority, withLabel = false }: { priority: TaskPriority; withLabel?: boolean }) {
  const { t } = useTranslation();
  if (priority === "normal" && !withLabel) return null;
  const label = t(`tasks.priority.${priority}`);
  return (
    <Group gap={4} wrap="nowrap" c={`${priorityColors[priority]}.7`} aria-label={withLabel ? undefined : label}>
      <IconFlag3 size={14} fill={priority === "high" ? "currentColor" : "none"} />
      {withLabel ? <Text size="sm">{label}</Text> : null}
    </Group>
  );
}

/** A deadline in the company's time zone, red once passed (unless the task is done). */
export function DeadlineText({
  task,
  timeZone,
  ...props
}: { task: Pick<TaskSummary, "deadline" | "overdue">; timeZone: string } & TextProps) {
  const { t } = useTranslation();
  if (!task.deadline) {
    return (
      <Text size="sm" c="dimmed" {...props}>
        {t("tasks.list.noDeadline")}
      </Text>
    );
  }
  return (
    <Text
      size="sm"
      c={task.overdue ? "red.7" : undefined}
      fw={task.overdue ? 600 : undefined}
      data-overdue={task.overdue || undefined}
      style={{ whiteSpace: "nowrap" }}
      {...props}
    >
      {formatDateTime(task.deadline, timeZone)}
    </Text>
  );
}

/** The linked CRM record as a link to its card; its kind only, when the caller may not read it. */
export function TaskLinkAnchor({ link, size = "sm" }: { link: TaskSummary["link"]; size?: "xs" | "sm" }) {
  const { t } = useTranslation();
  if (!link) return null;
  const kind = t(`tasks.entities.${link.entityType}`);
  if (link.title === null) {
    return (
      <Text size={size} c="dimmed">
        {kind}: {t("tasks.card.linkHidden")}
      </Text>
    );
  }
  const label = `${kind}: ${link.title}`;
  const props = { size, lineClamp: 2, title: label, onClick: (event: React.MouseEvent) => event.stopPropagation() };
  switch (link.entityType) {
    case "deal":
      return (
        <AnchorLink to="/crm/deals/$dealId" params={{ dealId: link.entityId }} {...props}>
          {label}
        </AnchorLink>
      );
    case "lead":
      return (
        <AnchorLink to="/crm/leads/$leadId" params={{ leadId: link.entityId }} {...props}>
          {label}
        </AnchorLink>
      );
    case "company":
      return (
        <AnchorLink to="/crm/companies/$companyId" params={{ companyId: link.entityId }} {...props}>
          {label}
        </AnchorLink>
      );
    case "contact":
      return (
        <AnchorLink to="/crm/contacts/$contactId" params={{ contactId: link.entityId }} {...props}>
          {label}
        </AnchorLink>
      );
  }
}

/** Spent against planned: a bar when there is a plan, red once over it. */
export function TimeProgress({
  spentMinutes,
  plannedMinutes,
  compact = false,
}: {
  spentMinutes: number;
  plannedMinutes: number | null;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const spent = formatMinutes(spentMinutes);
  if (!plannedMinutes) {
    return (
      <Text size="sm" style={{ whiteSpace: "nowrap" }}>
        {spentMinutes > 0 ? spent : compact ? "" : t("tasks.time.notPlanned")}
      </Text>
    );
  }
  const over = spentMinutes > plannedMinutes;
  const percent = Math.min(100, (spentMinutes / plannedMinutes) * 100);
  return (
    <Stack gap={2} miw={compact ? 90 : undefined}>
      <Text size={compact ? "xs" : "sm"} c={over ? "red.7" : undefined} style={{ whiteSpace: "nowrap" }}>
        {t("tasks.list.timeOf", { spent, planned: formatMinutes(plannedMinutes) })}
      </Text>
      <Progress
        value={percent}
        color={over ? "red" : "teal"}
        size={compact ? "xs" : "sm"}
        aria-label={t("tasks.time.progressLabel")}
      />
    </Stack>
  );
}
