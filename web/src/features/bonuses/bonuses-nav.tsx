import { IconCoins, IconReceipt2 } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { RouterNavLink } from "../../lib/router-nav-link";
import { canConfigureBonuses } from "./bonuses-access";

/** «Премии» in the main menu, for everyone: a manager sees their own bonus there. */
export function BonusesNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return (
    <RouterNavLink
      to="/bonuses"
      search={{}}
      label={t("bonuses.nav")}
      leftSection={<IconCoins size={18} stroke={1.6} />}
      active={pathname === "/bonuses" || pathname.startsWith("/bonuses/")}
      onClick={onNavigate}
    />
  );
}

/** «Премии» inside «Настройки», for those who set the schemes. */
export function BonusSettingsNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  if (!canConfigureBonuses(me)) return null;
  return (
    <RouterNavLink
      to="/settings/bonuses"
      label={t("bonuses.settingsNav")}
      leftSection={<IconReceipt2 size={16} stroke={1.6} />}
      active={pathname === "/settings/bonuses"}
      onClick={onNavigate}
    />
  );
}
