import { IconTemplate } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { RouterNavLink } from "../../lib/router-nav-link";

/** Settings → «Шаблоны писем», for those who write them (heads, tops, admins). */
export function MailTemplatesNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  if (!["head", "top", "admin"].includes(me.role)) return null;
  return (
    <RouterNavLink
      to="/settings/mail-templates"
      label={t("mailLetters.templates.nav")}
      leftSection={<IconTemplate size={16} stroke={1.6} />}
      active={pathname === "/settings/mail-templates"}
      onClick={onNavigate}
    />
  );
}
