import { Group, Paper, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { workingDaysLeftInMonth } from "@planerka/common";
import { IconBuildingSkyscraper, IconCalendarStats, IconSitemap, IconUsers } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { companyToday } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { FeedView } from "../feed/feed-view";
import { unitsQuery } from "../org/units-api";
import { UserCard } from "../org/user-card";
import { usersQuery } from "../org/users-api";
import { calendarQuery } from "../settings/settings-api";

function greetingKey(hour: number) {
  if (hour < 5) return "home.greetingNight" as const;
  if (hour < 12) return "home.greetingMorning" as const;
  if (hour < 18) return "home.greetingDay" as const;
  return "home.greetingEvening" as const;
}

/** "Фамилия Имя Отчество" is greeted by "Имя Отчество", as is polite in Russian. */
function addressName(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts.length >= 2 ? parts.slice(1).join(" ") : name;
}

interface FactProps {
  icon: ReactNode;
  label: string;
  value: ReactNode;
  caption?: ReactNode;
  loading?: boolean;
}

function Fact({ icon, label, value, caption, loading }: FactProps) {
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2} miw={0}>
          <Text size="sm" c="dimmed">
            {label}
          </Text>
          {loading ? (
            <Skeleton h={32} w={80} />
          ) : (
            <Text fz={28} fw={700} lh={1.2}>
              {value}
            </Text>
          )}
          {caption && (
            <Text size="xs" c="dimmed">
              {caption}
            </Text>
          )}
        </Stack>
        <ThemeIcon variant="light" size={40} radius="md">
          {icon}
        </ThemeIcon>
      </Group>
    </Paper>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const today = companyToday(me.timeZone);
  const month = today.slice(0, 7);
  const year = Number(today.slice(0, 4));
  const hour = Number(dayjs().tz(me.timeZone).format("H"));

  const users = useQuery(usersQuery({ limit: 1, active: "true" }));
  const units = useQuery(unitsQuery);
  const calendar = useQuery(calendarQuery(year));
  const monthDays = calendar.data?.days.filter((day) => day.date.startsWith(month)) ?? [];
  const workingInMonth = monthDays.filter((day) => day.working).length;
  const left = workingDaysLeftInMonth(monthDays, today);

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>{t(greetingKey(hour), { name: addressName(me.name) })}</Title>
        <Text c="dimmed">{t("home.today", { date: dayjs(today).format("dddd, D MMMM YYYY") })}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="lg" radius="md">
          <Text size="sm" c="dimmed" mb="sm">
            {t("home.myCard")}
          </Text>
          <UserCard user={me} />
          <AnchorLink to="/profile" size="sm" mt="md" display="inline-block">
            {t("home.openProfile")}
          </AnchorLink>
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Group gap="sm" wrap="nowrap" mb="sm">
            <ThemeIcon variant="light" size={40} radius="md" color="orange">
              <IconBuildingSkyscraper size={22} />
            </ThemeIcon>
            <div>
              <Text size="sm" c="dimmed">
                {t("home.company")}
              </Text>
              <Text fw={600} size="lg">
                {me.companyName}
              </Text>
            </div>
          </Group>
          <Text size="sm" c="dimmed">
            {t("settings.company.timeZone")}: {me.timeZone}
          </Text>
          <Group gap="md" mt="md">
            <AnchorLink to="/users" size="sm">
              {t("home.allEmployees")}
            </AnchorLink>
            <AnchorLink to="/units" size="sm">
              {t("home.structure")}
            </AnchorLink>
          </Group>
        </Paper>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="lg">
        <Fact
          icon={<IconUsers size={22} />}
          label={t("home.employees")}
          value={users.data?.total ?? "—"}
          loading={users.isPending}
        />
        <Fact
          icon={<IconSitemap size={22} />}
          label={t("home.units")}
          value={units.data?.length ?? "—"}
          loading={units.isPending}
        />
        <Fact
          icon={<IconCalendarStats size={22} />}
          label={t("home.workingDaysMonth")}
          value={calendar.data ? workingInMonth : "—"}
          loading={calendar.isPending}
          caption={
            calendar.data &&
            `${dayjs(today).format("MMMM YYYY")} · ${t(left.includesToday ? "home.workingDaysLeft" : "home.workingDaysLeftFromNext", { count: left.count })}`
          }
        />
      </SimpleGrid>
      <FeedView />
    </Stack>
  );
}
