import { NavLink } from "@mantine/core";
import { IconAddressBook, IconBriefcase, IconBuilding, IconChartFunnel, IconTargetArrow } from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { RouterNavLink } from "../../lib/router-nav-link";
import { canDo } from "./crm-access";

interface CrmNavLinksProps {
  onNavigate: () => void;
}

/** The CRM area's entries in the sidebar. */
export function CrmNavLinks({ onNavigate }: CrmNavLinksProps) {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const isUnder = (path: string) => pathname === path || pathname.startsWith(`${path}/`);
  const links = [
    { to: "/crm/deals", label: t("crm.nav.deals"), icon: IconBriefcase, entity: "deals" },
    { to: "/crm/companies", label: t("crm.nav.companies"), icon: IconBuilding, entity: "companies" },
    { to: "/crm/contacts", label: t("crm.nav.contacts"), icon: IconAddressBook, entity: "contacts" },
    { to: "/crm/leads", label: t("crm.nav.leads"), icon: IconTargetArrow, entity: "leads" },
  ] as const;
  const visible = links.filter((link) => canDo(me, link.entity, "read"));
  if (visible.length === 0) return null;

  return (
    <NavLink
      component="button"
      label={t("crm.nav.group")}
      leftSection={<IconChartFunnel size={18} stroke={1.6} />}
      defaultOpened
      childrenOffset={28}
    >
      {visible.map(({ to, label, icon: Icon }) => (
        <RouterNavLink
          key={to}
          to={to}
          search={{}}
          label={label}
          leftSection={<Icon size={16} stroke={1.6} />}
          active={isUnder(to)}
          onClick={onNavigate}
        />
      ))}
    </NavLink>
  );
}
