import { Badge } from "@mantine/core";
import { IconTopologyStar3 } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { RouterNavLink } from "../../lib/router-nav-link";
import { myApprovalsQuery } from "./workflows-api";

function useIsUnder() {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return (path: string) => pathname === path || pathname.startsWith(`${path}/`);
}

/** «Бизнес-процессы» in the sidebar, with the number of approvals waiting for me. */
export function WorkflowsNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const isUnder = useIsUnder();
  const waiting = useQuery(myApprovalsQuery).data?.length ?? 0;
  return (
    <RouterNavLink
      to="/workflows"
      search={waiting > 0 ? { tab: "approvals" } : {}}
      label={t("workflows.nav")}
      leftSection={<IconTopologyStar3 size={18} stroke={1.6} />}
      rightSection={
        waiting > 0 ? (
          <Badge
            size="sm"
            color="orange"
            variant="filled"
            aria-label={t("workflows.approvalsBadge", { count: waiting })}
          >
            {waiting > 99 ? "99+" : waiting}
          </Badge>
        ) : undefined
      }
      active={isUnder("/workflows")}
      onClick={onNavigate}
    />
  );
}

/** The templates entry inside «Настройки». */
export function WorkflowSettingsNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const isUnder = useIsUnder();
  if (!me.abilities.manageSettings) return null;
  return (
    <RouterNavLink
      to="/settings/workflows"
      label={t("workflows.navSettings")}
      leftSection={<IconTopologyStar3 size={16} stroke={1.6} />}
      active={isUnder("/settings/workflows")}
      onClick={onNavigate}
    />
  );
}
