import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import type { AccessScope } from "../../platform/scope/access-scope";
import { type ListParams, listConditions } from "./crm-resource";
import { type DealRow, dealSpec, presentDeal } from "./deal.resource";
import { findPipelineOrThrow, listPipelines } from "./pipeline.service";

/**
 * The deal kanban: every stage's count and sum over all matching deals, and the first cards of each
 * column (more come from the list endpoint with `stageId`), so 100,000 deals stay quick.
 */
export async function dealKanbanOrThrow(
  executor: Executor,
  scope: AccessScope,
  query: Omit<ListParams, "limit" | "offset"> & { pipelineId?: string; perStage: number },
) {
  const pipeline = query.pipelineId
    ? await findPipelineOrThrow(executor, query.pipelineId)
    : (await listPipelines(executor))[0]!;
  const where = listConditions(dealSpec, scope, { ...query, limit: 0, offset: 0, pipelineId: pipeline.id });
  const totals = await rows<{ stageId: string; count: number; amount: string }>(
    executor,
    sql`select d.stage_id as "stageId", count(*)::int as count, coalesce(sum(d.amount), 0)::text as amount
        from deals d where ${where} group by d.stage_id`,
  );
  // Each column's first cards through the (stage, stage_changed_at) index, then full columns for
  // those cards only.
  const cards = await rows<DealRow>(
    executor,
    sql`with shown as (
          select top.id from stages st cross join lateral (
            select d.id from deals d where d.stage_id = st.id and ${where}
            order by d.stage_changed_at desc, d.id desc limit ${query.perStage}
          ) top where st.pipeline_id = ${pipeline.id}
        )
        select ${dealSpec.columns} from ${dealSpec.from(scope)} join shown on shown.id = d.id
        order by d.stage_changed_at desc, d.id desc`,
  );
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
