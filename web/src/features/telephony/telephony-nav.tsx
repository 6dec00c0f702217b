import { IconPhoneCall } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { RouterNavLink } from "../../lib/router-nav-link";

/** «Телефония» inside «Настройки», for those who manage the company's settings. */
export function TelephonySettingsNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  if (!me.abilities.manageSettings) return null;
  return (
    <RouterNavLink
      to="/settings/telephony"
      label={t("telephony.nav")}
      leftSection={<IconPhoneCall size={16} stroke={1.6} />}
      active={pathname === "/settings/telephony"}
      onClick={onNavigate}
    />
  );
}
