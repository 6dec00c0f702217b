import type { dealPatchSchema, dealWriteSchema, StageSemantic } from "@planerka/common";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { dealStageChanges, deals } from "../../platform/db/schema";
import { invalid } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import { announceDealWon } from "../feed/feed-events";
import { assertExternalIdFreeOrThrow } from "./company.service";
import { assertUpdatedOrThrow, findForActionOrThrow } from "./crm-commands";
import { assertVisibleLinkOrThrow } from "./crm-links";
import { assertAssignableOwnerOrThrow, findResource } from "./crm-resource";
import { type DealRow, dealSpec } from "./deal.resource";

type DealInput = z.infer<typeof dealWriteSchema>;
type DealPatch = z.infer<typeof dealPatchSchema>;
const auditedFields = [
  "title",
  "pipelineId",
  "stageId",
  "amount",
  "ownerId",
  "companyId",
  "contactId",
  "expectedCloseDate",
  "closedAt",
  "source",
  "externalId",
] as const;

interface StageInfo {
  id: string;
  pipelineId: string;
  semantic: StageSemantic;
}

export async function loadStageOrThrow(executor: Executor, stageId: string, pipelineId?: string): Promise<StageInfo> {
  const [stage] = await rows<StageInfo>(
    executor,
    sql`select id, pipeline_id as "pipelineId", semantic from stages where id = ${stageId}`,
  );
  if (!stage || (pipelineId && stage.pipelineId !== pipelineId))
    throw invalid("stageId", "No such stage in this pipeline");
  return stage;
}

/** The first stage of the pipeline (the default pipeline when none is named): where new deals start. */
export async function firstStageOrThrow(executor: Executor, pipelineId?: string): Promise<StageInfo> {
  const [stage] = await rows<StageInfo>(
    executor,
    pipelineId
      ? sql`select id, pipeline_id as "pipelineId", semantic from stages where pipeline_id = ${pipelineId} order by sort limit 1`
      : sql`select s.id, s.pipeline_id as "pipelineId", s.semantic from stages s join pipelines p on p.id = s.pipeline_id
            order by p.is_default desc, p.sort, s.sort limit 1`,
  );
  if (!stage) throw invalid("pipelineId", "No such pipeline");
  return stage;
}

/**
 * DESIGN.md section 3: entering a won or lost stage sets `closedAt` (now, unless given); leaving
 * it clears `closedAt`. An open deal has no close date.
 */
function closedAtFor(stage: StageInfo, given: string | null | undefined, current: Date | null, stageChanged: boolean) {
  if (stage.semantic === "open") {
    if (given) throw invalid("closedAt", "Only a won or lost deal has a close date");
    return null;
  }
  if (given) return new Date(given);
  if (stageChanged || !current) return new Date();
  return given === null ? new Date() : current;
}

async function assertLinksOrThrow(
  executor: Executor,
  actor: Actor,
  fields: { companyId?: string | null; contactId?: string | null },
) {
  await assertVisibleLinkOrThrow(executor, actor.scope, "companies", fields.companyId, "companyId");
  await assertVisibleLinkOrThrow(executor, actor.scope, "contacts", fields.contactId, "contactId");
}

export async function createDealOrThrow(db: Database, actor: Actor, input: DealInput, executor?: Executor) {
  const run = async (tx: Executor) => {
    const ownerId = input.ownerId ?? actor.user.id;
    await assertAssignableOwnerOrThrow(tx, actor.scope, dealSpec, ownerId);
    await assertLinksOrThrow(tx, actor, input);
    await assertExternalIdFreeOrThrow(tx, "deals", input.externalId);
    const stage = input.stageId
      ? await loadStageOrThrow(tx, input.stageId, input.pipelineId)
      : await firstStageOrThrow(tx, input.pipelineId);
    const closedAt = closedAtFor(stage, input.closedAt, null, true);
    const [created] = await tx
      .insert(deals)
      .values({
        title: input.title,
        pipelineId: stage.pipelineId,
        stageId: stage.id,
        amount: input.amount.toFixed(2),
        ownerId,
        companyId: input.companyId ?? null,
        contactId: input.contactId ?? null,
        expectedCloseDate: input.expectedCloseDate ?? null,
        closedAt,
        source: input.source ?? null,
        externalId: input.externalId ?? null,
        createdBy: actor.user.id,
      })
      .returning({ id: deals.id });
    await tx
      .insert(dealStageChanges)
      .values({ dealId: created!.id, fromStageId: null, toStageId: stage.id, changedBy: actor.user.id });
    await recordAudit(tx, { actorId: actor.user.id, entity: "deal", entityId: created!.id, action: "create" });
    // A deal entered as won is news for its owner's team, as one moved there later is.
    if (stage.semantic === "won") await announceDealWon(tx, created!.id);
    return (await findResource<DealRow>(tx, dealSpec, actor.scope, created!.id))!;
  };
  return executor ? run(executor) : db.transaction(run);
}

