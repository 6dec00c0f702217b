import { IconCalendarMonth } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { RouterNavLink } from "../../lib/router-nav-link";

/** «Календарь» in the sidebar. */
export function CalendarNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return (
    <RouterNavLink
      to="/calendar"
      search={{}}
      label={t("calendar.nav")}
      leftSection={<IconCalendarMonth size={18} stroke={1.6} />}
      active={pathname === "/calendar"}
      onClick={onNavigate}
    />
  );
}
