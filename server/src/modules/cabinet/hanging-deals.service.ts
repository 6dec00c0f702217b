import type { HangingDeals } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { presentHangingDeal } from "../start/start.presenter";
import { hangingDealList } from "../start/start.queries";
import { ownersOfUser } from "./figures.queries";
import { subjectOf } from "./meeting-note.queries";

/**
 * «Подвисшие сделки» of one person, for «Планёрка» — the start pages' definition and query, for one
 * owner: whoever may read the person's figures (the `reports` read level, as the cabinet) sees those
 * of the person's hanging deals their deals scope reaches; anyone else gets 404.
 */
export async function hangingDealsOrThrow(
  executor: Executor,
  actor: Actor,
  userId: string,
  query: { limit: number },
): Promise<HangingDeals> {
  const subject = await subjectOf(executor, userId);
  if (!subject || !actor.scope.canReachOwner("reports", "read", subject)) throw notFound();
  const [setting] = await rows<{ days: number }>(
    executor,
    sql`select hanging_deal_days as days from company_settings where id = 1`,
  );
  const days = setting!.days;
  const found = await hangingDealList(executor, actor.scope, ownersOfUser(subject.id), days, query.limit);
  return { days, items: found.items.map(presentHangingDeal), total: found.total };
}
