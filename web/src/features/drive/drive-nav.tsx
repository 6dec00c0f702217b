import { IconFolders } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { RouterNavLink } from "../../lib/router-nav-link";

/** «Диск» in the sidebar. */
export function DriveNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return (
    <RouterNavLink
      to="/drive"
      search={{}}
      label={t("drive.nav")}
      leftSection={<IconFolders size={18} stroke={1.6} />}
      active={pathname === "/drive"}
      onClick={onNavigate}
    />
  );
}

/** «Диск» inside «Настройки»: the drive's limits, for administrators. */
export function DriveSettingsNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  if (me.role !== "admin") return null;
  return (
    <RouterNavLink
      to="/settings/drive"
      label={t("drive.settings.nav")}
      leftSection={<IconFolders size={16} stroke={1.6} />}
      active={pathname === "/settings/drive"}
      onClick={onNavigate}
    />
  );
}
