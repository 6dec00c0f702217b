import type { telephonySettingsWriteSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { invalid, staleVersion } from "../../platform/errors/problem";
import { sealSecret } from "../../platform/secrets/secret-box";
import { assertActiveUsersOrThrow } from "../org/user.queries";

/** Settings → «Телефония»: whether a secret is set (never the secret), the originate address, who each extension rings. */
export async function telephonySettings(executor: Executor) {
  const [row] = await rows<{ originateUrl: string | null; version: number }>(
    executor,
    sql`select originate_url as "originateUrl", version from telephony_settings where id = 1`,
  );
  const extensions = await rows<{ extension: string; userId: string; userName: string }>(
    executor,
    sql`select x.extension, x.user_id as "userId", u.name as "userName"
        from telephony_extensions x join users u on u.id = x.user_id order by x.extension`,
  );
  return {
    configured: row !== undefined,
    originateUrl: row?.originateUrl ?? null,
    extensions,
    version: row?.version ?? 0,
  };
}

/** The first save needs a secret; an extension names an active employee; the version guards the edit. */
export async function updateTelephonySettingsOrThrow(
  db: Database,
  actor: Actor,
  input: z.output<typeof telephonySettingsWriteSchema>,
) {
  return db.transaction(async (tx) => {
    const current = await telephonySettings(tx);
    if (current.version !== input.version) throw staleVersion();
    if (!current.configured && !input.secret) throw invalid("secret", "Set the secret the PBX signs with");
    if (input.extensions) {
      const numbers = input.extensions.map((entry) => entry.extension);
      const repeated = numbers.find((number, index) => numbers.indexOf(number) !== index);
      if (repeated) throw invalid("extensions", `The extension ${repeated} is given twice`);
      await assertActiveUsersOrThrow(
        tx,
        input.extensions.map((entry) => entry.userId),
        "extensions",
      );
    }
    const originateUrl = input.originateUrl === undefined ? current.originateUrl : input.originateUrl;
    if (current.configured) {
      await tx.execute(
        sql`update telephony_settings set originate_url = ${originateUrl},
              secret = coalesce(${input.secret ? sealSecret(input.secret) : null}, secret),
              version = version + 1, updated_by = ${actor.user.id}, updated_at = now()
            where id = 1`,
      );
    } else {
      await tx.execute(
        sql`insert into telephony_settings (id, secret, originate_url, version, updated_by)
            values (1, ${sealSecret(input.secret!)}, ${originateUrl}, 1, ${actor.user.id})`,
      );
    }
    if (input.extensions) {
      await tx.execute(sql`delete from telephony_extensions`);
      for (const entry of input.extensions)
        await tx.execute(
          sql`insert into telephony_extensions (extension, user_id) values (${entry.extension}, ${entry.userId})`,
        );
    }
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "telephony-settings",
      entityId: actor.user.id,
      action: "update",
      changes: [
        ...(input.secret ? [{ field: "secret", old: null, new: "(changed)" }] : []),
        ...(originateUrl !== current.originateUrl
          ? [{ field: "originateUrl", old: current.originateUrl, new: originateUrl }]
          : []),
      ],
    });
    return telephonySettings(tx);
  });
}
