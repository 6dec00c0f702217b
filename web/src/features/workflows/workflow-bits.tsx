import { Badge, Group, type MantineSize, Text, Tooltip } from "@mantine/core";
import type { LinkableEntity, WorkflowInstance, WorkflowStepType } from "@planerka/common";
import {
  IconAlertTriangle,
  IconArrowsSplit,
  IconBell,
  IconCalendarEvent,
  IconHourglass,
  IconPencilBolt,
  type IconProps,
  IconRubberStamp,
  IconSubtask,
} from "@tabler/icons-react";
import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../lib/links";

export const stepTypeIcons: Record<WorkflowStepType, ComponentType<IconProps>> = {
  task: IconSubtask,
  activity: IconCalendarEvent,
  notify: IconBell,
  wait: IconHourglass,
  approval: IconRubberStamp,
  set_field: IconPencilBolt,
  branch: IconArrowsSplit,
};

export const stepTypeColors: Record<WorkflowStepType, string> = {
  task: "blue",
  activity: "cyan",
  notify: "grape",
  wait: "yellow",
  approval: "orange",
  set_field: "teal",
  branch: "indigo",
};

export function StepTypeIcon({ type, size = 16 }: { type: WorkflowStepType; size?: number }) {
  const Icon = stepTypeIcons[type];
  return <Icon size={size} stroke={1.6} color={`var(--mantine-color-${stepTypeColors[type]}-7)`} aria-hidden />;
}

/** «3 д 4 ч», «5 ч 12 мин», «12 мин»: how long a step has waited, as people say it. */
export function useDuration() {
  const { t } = useTranslation();
  return (minutes: number | null | undefined): string => {
    if (minutes === null || minutes === undefined) return "";
    const whole = Math.max(0, Math.floor(minutes));
    if (whole < 1) return t("workflows.duration.lessThanMinute");
    const days = Math.floor(whole / 1440);
    const hours = Math.floor((whole % 1440) / 60);
    if (days > 0) return t("workflows.duration.days", { days, hours });
    if (hours > 0) return t("workflows.duration.hours", { hours, minutes: whole % 60 });
    return t("workflows.duration.minutes", { minutes: whole });
  };
}

const statusColors = { running: "blue", completed: "teal", failed: "red", cancelled: "gray" } as const;

export function InstanceStatusBadge({
  status,
  size = "sm",
}: {
  status: WorkflowInstance["status"];
  size?: MantineSize;
}) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={statusColors[status]} size={size}>
      {t(`workflows.statuses.${status}`)}
    </Badge>
  );
}

/** The red «Подвис» mark of a stalled instance, with its limit on hover. */
export function StalledFlag({ stallHours, size = "sm" }: { stallHours: number | null; size?: MantineSize }) {
  const { t } = useTranslation();
  const badge = (
    <Badge color="red" variant="filled" size={size} leftSection={<IconAlertTriangle size={12} />}>
      {t("workflows.stalled")}
    </Badge>
  );
  if (stallHours === null) return badge;
  return (
    <Tooltip label={t("workflows.stalledHint", { hours: stallHours })} withArrow>
      {badge}
    </Tooltip>
  );
}

/** Status, and the stalled flag when the current step has waited too long. */
export function InstanceState({ instance }: { instance: WorkflowInstance }) {
  return (
    <Group gap={4} wrap="wrap">
      <InstanceStatusBadge status={instance.status} />
      {instance.stalled && <StalledFlag stallHours={instance.stallHours} />}
    </Group>
  );
}

/** How long the current step has waited; red once the instance is stalled. */
export function Waiting({ instance }: { instance: WorkflowInstance }) {
  const duration = useDuration();
  if (instance.status !== "running" || instance.waitingMinutes === null) return <Text size="sm">—</Text>;
  return (
    <Text size="sm" c={instance.stalled ? "red.7" : undefined} fw={instance.stalled ? 600 : undefined}>
      {duration(instance.waitingMinutes)}
    </Text>
  );
}

/** A link to the record's card; a record the caller may not read shows no title. */
export function RecordLink({
  entity,
  entityId,
  title,
  withType = false,
}: {
  entity: LinkableEntity;
  entityId: string;
  title: string | null;
  withType?: boolean;
}) {
  const { t } = useTranslation();
  const prefix = withType ? `${t(`workflows.entities.${entity}`)}: ` : "";
  if (title === null) {
    return (
      <Text size="sm" c="dimmed">
        {prefix}
        {t("workflows.noAccess")}
      </Text>
    );
  }
  const common = { size: "sm", style: { overflowWrap: "anywhere" as const } };
  const label = `${prefix}${title}`;
  switch (entity) {
    case "deal":
      return (
        <AnchorLink to="/crm/deals/$dealId" params={{ dealId: entityId }} {...common}>
          {label}
        </AnchorLink>
      );
    case "lead":
      return (
        <AnchorLink to="/crm/leads/$leadId" params={{ leadId: entityId }} {...common}>
          {label}
        </AnchorLink>
      );
    case "company":
      return (
        <AnchorLink to="/crm/companies/$companyId" params={{ companyId: entityId }} {...common}>
          {label}
        </AnchorLink>
      );
    case "contact":
      return (
        <AnchorLink to="/crm/contacts/$contactId" params={{ contactId: entityId }} {...common}>
          {label}
        </AnchorLink>
      );
  }
}

/** The current step: its type's icon and name. */
export function CurrentStep({ instance }: { instance: WorkflowInstance }) {
  if (!instance.currentStep) return <Text size="sm">—</Text>;
  return (
    <Group gap={6} wrap="nowrap">
      <StepTypeIcon type={instance.currentStep.type} />
      <Text size="sm" style={{ overflowWrap: "anywhere" }}>
        {instance.currentStep.name}
      </Text>
    </Group>
  );
}
