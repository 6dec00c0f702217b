import { type ImportEntity, type ImportRowError, startOfDayInZone } from "@planerka/common";
import { eq, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { FieldChange } from "../../platform/audit/audit";
import { type Executor, rows } from "../../platform/db/database";
import { auditLog, companies, contacts, dealStageChanges, deals } from "../../platform/db/schema";
import type { AccessScope } from "../../platform/scope/access-scope";
import { externalIdTakenMessage } from "../crm/company.service";
import { binHolders, binTakenMessage } from "../crm/company-bin";
import { type ImportRecord, rowError } from "./import-records";

export interface BatchResult {
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
}

const tables = { companies, contacts, deals } as const;

interface Context {
  executor: Executor;
  scope: AccessScope;
  entity: ImportEntity;
  actorId: string;
  timeZone: string;
}

const same = (left: unknown, right: unknown) => JSON.stringify(left ?? null) === JSON.stringify(right ?? null);

async function byExternalId(executor: Executor, table: string, ids: string[]) {
  if (ids.length === 0)
    return new Map<string, Record<string, unknown> & { id: string; owner_id: string; unit_id: string }>();
  const found = await rows<
    Record<string, unknown> & { id: string; external_id: string; owner_id: string; unit_id: string }
  >(
    executor,
    sql`select t.*, u.unit_id from ${sql.identifier(table)} t join users u on u.id = t.owner_id
        where t.external_id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
  );
  return new Map(found.map((row) => [row.external_id, row]));
}

const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

const instantFields = new Set(["closedAt"]);

function comparable(key: string, value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  // Raw rows carry timestamps as strings on one driver and Dates on the other; compared as text,
  // "2026-01-01 19:00:00+00" would never equal the file's day and every re-import would "update" it.
  if (instantFields.has(key) && typeof value === "string") return new Date(value).toISOString();
  if (key === "amount" && value !== null && value !== undefined) return Number(value).toFixed(2);
  return value;
}

/**
 * Upserts one batch in the caller's transaction: a row with a known external id updates that record
 * (or is "unchanged"), any other row creates one. Every row obeys the importing user's scope.
 */
export async function importBatch(context: Context, records: ImportRecord[]): Promise<BatchResult> {
  const { executor, scope, entity, actorId } = context;
  const result: BatchResult = { created: 0, updated: 0, unchanged: 0, errors: [] };
  const table = tables[entity] as unknown as PgTable & { id: never };
  const externalIds = [
    ...new Set(records.map((record) => record.externalId).filter((id): id is string => Boolean(id))),
  ];
  const existing = await byExternalId(executor, entity, externalIds);

  const logins = [
    ...new Set(records.map((record) => record.ownerLogin).filter((login): login is string => Boolean(login))),
  ];
  const owners = new Map(
    logins.length === 0
      ? []
      : (
          await rows<{ id: string; login: string; unit_id: string }>(
            executor,
            sql`select id, login, unit_id from users where active and login in (${sql.join(
              logins.map((login) => sql`${login}`),
              sql`, `,
            )})`,
          )
        ).map((user) => [user.login, user]),
  );
  const references = await resolveReferences(context, records);
  const binProblem = entity === "companies" ? await binCheck(executor, records) : () => undefined;

  const inserts: Record<string, unknown>[] = [];
  const insertedRows: number[] = [];
  const audits: { entityId: string; action: string; changes: FieldChange[] }[] = [];
  for (const record of records) {
    const fields = { ...record.fields };
    const current = record.externalId ? existing.get(record.externalId) : undefined;
    const problem = applyReferences(entity, record, fields, references, context.timeZone, current);
    if (problem) {
      result.errors.push(problem);
      continue;
    }
    let ownerId = actorId;
    if (record.ownerLogin) {
      const owner = owners.get(record.ownerLogin);
      if (!owner || !scope.canReachOwner(entity, "write", { id: owner.id, unitId: owner.unit_id })) {
        result.errors.push(
          rowError(
            record.row,
            "ownerLogin",
            "unknownOwner",
            `no employee "${record.ownerLogin}" whose records you may manage`,
            { value: record.ownerLogin.slice(0, 100) },
          ),
        );
        continue;
      }
      ownerId = owner.id;
    }
    if (current && !scope.canReachOwner(entity, "write", { id: current.owner_id, unitId: current.unit_id })) {
      // The same words as the API's 409: nothing tells whose record holds the id.
      result.errors.push(rowError(record.row, "externalId", "externalIdTaken", externalIdTakenMessage));
      continue;
    }
    const duplicate = binProblem(record, current);
    if (duplicate) {
      result.errors.push(duplicate);
      continue;
    }
    if (current) {
      const wanted: Record<string, unknown> = { ...fields, ...(record.ownerLogin ? { ownerId } : {}) };
      const changes: FieldChange[] = Object.entries(wanted)
        .filter(([key, value]) => !same(comparable(key, current[snake(key)]), comparable(key, value)))
        .map(([key, value]) => ({
          field: key,
          old: comparable(key, current[snake(key)]) ?? null,
          new: comparable(key, value) ?? null,
        }));
      if (changes.length === 0 && current.deleted_at === null) {
        result.unchanged++;
        continue;
      }
      await executor
        .update(table)
        .set({ ...wanted, deletedAt: null, version: sql`version + 1`, updatedAt: new Date() } as never)
        .where(eq((table as unknown as typeof companies).id, current.id));
      if (entity === "deals" && "stageId" in wanted && wanted.stageId !== current.stage_id) {
        await executor.insert(dealStageChanges).values({
          dealId: current.id,
          fromStageId: current.stage_id as string,
          toStageId: wanted.stageId as string,
          changedBy: actorId,
        });
      }
      audits.push({ entityId: current.id, action: "import", changes });
      result.updated++;
      continue;
    }
    inserts.push({ ...fields, ownerId, createdBy: actorId, externalId: record.externalId });
    insertedRows.push(record.row);
  }
  if (inserts.length > 0) {
    const created = await executor
      .insert(table)
      .values(inserts as never)
      .returning({ id: (table as unknown as typeof companies).id });
    result.created += created.length;
    for (const row of created) audits.push({ entityId: row.id, action: "create", changes: [] });
    if (entity === "deals") {
      await executor.insert(dealStageChanges).values(
        created.map((row, index) => ({
          dealId: row.id,
          fromStageId: null,
          toStageId: inserts[index]!.stageId as string,
          changedBy: actorId,
        })),
      );
    }
  }
  if (audits.length > 0) {
    const auditName = { companies: "company", contacts: "contact", deals: "deal" }[entity];
    await executor
      .insert(auditLog)
      .values(audits.map((audit) => ({ ...audit, actorId, entity: auditName, entityId: audit.entityId })));
  }
  return result;
}

/**
 * A BIN/IIN names one company (`company-bin.ts`): a row may not bring in one that another live
 * company, or an earlier row of the file, holds. Updating a live record by its external id under
 * the BIN it already has is fine, so re-importing legacy duplicates still works.
 */
async function binCheck(executor: Executor, records: ImportRecord[]) {
  const binOf = (record: ImportRecord) => (record.fields as { bin?: string | null }).bin ?? null;
  const holders = await binHolders(
    executor,
    records.map(binOf).filter((bin): bin is string => Boolean(bin)),
  );
  const claimed = new Map<string, string>();
  return (record: ImportRecord, current: { id: string; bin?: unknown; deleted_at?: unknown } | undefined) => {
    const bin = binOf(record);
    if (!bin) return undefined;
    const self = current?.id ?? `row:${record.row}`;
    const kept = current && current.deleted_at === null && current.bin === bin;
    const others = (holders.get(bin) ?? []).filter((id) => id !== current?.id);
    const earlier = claimed.get(bin);
    if ((!kept && others.length > 0) || (earlier !== undefined && earlier !== self))
      return rowError(record.row, "bin", "binTaken", binTakenMessage);
    claimed.set(bin, self);
    return undefined;
  };
}

interface StageRef {
  id: string;
  pipelineId: string;
  semantic: string;
}

interface References {
  companies: Map<string, string>;
  contacts: Map<string, string>;
  stagesByName: Map<string, StageRef>;
  stagesById: Map<string, StageRef>;
  firstStage: StageRef | undefined;
}

async function resolveReferences(context: Context, records: ImportRecord[]): Promise<References> {
  const { executor, scope } = context;
  const lookup = async (table: "companies" | "contacts", ids: string[]) => {
    if (ids.length === 0) return new Map<string, string>();
    const found = await rows<{ id: string; external_id: string }>(
      executor,
      sql`select id, external_id from ${sql.identifier(table)}
          where deleted_at is null and external_id in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})
            and ${scope.ownerCondition(table, "read", sql`owner_id`)}`,
    );
    return new Map(found.map((row) => [row.external_id, row.id]));
  };
  const companyIds = [
    ...new Set(records.map((record) => record.companyExternalId).filter((id): id is string => Boolean(id))),
  ];
  const contactIds = [
    ...new Set(records.map((record) => record.contactExternalId).filter((id): id is string => Boolean(id))),
  ];
  const stageRows =
    context.entity === "deals"
      ? await rows<{ id: string; name: string; pipelineId: string; semantic: string }>(
          executor,
          sql`select s.id, s.name, s.pipeline_id as "pipelineId", s.semantic from stages s join pipelines p on p.id = s.pipeline_id
              order by p.is_default desc, p.sort, s.sort`,
        )
      : [];
  const stagesByName = new Map<string, StageRef>();
  for (const stage of stageRows)
    if (!stagesByName.has(stage.name.toLowerCase())) stagesByName.set(stage.name.toLowerCase(), stage);
  return {
    companies: await lookup("companies", companyIds),
    contacts: await lookup("contacts", contactIds),
    stagesByName,
    stagesById: new Map(stageRows.map((stage) => [stage.id, stage])),
    firstStage: stageRows[0],
  };
}

/**
 * Fills ids from external references and applies the close-date rule of DESIGN.md section 3;
 * returns the problem when the row cannot be imported.
 */
function applyReferences(
  entity: ImportEntity,
  record: ImportRecord,
  fields: Record<string, unknown>,
  references: References,
  timeZone: string,
  current: Record<string, unknown> | undefined,
): ImportRowError | null {
  const fail = (field: string, code: ImportRowError["code"], message: string, value?: string) =>
    rowError(record.row, field, code, message, value === undefined ? undefined : { value: value.slice(0, 100) });
  if (record.companyExternalId) {
    const id = references.companies.get(record.companyExternalId);
    const value = record.companyExternalId;
    if (!id) return fail("companyExternalId", "unknownCompany", `no company "${value}" you can see`, value);
    fields.companyId = id;
  }
  if (record.contactExternalId) {
    const id = references.contacts.get(record.contactExternalId);
    const value = record.contactExternalId;
    if (!id) return fail("contactExternalId", "unknownContact", `no contact "${value}" you can see`, value);
    fields.contactId = id;
  }
  if (entity !== "deals") return null;
  // An update without a stage column keeps the deal where it is.
  const named = record.stage ? references.stagesByName.get(record.stage.toLowerCase()) : undefined;
  if (record.stage && !named) return fail("stage", "unknownStage", `no stage "${record.stage}"`, record.stage);
  const stage = named ?? (current ? undefined : references.firstStage);
  if (stage) {
    fields.stageId = stage.id;
    fields.pipelineId = stage.pipelineId;
  }
  const finalStage = stage ?? references.stagesById.get(current?.stage_id as string);
  const stageChanged = Boolean(stage) && stage?.id !== current?.stage_id;
  if (finalStage?.semantic === "open") {
    if (fields.closedAt) return fail("closedAt", "closedAtOnOpen", "only a won or lost deal has a close date");
    fields.closedAt = null;
  } else if (fields.closedAt) {
    fields.closedAt = startOfDayInZone(fields.closedAt as string, timeZone);
  } else if (stageChanged) {
    fields.closedAt = new Date();
  } else {
    delete fields.closedAt;
  }
  return null;
}
