import { IconUsersGroup } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { RouterNavLink } from "../../lib/router-nav-link";

/** «Группы» in the sidebar. */
export function GroupsNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return (
    <RouterNavLink
      to="/groups"
      search={{}}
      label={t("groups.nav")}
      leftSection={<IconUsersGroup size={18} stroke={1.6} />}
      active={pathname === "/groups" || pathname.startsWith("/groups/")}
      onClick={onNavigate}
    />
  );
}
