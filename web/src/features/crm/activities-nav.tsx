import { Badge } from "@mantine/core";
import { IconChecklist, IconFileImport, IconListDetails, IconTimeline } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { RouterNavLink } from "../../lib/router-nav-link";
import { overdueCountQuery } from "./activities-api";
import { canImport } from "./can-import";

interface ActivitiesNavLinksProps {
  onNavigate: () => void;
}

function useIsUnder() {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return (path: string) => pathname === path || pathname.startsWith(`${path}/`);
}

/** «Мои дела» (with my overdue count) and imports in the sidebar. */
export function ActivitiesNavLinks({ onNavigate }: ActivitiesNavLinksProps) {
  const { t } = useTranslation();
  const me = useMe();
  const isUnder = useIsUnder();
  const overdue = useQuery(overdueCountQuery(me.id)).data ?? 0;

  return (
    <>
      <RouterNavLink
        to="/activities"
        search={{}}
        label={t("activities.nav.myActivities")}
        leftSection={<IconChecklist size={18} stroke={1.6} />}
        rightSection={
          overdue > 0 ? (
            <Badge
              size="sm"
              color="red"
              variant="filled"
              aria-label={t("activities.nav.overdueBadge", { count: overdue })}
            >
              {overdue > 99 ? "99+" : overdue}
            </Badge>
          ) : undefined
        }
        active={isUnder("/activities")}
        onClick={onNavigate}
      />
      {canImport(me.abilities.access) && (
        <RouterNavLink
          to="/imports"
          search={{}}
          label={t("activities.nav.imports")}
          leftSection={<IconFileImport size={18} stroke={1.6} />}
          active={isUnder("/imports")}
          onClick={onNavigate}
        />
      )}
    </>
  );
}

/** CRM settings entries (pipelines, activity types) inside «Настройки». */
export function CrmSettingsNavLinks({ onNavigate }: ActivitiesNavLinksProps) {
  const { t } = useTranslation();
  const me = useMe();
  const isUnder = useIsUnder();
  if (!me.abilities.manageSettings) return null;
  return (
    <>
      <RouterNavLink
        to="/settings/pipelines"
        label={t("activities.nav.pipelines")}
        leftSection={<IconTimeline size={16} stroke={1.6} />}
        active={isUnder("/settings/pipelines")}
        onClick={onNavigate}
      />
      <RouterNavLink
        to="/settings/activity-types"
        label={t("activities.nav.activityTypes")}
        leftSection={<IconListDetails size={16} stroke={1.6} />}
        active={isUnder("/settings/activity-types")}
        onClick={onNavigate}
      />
    </>
  );
}
