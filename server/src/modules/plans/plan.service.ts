import { addDays, monthStart } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { forbidden, notFound } from "../../platform/errors/problem";
import { unitsBelow } from "../../platform/scope/units-below";

interface PlanUser {
  id: string;
  name: string;
  position: string | null;
  unitId: string;
  unitName: string;
}

/** A plan is set by the user's head (for their subtree), a top or an admin — never by the user. */
export function canSetPlan(actor: Actor, user: { id: string; unitId: string }) {
  return user.id !== actor.user.id && actor.scope.canReachOwner("plans", "write", user);
}

async function planUserOrThrow(executor: Executor, actor: Actor, userId: string, action: "read" | "write") {
  const [user] = await rows<PlanUser>(
    executor,
    sql`select u.id, u.name, u.position, u.unit_id as "unitId", un.name as "unitName"
        from users u join units un on un.id = u.unit_id where u.id = ${userId}`,
  );
  if (!user || !actor.scope.canReachOwner("plans", "read", user)) throw notFound();
  if (action === "write" && !canSetPlan(actor, user)) {
    throw forbidden(user.id === actor.user.id ? "Nobody sets their own plan" : "You may not set this person's plan");
  }
  return user;
}

/** Sets one plan and keeps the change in the plan history, in one transaction. */
export async function setPlanOrThrow(db: Database, actor: Actor, userId: string, month: string, amount: number) {
  return db.transaction(async (tx) => {
    await planUserOrThrow(tx, actor, userId, "write");
    const [before] = await rows<{ amount: string }>(
      tx,
      sql`select amount::text as amount from plans where user_id = ${userId} and month = ${month} for update`,
    );
    const value = amount.toFixed(2);
    await tx.execute(
      sql`insert into plans (user_id, month, amount, updated_by, updated_at) values (${userId}, ${month}, ${value}, ${actor.user.id}, now())
          on conflict (user_id, month) do update set amount = excluded.amount, updated_by = excluded.updated_by, updated_at = now()`,
    );
    if (before?.amount !== value) {
      await tx.execute(
        sql`insert into plan_history (user_id, month, old_amount, new_amount, changed_by)
            values (${userId}, ${month}, ${before?.amount ?? null}, ${value}, ${actor.user.id})`,
      );
      await recordAudit(tx, {
        actorId: actor.user.id,
        entity: "plan",
        entityId: `${userId}:${month}`,
        action: "update",
        changes: [{ field: "amount", old: before ? Number(before.amount) : null, new: amount }],
      });
    }
    return { userId, month, amount: Number(value) };
  });
}

/** Units the caller may see plans in: a unit (with sub-units) or, by default, their whole reach. */
function unitCondition(actor: Actor, unitId: string | undefined): SQL {
  const level = actor.scope.level("plans", "read");
  const subtree = unitId ? sql`u.unit_id in ${unitsBelow(sql`${unitId}`)}` : sql`true`;
  return sql`${subtree} and ${actor.scope.ownerCondition("plans", "read", sql`u.id`)} and ${level === "none" ? sql`false` : sql`true`}`;
}

export function monthsOf(query: { month?: string; year?: number }, today: string): string[] {
  if (query.month) return [query.month];
  const year = query.year ?? Number(today.slice(0, 4));
  return Array.from({ length: 12 }, (_, index) => `${year}-${String(index + 1).padStart(2, "0")}`);
}

export async function listPlans(executor: Executor, actor: Actor, months: string[], unitId?: string) {
  const users = await rows<PlanUser>(
    executor,
    sql`select u.id, u.name, u.position, u.unit_id as "unitId", un.name as "unitName"
        from users u join units un on un.id = u.unit_id
        where u.active and u.role in ('manager', 'head') and ${unitCondition(actor, unitId)}
        order by un.name, u.name`,
  );
  const amounts = users.length
    ? await rows<{ userId: string; month: string; amount: string }>(
        executor,
        sql`select user_id as "userId", month, amount::text as amount from plans
            where month in (${sql.join(
              months.map((month) => sql`${month}`),
              sql`, `,
            )})
              and user_id in (${sql.join(
                users.map((user) => sql`${user.id}::uuid`),
                sql`, `,
              )})`,
      )
    : [];
  return {
    months,
    items: users.map((user) => ({
      user,
      months: Object.fromEntries(
        amounts.filter((row) => row.userId === user.id).map((row) => [row.month, Number(row.amount)]),
      ),
      editable: canSetPlan(actor, user),
    })),
  };
}

export async function planHistoryOrThrow(executor: Executor, actor: Actor, userId: string) {
  await planUserOrThrow(executor, actor, userId, "read");
  const items = await rows<{
    month: string;
    oldAmount: string | null;
    newAmount: string;
    changedBy: string | null;
    changedAt: Date;
  }>(
    executor,
    sql`select h.month, h.old_amount::text as "oldAmount", h.new_amount::text as "newAmount", u.name as "changedBy", h.changed_at as "changedAt"
        from plan_history h left join users u on u.id = h.changed_by where h.user_id = ${userId} order by h.changed_at desc, h.id desc limit 500`,
  );
  return {
    items: items.map((item) => ({
      ...item,
      oldAmount: item.oldAmount === null ? null : Number(item.oldAmount),
      newAmount: Number(item.newAmount),
      changedAt: new Date(item.changedAt).toISOString(),
    })),
  };
}

/** Copies every plan the caller may set from one month to another (those already set stay). */
export async function copyPlansOrThrow(db: Database, actor: Actor, from: string, to: string, unitId?: string) {
  const source = await listPlans(db, actor, [from], unitId);
  const existing = await listPlans(db, actor, [to], unitId);
  let copied = 0;
  for (const row of source.items) {
    const amount = row.months[from];
    const already = existing.items.find((item) => item.user.id === row.user.id)?.months[to];
    if (!row.editable || amount === undefined || already !== undefined) continue;
    await setPlanOrThrow(db, actor, row.user.id, to, amount);
    copied++;
  }
  return { copied };
}

export const previousMonth = (month: string) => addDays(monthStart(month), -1).slice(0, 7);
