import { type AccessRule, defaultAccessMatrix, matrixToRules } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import type { Database, Executor } from "../../platform/db/database";
import { accessRules } from "../../platform/db/schema";
import { invalid } from "../../platform/errors/problem";
import { loadAccessMatrix } from "../../platform/scope/access-scope";

export async function currentRules(executor: Executor): Promise<AccessRule[]> {
  return matrixToRules(await loadAccessMatrix(executor));
}

/** Stores the given cells; cells equal to the default are stored too, so the table reads as set. */
export async function updateAccessRulesOrThrow(db: Database, actor: Actor, rules: AccessRule[]) {
  // An administrator who could lock all administrators out would leave the company unmanageable.
  for (const rule of rules) {
    if (rule.role === "admin" && rule.level !== "all") {
      throw invalid(`rules.${rule.entity}.${rule.action}`, "The administrator always keeps access to everything");
    }
  }
  return db.transaction(async (tx) => {
    const before = await loadAccessMatrix(tx);
    for (const rule of rules) {
      await tx
        .insert(accessRules)
        .values(rule)
        .onConflictDoUpdate({
          target: [accessRules.role, accessRules.entity, accessRules.action],
          set: { level: rule.level },
        });
    }
    const changes = rules
      .filter((rule) => before[rule.role][rule.entity][rule.action] !== rule.level)
      .map((rule) => ({
        field: `${rule.role}.${rule.entity}.${rule.action}`,
        old: before[rule.role][rule.entity][rule.action],
        new: rule.level,
      }));
    await recordAudit(tx, { actorId: actor.user.id, entity: "access", entityId: "matrix", action: "update", changes });
    return matrixToRules(await loadAccessMatrix(tx));
  });
}

export async function resetAccessRules(db: Database, actor: Actor) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`delete from access_rules`);
    await recordAudit(tx, { actorId: actor.user.id, entity: "access", entityId: "matrix", action: "reset" });
    return matrixToRules(defaultAccessMatrix());
  });
}
