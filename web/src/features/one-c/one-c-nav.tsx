import { IconArrowsExchange } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { RouterNavLink } from "../../lib/router-nav-link";
import { canManageOneC } from "./one-c-access";

/** «Обмен с 1С» inside «Настройки», for administrators. */
export function OneCSettingsNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  if (!canManageOneC(me)) return null;
  return (
    <RouterNavLink
      to="/settings/one-c"
      label={t("oneC.nav")}
      leftSection={<IconArrowsExchange size={16} stroke={1.6} />}
      active={pathname === "/settings/one-c"}
      onClick={onNavigate}
    />
  );
}
