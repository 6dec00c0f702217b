import type { Pipeline } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import type { AccessScope } from "../../platform/scope/access-scope";
import { idsOfFilterOrThrow, type ListParams, listConditions, uuidList } from "./crm-resource";
import { type DealRow, dealSpec, presentDeal } from "./deal.resource";
import { answeredByTotals, dealOwnersCondition } from "./deal-totals.queries";
import { findPipelineOrThrow, listPipelines } from "./pipeline.service";

type KanbanQuery = Omit<ListParams, "limit" | "offset"> & { pipelineId?: string; perStage: number };

interface StageTotal {
  stageId: string;
  count: number;
  amount: string;
}

/** The pipeline's stages the stage filters leave: the columns that may hold cards. */
function boardStages(pipeline: Pipeline, query: KanbanQuery): string[] {
  const chosen = idsOfFilterOrThrow("stageId", query.stageId);
  return pipeline.stages
    .filter((stage) => (!chosen || chosen.includes(stage.id)) && (!query.semantic || stage.semantic === query.semantic))
    .map((stage) => stage.id);
}

/**
 * Each column's count and sum from the totals, for the board's owners and the stages the filters
 * leave. Read only after `listConditions` has checked the same parameters (a malformed id list is
 * refused there).
 */
function totalsByStage(executor: Executor, scope: AccessScope, stageIds: string[], query: KanbanQuery) {
  if (stageIds.length === 0) return Promise.resolve([] as StageTotal[]);
  const owners = dealOwnersCondition(scope, query, sql`t.owner_id`) ?? sql`true`;
  return rows<StageTotal>(
    executor,
    sql`select t.stage_id as "stageId", sum(t.deal_count)::int as count, coalesce(sum(t.amount), 0)::text as amount
        from deal_stage_totals t where ${owners} and t.stage_id in (${uuidList(stageIds)}) group by t.stage_id`,
  );
}

/**
 * Up to this many deals of the board's owners in a column, its cards are found through the owners'
 * index (owner, stage) and sorted; above it, by walking the column's (stage, stage_changed_at)
 * index until enough of theirs have passed. Either way a column reads at most about this many
 * rows when the owners hold a small share of a large stage (a department's head: 2,000 of
 * 1,000,000 deals), where the walk alone would read the whole column.
 */
const ownersIndexUpTo = 2_000;

/** The first `perStage` cards of each column, newest stage change first. */
function cardsByStage(
  executor: Executor,
  scope: AccessScope,
  stageIds: string[],
  query: KanbanQuery,
  where: SQL,
  owned: StageTotal[] | undefined,
) {
  const owners = dealOwnersCondition(scope, query, sql`u.id`);
  const ownedCount = (stageId: string) => owned?.find((total) => total.stageId === stageId)?.count ?? 0;
  const few = new Set(owners && owned ? stageIds.filter((id) => ownedCount(id) <= ownersIndexUpTo) : []);
  const top = (ownersFirst: boolean) => sql`select d.id from deals d
    where d.stage_id = st.id and ${where}
      ${ownersFirst && owners ? sql`and d.owner_id = any(array(select u.id from users u where ${owners}))` : sql``}
    order by d.stage_changed_at desc, d.id desc limit ${query.perStage}`;
  const columns = (ids: string[], ownersFirst: boolean) =>
    ids.length === 0
      ? []
      : [
          sql`select top.id from stages st cross join lateral (${top(ownersFirst)}) top where st.id in (${uuidList(ids)})`,
        ];
  const shown = [
    ...columns(
      stageIds.filter((id) => !few.has(id)),
      false,
    ),
    ...columns([...few], true),
  ];
  if (shown.length === 0) return Promise.resolve([] as DealRow[]);
  // The cards as an array, not joined: the planner then expects a few and looks each card's
  // company and contact up by key. Joined, it expected all 210 and, counting the scope's subquery
  // once per lookup, read every company and contact instead (100 ms of a head's board).
  return rows<DealRow>(
    executor,
    sql`select ${dealSpec.columns} from ${dealSpec.from(scope)}
        where d.id = any(array(${sql.join(shown, sql` union all `)}))
        order by d.stage_changed_at desc, d.id desc`,
  );
}

/**
 * The deal kanban: every stage's count and sum over all matching deals, and the first cards of each
 * column (more come from the list endpoint with `stageId`). Counts and sums come from the totals
 * table when the filters allow (a top's board over 1,000,000 deals sums some 60,000 rows instead
 * of reading every deal), else from the deals.
 */
export async function dealKanbanOrThrow(executor: Executor, scope: AccessScope, query: KanbanQuery) {
  const pipeline = query.pipelineId
    ? await findPipelineOrThrow(executor, query.pipelineId)
    : (await listPipelines(executor))[0]!;
  const where = listConditions(dealSpec, scope, { ...query, limit: 0, offset: 0, pipelineId: pipeline.id });
  const stageIds = boardStages(pipeline, query);
  const fromTotals = answeredByTotals(query);
  // The owners' totals also pick how each column's cards are found, when the owners are a few.
  const owned =
    fromTotals || dealOwnersCondition(scope, query, sql`u.id`)
      ? await totalsByStage(executor, scope, stageIds, query)
      : undefined;
  const [totals, cards] = await Promise.all([
    fromTotals
      ? owned!
      : rows<StageTotal>(
          executor,
          sql`select d.stage_id as "stageId", count(*)::int as count, coalesce(sum(d.amount), 0)::text as amount
              from deals d where ${where} group by d.stage_id`,
        ),
    cardsByStage(executor, scope, stageIds, query, where, owned),
  ]);
  return {
    pipeline,
    columns: pipeline.stages.map((stage) => {
      const total = totals.find((row) => row.stageId === stage.id);
      return {
        stage,
        count: total?.count ?? 0,
        amount: Number(total?.amount ?? 0),
        items: cards.filter((card) => card.stageId === stage.id).map((card) => presentDeal(card, scope)),
      };
    }),
  };
}
