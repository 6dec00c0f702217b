import { Box, NavLink } from "@mantine/core";
import {
  IconBuildingSkyscraper,
  IconCalendarEvent,
  IconHome,
  IconKey,
  IconMail,
  IconMailForward,
  IconSettings,
  IconShieldLock,
  IconSitemap,
  IconUsers,
} from "@tabler/icons-react";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { BonusesNavLink, BonusSettingsNavLink } from "../../features/bonuses/bonuses-nav";
import { CabinetNavLinks } from "../../features/cabinet/cabinet-nav";
import { HeadCabinetNavLinks } from "../../features/cabinet/head-cabinet-nav";
import { CalendarNavLink } from "../../features/calendar/calendar-nav";
import { ChatNavLink } from "../../features/chat/chat-nav";
import { ActivitiesNavLinks, CrmSettingsNavLinks } from "../../features/crm/activities-nav";
import { CrmNavLinks } from "../../features/crm/crm-nav";
import { DriveNavLink, DriveSettingsNavLink } from "../../features/drive/drive-nav";
import { FeedNavLink } from "../../features/feed/feed-nav";
import { GroupsNavLink } from "../../features/groups/groups-nav";
import { MailboxesNavLink } from "../../features/mail/inbox-nav";
import { MailTemplatesNavLink } from "../../features/mail/mail-templates-nav";
import { OneCSettingsNavLink } from "../../features/one-c/one-c-nav";
import { PlansNavLinks } from "../../features/plans/plans-nav";
import { TasksNavLinks } from "../../features/tasks/tasks-nav";
import { TelephonySettingsNavLink } from "../../features/telephony/telephony-nav";
import { TrainingNavLink } from "../../features/training/training-nav";
import { WebhooksSettingsNavLink } from "../../features/webhooks/webhooks-nav";
import { WorkflowSettingsNavLink, WorkflowsNavLink } from "../../features/workflows/workflows-nav";
import { useMe } from "../../lib/auth-context";
import { RouterNavLink } from "../../lib/router-nav-link";

interface NavMenuProps {
  onNavigate: () => void;
}

export function NavMenu({ onNavigate }: NavMenuProps) {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const isUnder = (path: string) => pathname === path || pathname.startsWith(`${path}/`);

  return (
    <>
      <RouterNavLink
        // "/" lands on the cabinet for whoever chose it; «Главная» is the start page all the same.
        to={me.startPage === "cabinet" ? "/home" : "/"}
        label={t("shell.nav.home")}
        leftSection={<IconHome size={18} stroke={1.6} />}
        active={pathname === "/" || pathname === "/home"}
        onClick={onNavigate}
      />
      <CabinetNavLinks onNavigate={onNavigate} />
      <FeedNavLink onNavigate={onNavigate} />
      <RouterNavLink
        to="/users"
        label={t("shell.nav.users")}
        leftSection={<IconUsers size={18} stroke={1.6} />}
        active={isUnder("/users")}
        onClick={onNavigate}
      />
      <RouterNavLink
        to="/units"
        label={t("shell.nav.units")}
        leftSection={<IconSitemap size={18} stroke={1.6} />}
        active={isUnder("/units")}
        onClick={onNavigate}
      />
      <CrmNavLinks onNavigate={onNavigate} />
      <ActivitiesNavLinks onNavigate={onNavigate} />
      <ChatNavLink onNavigate={onNavigate} />
      <MailboxesNavLink onNavigate={onNavigate} />
      <TasksNavLinks onNavigate={onNavigate} />
      <CalendarNavLink onNavigate={onNavigate} />
      <GroupsNavLink onNavigate={onNavigate} />
      <DriveNavLink onNavigate={onNavigate} />
      <TrainingNavLink onNavigate={onNavigate} />
      <WorkflowsNavLink onNavigate={onNavigate} />
      <PlansNavLinks onNavigate={onNavigate} />
      <HeadCabinetNavLinks onNavigate={onNavigate} />
      <BonusesNavLink onNavigate={onNavigate} />
    </>
  );
}

/**
 * «Настройки» sits in the sidebar's bottom section, outside the scrolling list, so an admin sees it
 * at any window height (at 900 px it used to hide below the fold, behind the footer).
 */
export function SettingsNavMenu({ onNavigate }: NavMenuProps) {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const { manageSettings, manageAccess, manageApiTokens, configureBonuses } = me.abilities;
  const isUnder = (path: string) => pathname === path || pathname.startsWith(`${path}/`);
  // Tops and the head of the top unit set bonus schemes without being administrators; heads and
  // tops write the letter templates.
  const writesTemplates = me.role === "head" || me.role === "top";
  if (!manageSettings && !manageAccess && !manageApiTokens && !configureBonuses && !writesTemplates) return null;
  return (
    <Box pt={4} style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}>
      <NavLink
        component="button"
        label={t("shell.nav.settings")}
        leftSection={<IconSettings size={18} stroke={1.6} />}
        defaultOpened={isUnder("/settings")}
        childrenOffset={28}
      >
        {manageSettings && (
          <RouterNavLink
            to="/settings/company"
            label={t("shell.nav.settingsCompany")}
            leftSection={<IconBuildingSkyscraper size={16} stroke={1.6} />}
            active={isUnder("/settings/company")}
            onClick={onNavigate}
          />
        )}
        {manageSettings && (
          <RouterNavLink
            to="/settings/calendar"
            search={{}}
            label={t("shell.nav.settingsCalendar")}
            leftSection={<IconCalendarEvent size={16} stroke={1.6} />}
            active={isUnder("/settings/calendar")}
            onClick={onNavigate}
          />
        )}
        {manageAccess && (
          <RouterNavLink
            to="/settings/access"
            label={t("shell.nav.settingsAccess")}
            leftSection={<IconShieldLock size={16} stroke={1.6} />}
            active={isUnder("/settings/access")}
            onClick={onNavigate}
          />
        )}
        {manageApiTokens && (
          <RouterNavLink
            to="/settings/api-tokens"
            label={t("shell.nav.settingsTokens")}
            leftSection={<IconKey size={16} stroke={1.6} />}
            active={isUnder("/settings/api-tokens")}
            onClick={onNavigate}
          />
        )}
        {manageSettings && (
          <RouterNavLink
            to="/settings/mail"
            label={t("mail.nav.smtp")}
            leftSection={<IconMail size={16} stroke={1.6} />}
            active={isUnder("/settings/mail")}
            onClick={onNavigate}
          />
        )}
        {manageSettings && (
          <RouterNavLink
            to="/settings/outbox"
            label={t("mail.nav.outbox")}
            leftSection={<IconMailForward size={16} stroke={1.6} />}
            active={isUnder("/settings/outbox")}
            onClick={onNavigate}
          />
        )}
        <MailTemplatesNavLink onNavigate={onNavigate} />
        {manageSettings && <CrmSettingsNavLinks onNavigate={onNavigate} />}
        <OneCSettingsNavLink onNavigate={onNavigate} />
        <TelephonySettingsNavLink onNavigate={onNavigate} />
        <WebhooksSettingsNavLink onNavigate={onNavigate} />
        <DriveSettingsNavLink onNavigate={onNavigate} />
        <WorkflowSettingsNavLink onNavigate={onNavigate} />
        <BonusSettingsNavLink onNavigate={onNavigate} />
      </NavLink>
    </Box>
  );
}
