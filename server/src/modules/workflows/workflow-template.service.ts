import type { LinkableEntity, WorkflowTemplate, workflowTemplateListQuerySchema } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { notFound, staleVersion } from "../../platform/errors/problem";
import { mayConfigureWorkflows } from "../../policies/workflows";
import { presentTemplate, type TemplateRow } from "./workflow.presenter";
import { installBuiltinWorkflowTemplates } from "./workflow-builtin";
import { stalledCondition } from "./workflow-instance.queries";
import { checkTemplateOrThrow, type TemplateShape } from "./workflow-template-checks";

/** The body of a create; the definition arrives unparsed so its problems come back as 422 with paths. */
export interface TemplateInput extends TemplateShape {
  name: string;
  description?: string;
  active?: boolean;
}
export type TemplatePatch = Partial<TemplateInput> & { version: number };

const auditedFields = ["name", "description", "entity", "trigger", "triggerStageId", "definition", "active"] as const;

function templateColumns(withCounts: boolean): SQL {
  const counts = withCounts
    ? sql`coalesce((select count(*) from workflow_instances i where i.template_id = t.id and i.status = 'running'), 0)::int as "runningCount",
          coalesce((select count(*) from workflow_instances i where i.template_id = t.id and ${stalledCondition}), 0)::int as "stalledCount"`
    : sql`null as "runningCount", null as "stalledCount"`;
  return sql`t.id, t.name, t.description, t.entity, t.trigger, t.trigger_stage_id as "triggerStageId", t.definition,
    t.active, t.builtin_key as "builtinKey", t.version, t.created_at as "createdAt", t.updated_at as "updatedAt", ${counts}`;
}

async function findTemplate(executor: Executor, id: string): Promise<TemplateRow | undefined> {
  const [row] = await rows<TemplateRow>(
    executor,
    sql`select ${templateColumns(true)} from workflow_templates t where t.id = ${id} and t.deleted_at is null`,
  );
  return row;
}

/**
 * Those who configure workflows (administrators) see every template with its running and stalled
 * counts; other employees see the active ones only (to start the manual ones by hand), without counts.
 */
export async function listTemplates(
  db: Database,
  actor: Actor,
  query: z.infer<typeof workflowTemplateListQuerySchema>,
): Promise<{ items: WorkflowTemplate[] }> {
  const configures = mayConfigureWorkflows(actor.user);
  // The shipped templates need the pipeline a first-run setup creates after start: install late too.
  if (configures) await installBuiltinWorkflowTemplates(db);
  const conditions: SQL[] = [sql`t.deleted_at is null`];
  if (!configures || query.active === "true") conditions.push(sql`t.active`);
  if (configures && query.active === "false") conditions.push(sql`not t.active`);
  if (query.entity) conditions.push(sql`t.entity = ${query.entity}`);
  if (query.trigger) conditions.push(sql`t.trigger = ${query.trigger}`);
  const found = await rows<TemplateRow>(
    db,
    sql`select ${templateColumns(configures)} from workflow_templates t where ${sql.join(conditions, sql` and `)}
        order by t.name, t.id`,
  );
  return { items: found.map(presentTemplate) };
}

export async function getTemplateOrThrow(db: Database, id: string): Promise<WorkflowTemplate> {
  const row = await findTemplate(db, id);
  if (!row) throw notFound();
  return presentTemplate(row);
}

export async function createTemplateOrThrow(db: Database, actor: Actor, input: TemplateInput) {
  return db.transaction(async (tx) => {
    const triggerStageId = input.triggerStageId ?? null;
    const definition = await checkTemplateOrThrow(tx, { ...input, triggerStageId });
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into workflow_templates (name, description, entity, trigger, trigger_stage_id, definition, active, created_by)
          values (${input.name}, ${input.description ?? ""}, ${input.entity}, ${input.trigger}, ${triggerStageId},
            ${JSON.stringify(definition)}::jsonb, ${input.active ?? false}, ${actor.user.id})
          returning id`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "workflow_template",
      entityId: created!.id,
      action: "create",
      changes: [{ field: "name", old: null, new: input.name }],
    });
    return presentTemplate((await findTemplate(tx, created!.id))!);
  });
}

export async function updateTemplateOrThrow(db: Database, actor: Actor, id: string, patch: TemplatePatch) {
  return db.transaction(async (tx) => {
    const before = await findTemplate(tx, id);
    if (!before) throw notFound();
    if (before.version !== patch.version) throw staleVersion();
    const { version: _version, ...changes } = patch;
    const trigger = changes.trigger ?? before.trigger;
    // Leaving the stage trigger drops its stage unless the patch names one (which is then refused).
    const triggerStageId =
      changes.triggerStageId !== undefined
        ? changes.triggerStageId
        : trigger === "stage"
          ? before.triggerStageId
          : null;
    const shape = {
      entity: (changes.entity ?? before.entity) as LinkableEntity,
      trigger,
      triggerStageId,
      definition: changes.definition !== undefined ? changes.definition : before.definition,
    };
    // Renaming or switching off a template whose stage has since been deleted must still work.
    const reshaped = ["entity", "trigger", "triggerStageId", "definition"].some((field) => field in changes);
    const definition =
      reshaped || (changes.active === true && !before.active)
        ? await checkTemplateOrThrow(tx, shape)
        : before.definition;
    const after = {
      name: changes.name ?? before.name,
      description: changes.description ?? before.description,
      entity: shape.entity,
      trigger: shape.trigger,
      triggerStageId: shape.triggerStageId,
      definition,
      active: changes.active ?? before.active,
    };
    const updated = await rows<{ id: string }>(
      tx,
      sql`update workflow_templates set name = ${after.name}, description = ${after.description}, entity = ${after.entity},
            trigger = ${after.trigger}, trigger_stage_id = ${after.triggerStageId},
            definition = ${JSON.stringify(after.definition)}::jsonb, active = ${after.active},
            version = version + 1, updated_at = now()
          where id = ${id} and version = ${patch.version} and deleted_at is null returning id`,
    );
    if (updated.length === 0) throw staleVersion();
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "workflow_template",
      entityId: id,
      action: "update",
      changes: diffFields(before, after, auditedFields),
    });
    return presentTemplate((await findTemplate(tx, id))!);
  });
}

/** Soft delete: running instances carry their own copy of the steps and go on. */
export async function deleteTemplateOrThrow(db: Database, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const deleted = await rows<{ id: string }>(
      tx,
      sql`update workflow_templates set deleted_at = now(), active = false, version = version + 1, updated_at = now()
          where id = ${id} and deleted_at is null returning id`,
    );
    if (deleted.length === 0) throw notFound();
    await recordAudit(tx, { actorId: actor.user.id, entity: "workflow_template", entityId: id, action: "delete" });
  });
}
