import { IconNews } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { RouterNavLink } from "../../lib/router-nav-link";

/** «Лента» in the sidebar. */
export function FeedNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return (
    <RouterNavLink
      to="/feed"
      label={t("feed.nav")}
      leftSection={<IconNews size={18} stroke={1.6} />}
      active={pathname === "/feed" || pathname.startsWith("/feed/")}
      onClick={onNavigate}
    />
  );
}
