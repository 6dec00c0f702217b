import { Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { companyToday } from "../../lib/dates";
import { FeedView } from "../feed/feed-view";
import { unitsQuery } from "../org/units-api";
import { MyDay } from "../start/my-day";
import { RegionsSummary } from "../start/regions-summary";
import { TeamSummary } from "../start/team-summary";

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

/** The top's regions: the units right below the company's root. */
function CompanyRegions() {
  const units = useQuery(unitsQuery);
  const root = units.data?.find((unit) => unit.parentId === null);
  if (!root) return units.isPending ? <Skeleton h={280} radius="md" /> : null;
  return <RegionsSummary unitId={root.id} />;
}

/**
 * «Главная», by role: a manager sees their day (today's and overdue activities, the month's plan,
 * the week); a head the planning summary of each unit they head, then their own activities; a top
 * (anyone who reads the whole company's figures) the regions. The company's feed follows.
 */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const today = companyToday(me.timeZone);
  const hour = Number(dayjs().tz(me.timeZone).format("H"));
  const reportUnits = me.abilities.reportUnits;

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>{t(greetingKey(hour), { name: addressName(me.name) })}</Title>
        <Text c="dimmed">{t("home.today", { date: dayjs(today).format("dddd, D MMMM YYYY") })}</Text>
      </div>
      {reportUnits === "all" ? (
        <>
          <CompanyRegions />
          <MyDay compact />
        </>
      ) : reportUnits.length > 0 ? (
        <>
          {reportUnits.map((unitId) => (
            <TeamSummary key={unitId} unitId={unitId} />
          ))}
          <MyDay compact />
        </>
      ) : (
        <MyDay />
      )}
      <FeedView />
    </Stack>
  );
}
