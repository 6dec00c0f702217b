import { kazakhstanCalendar } from "@planerka/common";
import type { Executor } from "../../platform/db/database";
import { calendarExceptions, companySettings, units } from "../../platform/db/schema";
import { createCrmDefaults } from "../crm/crm-defaults";

/** Settings row, root unit, the shipped production calendar, the default pipeline and activity types. */
export async function createCompany(executor: Executor, companyName: string): Promise<{ rootUnitId: string }> {
  await executor
    .insert(companySettings)
    .values({ id: 1, companyName })
    .onConflictDoUpdate({ target: companySettings.id, set: { companyName } });
  await executor
    .insert(calendarExceptions)
    .values(kazakhstanCalendar.map((day) => ({ ...day })))
    .onConflictDoNothing();
  const [root] = await executor
    .insert(units)
    .values({ name: companyName, kind: "company", parentId: null })
    .returning({ id: units.id });
  await createCrmDefaults(executor);
  return { rootUnitId: root!.id };
}
