import { IconTargetArrow } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { RouterNavLink } from "../../lib/router-nav-link";

/** «Планы» for those who set or read more than their own plan. */
export function PlansNavLinks({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  if (me.abilities.access.plans.read === "own" || me.abilities.access.plans.read === "none") return null;
  return (
    <RouterNavLink
      to="/plans"
      label={t("plans.nav")}
      leftSection={<IconTargetArrow size={18} stroke={1.6} />}
      active={pathname.startsWith("/plans")}
      onClick={onNavigate}
    />
  );
}
