import { ActionIcon, type ActionIconProps, Button, Group, Tooltip } from "@mantine/core";
import {
  IconAlertTriangle,
  IconBriefcase,
  IconChecklist,
  IconListCheck,
  IconMessage,
  IconRoute,
  IconUser,
} from "@tabler/icons-react";
import { createLink, useRouter } from "@tanstack/react-router";
import type { AnchorHTMLAttributes, MouseEvent, ReactNode, Ref } from "react";
import { useTranslation } from "react-i18next";
import type { RollupUser } from "./rollup-table";

type AnchorElementProps = AnchorHTMLAttributes<HTMLAnchorElement> & { ref?: Ref<HTMLAnchorElement> };
function ActionIconAnchor(props: ActionIconProps & AnchorElementProps) {
  return <ActionIcon component="a" {...props} />;
}
const ActionIconLink = createLink(ActionIconAnchor);

/**
 * A link to a path that another feature owns (the manager cabinet): a real anchor,
 * navigated inside the app on a plain click.
 */
function HrefActionIcon({ href, label, children }: { href: string; label: string; children: ReactNode }) {
  const router = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void router.navigate({ href });
  };
  return (
    <Tooltip label={label} withArrow>
      <ActionIcon component="a" href={href} onClick={onClick} variant="subtle" aria-label={label}>
        {children}
      </ActionIcon>
    </Tooltip>
  );
}

interface EmployeeActionsProps {
  item: RollupUser;
  workflows: { running: number; stalled: number } | undefined;
  onOpenDeals: (user: RollupUser["user"]) => void;
  onWrite: (user: RollupUser["user"]) => void;
  onOpenWorkflows: (user: RollupUser["user"]) => void;
  /** Two rows of three, for a narrow screen (the table then fits 1280 px without scrolling). */
  compact?: boolean;
}

/**
 * What a head does about one employee from the roll-up: their activities, open deals (with the
 * count), tasks, workflows (stalled ones in red), cabinet, and «Написать».
 */
export function EmployeeActions({
  item,
  workflows,
  onOpenDeals,
  onWrite,
  onOpenWorkflows,
  compact,
}: EmployeeActionsProps) {
  const { t } = useTranslation();
  const name = item.user.name;
  return (
    <Group gap={compact ? 2 : 4} wrap={compact ? "wrap" : "nowrap"} maw={compact ? 132 : undefined}>
      <Tooltip label={t("headCabinet.actions.activities", { name })} withArrow>
        <ActionIconLink
          to="/activities"
          search={{ owner: item.user.id }}
          variant="subtle"
          aria-label={t("headCabinet.actions.activities", { name })}
        >
          <IconListCheck size={18} />
        </ActionIconLink>
      </Tooltip>
      <Tooltip label={t("headCabinet.actions.openDeals", { name })} withArrow>
        <Button
          size="compact-sm"
          variant={item.dealsInWork.count > 0 ? "light" : "subtle"}
          color={item.dealsInWork.count > 0 ? "blue" : "gray"}
          leftSection={<IconBriefcase size={15} />}
          aria-label={t("headCabinet.actions.openDeals", { name })}
          onClick={() => onOpenDeals(item.user)}
          px={6}
          miw={58}
        >
          {item.dealsInWork.count}
        </Button>
      </Tooltip>
      <Tooltip label={t("headCabinet.actions.tasks", { name })} withArrow>
        <ActionIconLink
          to="/tasks"
          search={{ userId: item.user.id }}
          variant="subtle"
          aria-label={t("headCabinet.actions.tasks", { name })}
        >
          <IconChecklist size={18} />
        </ActionIconLink>
      </Tooltip>
      <Tooltip
        label={t("headCabinet.actions.workflows", {
          name,
          running: workflows?.running ?? 0,
          stalled: workflows?.stalled ?? 0,
        })}
        withArrow
      >
        <Button
          size="compact-sm"
          variant={workflows?.stalled ? "filled" : "subtle"}
          color={workflows?.stalled ? "red" : "gray"}
          leftSection={workflows?.stalled ? <IconAlertTriangle size={14} /> : <IconRoute size={15} />}
          aria-label={t("headCabinet.actions.workflowsOf", { name })}
          onClick={() => onOpenWorkflows(item.user)}
          px={6}
          miw={40}
        >
          {workflows?.stalled ? workflows.stalled : (workflows?.running ?? "")}
        </Button>
      </Tooltip>
      <HrefActionIcon href={`/cabinet/${item.user.id}`} label={t("headCabinet.actions.cabinet", { name })}>
        <IconUser size={18} />
      </HrefActionIcon>
      <Tooltip label={t("headCabinet.actions.write", { name })} withArrow>
        <ActionIcon
          variant="subtle"
          aria-label={t("headCabinet.actions.write", { name })}
          onClick={() => onWrite(item.user)}
        >
          <IconMessage size={18} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
