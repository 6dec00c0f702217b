import { IconWebhook } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { RouterNavLink } from "../../lib/router-nav-link";

/** «Вебхуки» inside «Настройки», for those who manage the company's settings. */
export function WebhooksSettingsNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  if (!me.abilities.manageSettings) return null;
  return (
    <RouterNavLink
      to="/settings/webhooks"
      label={t("webhooks.nav")}
      leftSection={<IconWebhook size={16} stroke={1.6} />}
      active={pathname === "/settings/webhooks"}
      onClick={onNavigate}
    />
  );
}
