import { AppShell, Burger, Group, ScrollArea, Text, ThemeIcon } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconFlame } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link, Outlet } from "@tanstack/react-router";
import { Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { NotificationsBell } from "../../features/notifications/notifications-bell";
import { settingsQuery } from "../../features/settings/settings-api";
import { HeaderTimer } from "../../features/tasks/header-timer";
import { WorkdayControl } from "../../features/tasks/workday-control";
import { IncomingCallCard } from "../../features/telephony/incoming-call-card";
import { hasChosenLanguage, isLanguage, setLanguage } from "../../i18n";
import { AuthProvider, useMe } from "../../lib/auth-context";
import { LanguageMenu } from "../../lib/language-menu";
import { PageLoader } from "../../lib/page-loader";
import { useRealtimeConnection } from "../../lib/realtime";
import { NavMenu, SettingsNavMenu } from "./nav-menu";
import { UserMenu } from "./user-menu";

export function AppLayout() {
  return (
    <AuthProvider>
      <Shell />
    </AuthProvider>
  );
}

/** Until the user picks a language, the company's default one applies. */
function useCompanyLanguage() {
  const { data: settings } = useQuery({ ...settingsQuery, enabled: !hasChosenLanguage() });
  useEffect(() => {
    if (settings && !hasChosenLanguage() && isLanguage(settings.locale)) {
      void setLanguage(settings.locale, { remember: false });
    }
  }, [settings]);
}

function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure(false);
  useCompanyLanguage();
  useRealtimeConnection();

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 264, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "sm", sm: "lg" }}
    >
      <AppShell.Header>
        <Group h="100%" px={{ base: "xs", sm: "md" }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t("shell.toggleNavigation")}
            />
            <Link to="/" style={{ textDecoration: "none", color: "inherit", minWidth: 0 }} onClick={close}>
              <Group gap={8} wrap="nowrap" miw={0}>
                <ThemeIcon
                  size={30}
                  radius="md"
                  variant="gradient"
                  gradient={{ from: "indigo", to: "orange", deg: 45 }}
                >
                  <IconFlame size={18} />
                </ThemeIcon>
                <Text fw={700} size="md" truncate>
                  {me.companyName}
                </Text>
              </Group>
            </Link>
          </Group>
          <Group gap={4} wrap="nowrap">
            <HeaderTimer />
            <WorkdayControl />
            <NotificationsBell />
            <LanguageMenu />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t("shell.navigation")}>
        {/* The links scroll and give way; «Настройки» below them never leaves a short screen. */}
        <AppShell.Section grow component={ScrollArea} mih={0}>
          <NavMenu onNavigate={close} />
        </AppShell.Section>
        <AppShell.Section component={ScrollArea.Autosize} mah="50%" style={{ flexShrink: 0 }}>
          <SettingsNavMenu onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
        <IncomingCallCard />
      </AppShell.Main>
    </AppShell>
  );
}
