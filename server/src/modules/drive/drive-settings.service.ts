import type { driveSettingsSchema, driveSettingsUpdateSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import type { Database, Executor } from "../../platform/db/database";
import { invalid, staleVersion } from "../../platform/errors/problem";
import { companyUsedBytes, driveLimits } from "./drive.queries";

type Settings = z.infer<typeof driveSettingsSchema>;

/** The limits and what the whole company has stored. */
export async function driveSettingsOrThrow(executor: Executor): Promise<Settings> {
  const limits = await driveLimits(executor);
  return { ...limits, companyUsedBytes: await companyUsedBytes(executor) };
}

export async function updateDriveSettingsOrThrow(
  db: Database,
  actor: Actor,
  input: z.infer<typeof driveSettingsUpdateSchema>,
): Promise<Settings> {
  if (input.maxFileBytes > input.userQuotaBytes)
    throw invalid("maxFileBytes", "A file may not be larger than a person's quota");
  if (input.userQuotaBytes > input.companyQuotaBytes)
    throw invalid("userQuotaBytes", "A person's quota may not exceed the company's");
  return db.transaction(async (tx) => {
    const before = await driveLimits(tx);
    if (before.version !== input.version) throw staleVersion();
    // No row yet reads as version 1 (the defaults); the first save makes version 2.
    await tx.execute(
      sql`insert into drive_settings (id, max_file_bytes, user_quota_bytes, company_quota_bytes, updated_by, version)
          values (1, ${input.maxFileBytes}, ${input.userQuotaBytes}, ${input.companyQuotaBytes}, ${actor.user.id}, 2)
          on conflict (id) do update set max_file_bytes = excluded.max_file_bytes,
            user_quota_bytes = excluded.user_quota_bytes, company_quota_bytes = excluded.company_quota_bytes,
            updated_by = excluded.updated_by, updated_at = now(), version = drive_settings.version + 1`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "drive-settings",
      entityId: actor.user.id,
      action: "update",
      changes: [
        { field: "maxFileBytes", old: before.maxFileBytes, new: input.maxFileBytes },
        { field: "userQuotaBytes", old: before.userQuotaBytes, new: input.userQuotaBytes },
        { field: "companyQuotaBytes", old: before.companyQuotaBytes, new: input.companyQuotaBytes },
      ],
    });
    return driveSettingsOrThrow(tx);
  });
}
