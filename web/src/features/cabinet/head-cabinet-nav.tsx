import { IconChartBar } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { seesTeamFigures } from "../../lib/report-units";
import { RouterNavLink } from "../../lib/router-nav-link";

/** «Кабинет руководителя» for heads of a unit, top managers and admins. */
export function HeadCabinetNavLinks({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  if (!seesTeamFigures(me)) return null;
  return (
    <RouterNavLink
      to="/head"
      search={{}}
      label={t("headCabinet.nav")}
      leftSection={<IconChartBar size={18} stroke={1.6} />}
      active={pathname === "/head" || pathname.startsWith("/head/")}
      onClick={onNavigate}
    />
  );
}
