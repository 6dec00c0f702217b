import { IconSchool } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { RouterNavLink } from "../../lib/router-nav-link";

/** «Обучение» in the sidebar. */
export function TrainingNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return (
    <RouterNavLink
      to="/training"
      label={t("training.nav")}
      leftSection={<IconSchool size={18} stroke={1.6} />}
      active={pathname === "/training" || pathname.startsWith("/training/")}
      onClick={onNavigate}
    />
  );
}
