import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { invalid, notFound } from "../../platform/errors/problem";
import { assertMaySetNormOrThrow, normChangeRefusal, unitContainsUser } from "../../policies/plans";
import { assertUnitReachableOrThrow } from "../../policies/units";
import { loadNormBook } from "../cabinet/norms";

export async function setNormOrThrow(
  db: Database,
  actor: Actor,
  input: { typeId: string; unitId?: string; userId?: string; dailyNorm: number | null },
) {
  if (Boolean(input.unitId) === Boolean(input.userId)) throw invalid("unitId", "Name either a unit or a user");
  return db.transaction(async (tx) => {
    const [type] = await rows<{ id: string }>(tx, sql`select id from activity_types where id = ${input.typeId}`);
    if (!type) throw invalid("typeId", "No such activity type");
    let userUnitId: string | undefined;
    let unitContainsCaller = false;
    if (input.userId) {
      const [user] = await rows<{ unitId: string }>(
        tx,
        sql`select unit_id as "unitId" from users where id = ${input.userId}`,
      );
      if (!user) throw notFound();
      userUnitId = user.unitId;
    } else {
      const [unit] = await rows<{ id: string }>(
        tx,
        sql`select id from units where id = ${input.unitId!} and deleted_at is null`,
      );
      if (!unit) throw notFound();
      unitContainsCaller = await unitContainsUser(tx, input.unitId!, actor.user.id);
    }
    assertMaySetNormOrThrow(actor.scope, {
      unitId: input.unitId,
      userId: input.userId,
      userUnitId,
      unitContainsCaller,
    });
    const owner = input.userId ? sql`user_id = ${input.userId}` : sql`unit_id = ${input.unitId!}`;
    await tx.execute(sql`delete from activity_norms where type_id = ${input.typeId} and ${owner}`);
    if (input.dailyNorm !== null) {
      await tx.execute(
        sql`insert into activity_norms (type_id, unit_id, user_id, daily_norm, updated_by)
            values (${input.typeId}, ${input.unitId ?? null}, ${input.userId ?? null}, ${input.dailyNorm}, ${actor.user.id})`,
      );
    }
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "activity-norm",
      entityId: `${input.userId ?? input.unitId}:${input.typeId}`,
      action: "update",
      changes: [{ field: "dailyNorm", old: null, new: input.dailyNorm }],
    });
  });
}

/** The norms in force for a unit or a user, with where each comes from. */
export async function listNorms(executor: Executor, actor: Actor, query: { unitId?: string; userId?: string }) {
  let subject: { id: string; unitId: string } | undefined;
  if (query.userId) {
    const [user] = await rows<{ id: string; unitId: string }>(
      executor,
      sql`select id, unit_id as "unitId" from users where id = ${query.userId}`,
    );
    if (!user || !actor.scope.canReachOwner("plans", "read", user)) throw notFound();
    subject = user;
  } else if (query.unitId) {
    assertUnitReachableOrThrow(actor.scope, "plans", "read", query.unitId);
    subject = { id: "00000000-0000-0000-0000-000000000000", unitId: query.unitId };
  }
  const book = await loadNormBook(executor);
  const types = await rows<{ id: string; name: string }>(
    executor,
    sql`select id, name from activity_types order by sort, name`,
  );
  const own = await rows<{ typeId: string; dailyNorm: string }>(
    executor,
    query.userId
      ? sql`select type_id as "typeId", daily_norm::text as "dailyNorm" from activity_norms where user_id = ${query.userId}`
      : query.unitId
        ? sql`select type_id as "typeId", daily_norm::text as "dailyNorm" from activity_norms where unit_id = ${query.unitId}`
        : sql`select null::uuid as "typeId", null as "dailyNorm" where false`,
  );
  const editable =
    subject !== undefined &&
    normChangeRefusal(actor.scope, {
      unitId: query.userId ? undefined : query.unitId,
      userId: query.userId,
      userUnitId: query.userId ? subject.unitId : undefined,
      unitContainsCaller: query.userId ? false : await unitContainsUser(executor, subject.unitId, actor.user.id),
    }) === null;
  return {
    editable,
    items: book.types.map((type) => {
      const set = own.find((row) => row.typeId === type.typeId);
      const effective = subject ? book.normFor(subject, type.typeId) : type.typeDefault;
      const source: "user" | "unit" | "type" | "none" =
        set && query.userId
          ? "user"
          : effective === null
            ? "none"
            : effective === type.typeDefault && !set
              ? "type"
              : "unit";
      return {
        typeId: type.typeId,
        typeName: types.find((candidate) => candidate.id === type.typeId)?.name ?? "",
        weight: type.weight,
        typeDefault: type.typeDefault,
        own: set ? Number(set.dailyNorm) : null,
        effective,
        source,
      };
    }),
  };
}
