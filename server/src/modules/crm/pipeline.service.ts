import type { Pipeline, pipelinePatchSchema, pipelineWriteSchema, StageSemantic } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { conflict, notFound } from "../../platform/errors/problem";

type PipelineInput = z.infer<typeof pipelineWriteSchema>;

export async function listPipelines(executor: Executor, id?: string): Promise<Pipeline[]> {
  const pipelineRows = await rows<{ id: string; name: string; isDefault: boolean; version: number }>(
    executor,
    sql`select id, name, is_default as "isDefault", version from pipelines
        ${id ? sql`where id = ${id}` : sql``} order by is_default desc, sort, name`,
  );
  const stageRows = await rows<{
    id: string;
    pipelineId: string;
    name: string;
    sort: number;
    color: string;
    semantic: StageSemantic;
  }>(executor, sql`select id, pipeline_id as "pipelineId", name, sort, color, semantic from stages order by sort`);
  return pipelineRows.map((pipeline) => ({
    ...pipeline,
    stages: stageRows
      .filter((stage) => stage.pipelineId === pipeline.id)
      .map(({ pipelineId: _pipelineId, ...stage }) => stage),
  }));
}

export async function findPipelineOrThrow(executor: Executor, id: string): Promise<Pipeline> {
  const [pipeline] = await listPipelines(executor, id);
  if (!pipeline) throw notFound();
  return pipeline;
}

/** Stages are written in the given order; stages left out are removed unless deals still stand in them. */
async function writeStagesOrThrow(executor: Executor, pipelineId: string, stages: PipelineInput["stages"]) {
  const existing = await rows<{ id: string }>(executor, sql`select id from stages where pipeline_id = ${pipelineId}`);
  const kept = new Set(stages.map((stage) => stage.id).filter(Boolean));
  for (const stage of existing) {
    if (kept.has(stage.id)) continue;
    const [used] = await rows<{ id: string }>(executor, sql`select id from deals where stage_id = ${stage.id} limit 1`);
    if (used) throw conflict("A stage that still holds deals cannot be removed; move its deals first");
    await executor.execute(sql`delete from stages where id = ${stage.id}`);
  }
  for (const [index, stage] of stages.entries()) {
    if (stage.id && existing.some((row) => row.id === stage.id)) {
      await executor.execute(
        sql`update stages set name = ${stage.name}, sort = ${index}, color = ${stage.color}, semantic = ${stage.semantic} where id = ${stage.id}`,
      );
    } else {
      await executor.execute(
        sql`insert into stages (pipeline_id, name, sort, color, semantic) values (${pipelineId}, ${stage.name}, ${index}, ${stage.color}, ${stage.semantic})`,
      );
    }
  }
}

export async function createPipelineOrThrow(db: Database, actor: Actor, input: PipelineInput) {
  return db.transaction(async (tx) => {
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into pipelines (name, sort) values (${input.name}, (select coalesce(max(sort), 0) + 1 from pipelines)) returning id`,
    );
    await writeStagesOrThrow(tx, created!.id, input.stages);
    await recordAudit(tx, { actorId: actor.user.id, entity: "pipeline", entityId: created!.id, action: "create" });
    return findPipelineOrThrow(tx, created!.id);
  });
}

export async function updatePipelineOrThrow(
  db: Database,
  actor: Actor,
  id: string,
  patch: z.infer<typeof pipelinePatchSchema>,
) {
  return db.transaction(async (tx) => {
    const before = await findPipelineOrThrow(tx, id);
    const [updated] = await rows<{ id: string }>(
      tx,
      sql`update pipelines set name = ${patch.name ?? before.name}, version = version + 1, updated_at = now()
          where id = ${id} and version = ${patch.version} returning id`,
    );
    if (!updated) throw conflict("The pipeline was changed by someone else; reload it");
    if (patch.stages) await writeStagesOrThrow(tx, id, patch.stages);
    const after = await findPipelineOrThrow(tx, id);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "pipeline",
      entityId: id,
      action: "update",
      changes: [
        {
          field: "stages",
          old: before.stages.map((stage) => stage.name),
          new: after.stages.map((stage) => stage.name),
        },
      ],
    });
    return after;
  });
}

export async function deletePipelineOrThrow(db: Database, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const pipeline = await findPipelineOrThrow(tx, id);
    if (pipeline.isDefault) throw conflict("The default pipeline cannot be deleted");
    const [used] = await rows<{ id: string }>(tx, sql`select id from deals where pipeline_id = ${id} limit 1`);
    if (used) throw conflict("The pipeline still has deals");
    await tx.execute(sql`delete from pipelines where id = ${id}`);
    await recordAudit(tx, { actorId: actor.user.id, entity: "pipeline", entityId: id, action: "delete" });
  });
}
