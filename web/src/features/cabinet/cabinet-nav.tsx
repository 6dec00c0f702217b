import { IconLayoutDashboard } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { RouterNavLink } from "../../lib/router-nav-link";

/** «Мой кабинет»: the manager's one-window view of plan, deals and the week's activities. */
export function CabinetNavLinks({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  // A subordinate's cabinet is not «мой»: the entry lights up only on one's own.
  const active = pathname === "/cabinet" || pathname === `/cabinet/${me.id}`;
  return (
    <RouterNavLink
      to="/cabinet"
      label={t("cabinet.nav")}
      leftSection={<IconLayoutDashboard size={18} stroke={1.6} />}
      active={active}
      // The router marks a fuzzy match with aria-current, which Mantine also draws as active.
      activeOptions={{ exact: true }}
      onClick={onNavigate}
    />
  );
}
