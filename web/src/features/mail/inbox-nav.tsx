import { IconInbox } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { RouterNavLink } from "../../lib/router-nav-link";

/** «Почтовые ящики» in the main menu, for everyone: each employee connects their own mailbox. */
export function MailboxesNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return (
    <RouterNavLink
      to="/mailboxes"
      label={t("mailInbox.nav")}
      leftSection={<IconInbox size={18} stroke={1.6} />}
      active={pathname === "/mailboxes"}
      onClick={onNavigate}
    />
  );
}
