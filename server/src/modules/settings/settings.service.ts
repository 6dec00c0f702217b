import type { Settings, settingsPatchSchema } from "@planerka/common";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import type { Database, Executor } from "../../platform/db/database";
import { companySettings } from "../../platform/db/schema";
import { notFound, staleVersion } from "../../platform/errors/problem";

export async function getSettingsOrThrow(executor: Executor): Promise<Settings> {
  const [row] = await executor.select().from(companySettings).where(eq(companySettings.id, 1));
  if (!row) throw notFound("The company is not set up yet");
  return {
    companyName: row.companyName,
    timeZone: row.timeZone,
    currency: row.currency,
    weekStart: row.weekStart,
    workingWeekdays: [...row.workingWeekdays].sort(),
    locale: row.locale as Settings["locale"],
    hangingDealDays: row.hangingDealDays,
    version: row.version,
  };
}

export async function updateSettingsOrThrow(db: Database, actor: Actor, patch: z.infer<typeof settingsPatchSchema>) {
  return db.transaction(async (tx) => {
    const before = await getSettingsOrThrow(tx);
    const { version, ...fields } = patch;
    if (before.version !== version) throw staleVersion();
    const [updated] = await tx
      .update(companySettings)
      .set({ ...fields, version: sql`${companySettings.version} + 1`, updatedAt: new Date() })
      .where(and(eq(companySettings.id, 1), eq(companySettings.version, version)))
      .returning({ id: companySettings.id });
    if (!updated) throw staleVersion();
    const changes = diffFields(before, fields, [
      "companyName",
      "timeZone",
      "currency",
      "weekStart",
      "workingWeekdays",
      "locale",
      "hangingDealDays",
    ]);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "settings",
      entityId: "company",
      action: "update",
      changes,
    });
    return getSettingsOrThrow(tx);
  });
}
