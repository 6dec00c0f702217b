import { type SQL, sql } from "drizzle-orm";
import type { AccessScope } from "../../platform/scope/access-scope";
import { idsOfFilterOrThrow, type ListParams, ownedWithinUnit, uuidList } from "./crm-resource";

/**
 * The parameters `deal_stage_totals` (live deals per owner and stage, kept by the database's
 * triggers) can answer: who owns the deal and which stage it stands in, besides a list's paging
 * and order. Any other filter — a search, a company, an amount, a date, the trash — needs the
 * deals themselves.
 */
const ownerAndStageParameters = new Set([
  "limit",
  "offset",
  "sort",
  "perStage",
  "pipelineId",
  "ownerId",
  "unitId",
  "stageId",
  "semantic",
]);

export const answeredByTotals = (params: Record<string, unknown>) =>
  Object.entries(params).every(
    ([name, value]) =>
      value === undefined ||
      value === "" ||
      ownerAndStageParameters.has(name) ||
      (name === "deleted" && value === "false"),
  );

/**
 * The owners whose deals the caller may see and the owner filters leave, as a condition on
 * `owner` (a user id); undefined when every owner's deals may be.
 */
export function dealOwnersCondition(scope: AccessScope, params: ListParams | Record<string, unknown>, owner: SQL) {
  const conditions: SQL[] = [];
  if (scope.level("deals", "read") !== "all") conditions.push(scope.ownerCondition("deals", "read", owner));
  const owners = idsOfFilterOrThrow("ownerId", params.ownerId);
  if (owners) conditions.push(sql`${owner} in (${uuidList(owners)})`);
  if (typeof params.unitId === "string" && params.unitId) conditions.push(ownedWithinUnit(owner, params.unitId));
  return conditions.length > 0 ? sql.join(conditions, sql` and `) : undefined;
}

/**
 * A deal list's total from the totals when its filters allow: counting a top's 1,000,000 deals
 * read the whole table (200 ms); the totals hold a row per owner and stage.
 */
export function dealTotalFromTotals(scope: AccessScope, params: ListParams): SQL | undefined {
  if (params.q || !answeredByTotals(params)) return undefined;
  const conditions = [dealOwnersCondition(scope, params, sql`t.owner_id`) ?? sql`true`];
  const stageIds = idsOfFilterOrThrow("stageId", params.stageId);
  if (stageIds) conditions.push(sql`t.stage_id in (${uuidList(stageIds)})`);
  if (typeof params.semantic === "string" && params.semantic) {
    conditions.push(sql`t.stage_id in (select id from stages where semantic = ${params.semantic})`);
  }
  if (typeof params.pipelineId === "string" && params.pipelineId) {
    conditions.push(sql`t.stage_id in (select id from stages where pipeline_id = ${params.pipelineId})`);
  }
  return sql`select coalesce(sum(t.deal_count), 0)::int as total from deal_stage_totals t
             where ${sql.join(conditions, sql` and `)}`;
}
