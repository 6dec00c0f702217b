import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useMe } from "../../lib/auth-context";
import { companyToday } from "../../lib/dates";
import { reportUnits } from "../../lib/report-units";
import { unitsQuery } from "../org/units-api";
import { reportPeriod } from "./report-period";
import { canSeeTeamReports } from "./task-access";
import type { PeriodSearch } from "./tasks-search";

/**
 * What the time report and the workday report share: the period from the address (this month by
 * default), whether the caller sees other people's hours, and the units a head may pick from.
 */
export function useTeamReportFilters(search: PeriodSearch) {
  const me = useMe();
  const today = companyToday(me.timeZone);
  const period = reportPeriod(today, search);
  const team = canSeeTeamReports(me);
  const units = useQuery({ ...unitsQuery, enabled: team });
  const allowedUnits = useMemo(() => reportUnits(me), [me]);
  return { me, today, period, team, units: units.data ?? [], allowedUnits };
}
