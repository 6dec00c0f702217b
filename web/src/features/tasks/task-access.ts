import type { Me } from "@planerka/common";
import { seesTeamFigures } from "../../lib/report-units";

/** Heads, tops and admins see their people's tasks, and pick whose to look at. */
export function canSeeOthersTasks(me: Me): boolean {
  const level = me.abilities.access.tasks?.read ?? "own";
  return level === "subtree" || level === "all";
}

/** The time and workday reports of other people: heads (their subtree), tops and admins. */
export function canSeeTeamReports(me: Me): boolean {
  return seesTeamFigures(me);
}