/**
 * A deal made from a 1C order follows it (DESIGN.md section 7): won when the order is posted and
 * paid in full, lost when 1C deletes or cancels it, its amount the order's. By hand, only its open
 * stages, owner and other fields change, so «Факт» stays what accounting confirmed.
 */
async function assertNotDecidedBy1COrThrow(
  executor: Executor,
  dealId: string,
  change: { outcome: boolean; amount: boolean; closedAt: boolean },
) {
  const field = change.outcome ? "stageId" : change.amount ? "amount" : change.closedAt ? "closedAt" : null;
  if (!field) return;
  const [order] = await rows<{ guid: string }>(executor, sql`select guid from one_c_orders where deal_id = ${dealId}`);
  if (order)
    throw invalid(
      field,
      "This deal follows its 1C order: it is won when the order is posted and paid in full, lost when 1C deletes or cancels it, and its amount is the order's",
    );
}

export async function updateDealOrThrow(db: Database, actor: Actor, id: string, patch: DealPatch) {
  return db.transaction(async (tx) => {
    const before = await findForActionOrThrow<DealRow>(tx, dealSpec, actor, id, "write");
    const { version, amount, closedAt: givenClosedAt, ...rest } = patch;
    if (rest.ownerId && rest.ownerId !== before.ownerId)
      await assertAssignableOwnerOrThrow(tx, actor.scope, dealSpec, rest.ownerId);
    await assertLinksOrThrow(tx, actor, rest);
    await assertExternalIdFreeOrThrow(tx, "deals", rest.externalId, id);
    const pipelineId = rest.pipelineId ?? before.pipelineId;
    let stage: StageInfo = { id: before.stageId, pipelineId: before.pipelineId, semantic: before.stageSemantic };
    if (rest.stageId || pipelineId !== before.pipelineId) {
      stage = rest.stageId
        ? await loadStageOrThrow(tx, rest.stageId, pipelineId)
        : await firstStageOrThrow(tx, pipelineId);
    }
    const stageChanged = stage.id !== before.stageId;
    await assertNotDecidedBy1COrThrow(tx, id, {
      outcome: stageChanged && (stage.semantic !== "open" || before.stageSemantic !== "open"),
      amount: amount !== undefined && amount.toFixed(2) !== Number(before.amount).toFixed(2),
      closedAt: givenClosedAt !== undefined,
    });
    // Raw rows carry timestamps as strings on one driver and Dates on the other.
    const currentClosedAt = before.closedAt ? new Date(before.closedAt) : null;
    const closedAt =
      stageChanged || givenClosedAt !== undefined
        ? closedAtFor(stage, givenClosedAt, currentClosedAt, stageChanged)
        : currentClosedAt;
    const fields = {
      ...rest,
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      closedAt,
      ...(amount !== undefined ? { amount: amount.toFixed(2) } : {}),
    };
    const updated = await tx
      .update(deals)
      .set({
        ...fields,
        ...(stageChanged ? { stageChangedAt: new Date() } : {}),
        version: sql`${deals.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(deals.id, id), eq(deals.version, version)))
      .returning({ id: deals.id });
    assertUpdatedOrThrow(updated);
    if (stageChanged) {
      await tx
        .insert(dealStageChanges)
        .values({ dealId: id, fromStageId: before.stageId, toStageId: stage.id, changedBy: actor.user.id });
    }
    const comparable = {
      ...before,
      amount: Number(before.amount).toFixed(2),
      closedAt: before.closedAt ? new Date(before.closedAt).toISOString() : null,
    };
    const after = { ...fields, closedAt: closedAt ? closedAt.toISOString() : null };
    const changes = diffFields(comparable, after, auditedFields);
    await recordAudit(tx, { actorId: actor.user.id, entity: "deal", entityId: id, action: "update", changes });
    if (stageChanged && stage.semantic === "won") {
      // The owner hears of their win when someone else (a head, a workflow, 1C) moved it there.
      await notify(tx, [
        {
          userId: rest.ownerId ?? before.ownerId,
          kind: "deal_won",
          title: rest.title ?? before.title,
          link: `/crm/deals/${id}`,
          actorId: actor.user.id,
        },
      ]);
      await announceDealWon(tx, id);
    }
    return (await findResource<DealRow>(tx, dealSpec, actor.scope, id))!;
  });
}
