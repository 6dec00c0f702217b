import {
  type LinkableEntity,
  type ScopedEntity,
  type WorkflowAssignee,
  type WorkflowCondition,
  workflowFields,
} from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { type AccessScope, computeScope, type ScopeUser } from "../../platform/scope/access-scope";
import { unitsAbove } from "../../platform/scope/units-below";

interface EntityTable {
  table: string;
  /** The access-matrix entity whose rules govern the record. */
  scoped: Extract<ScopedEntity, "deals" | "leads" | "companies" | "contacts">;
  titleColumn: string;
  /** The record's card in the web app (web/src/features/crm/crm-routes.ts). */
  cardPath: string;
}

export const entityTables: Record<LinkableEntity, EntityTable> = {
  deal: { table: "deals", scoped: "deals", titleColumn: "title", cardPath: "/crm/deals" },
  lead: { table: "leads", scoped: "leads", titleColumn: "title", cardPath: "/crm/leads" },
  company: { table: "companies", scoped: "companies", titleColumn: "name", cardPath: "/crm/companies" },
  contact: { table: "contacts", scoped: "contacts", titleColumn: "name", cardPath: "/crm/contacts" },
};

export const cardPathOf = (entity: LinkableEntity, id: string) => `${entityTables[entity].cardPath}/${id}`;

/** What conditions read: the columns behind `workflowFields` (common), per entity. */
const fieldColumns: Record<LinkableEntity, Record<string, SQL>> = {
  deal: {
    title: sql`r.title`,
    amount: sql`r.amount`,
    stageId: sql`r.stage_id`,
    stageSemantic: sql`(select semantic from stages where id = r.stage_id)`,
    expectedCloseDate: sql`r.expected_close_date::text`,
    source: sql`r.source`,
    ownerId: sql`r.owner_id`,
  },
  lead: {
    title: sql`r.title`,
    status: sql`r.status`,
    source: sql`r.source`,
    comment: sql`r.comment`,
    ownerId: sql`r.owner_id`,
  },
  company: {
    name: sql`r.name`,
    city: sql`r.city`,
    industry: sql`r.industry`,
    address: sql`r.address`,
    ownerId: sql`r.owner_id`,
  },
  contact: { name: sql`r.name`, position: sql`r.position`, ownerId: sql`r.owner_id` },
};

export interface WorkflowRecord {
  id: string;
  ownerId: string;
  title: string;
  version: number;
  deleted: boolean;
  fields: Record<string, unknown>;
}

export async function loadRecord(
  executor: Executor,
  entity: LinkableEntity,
  id: string,
): Promise<WorkflowRecord | undefined> {
  const { table, titleColumn } = entityTables[entity];
  const columns = Object.keys(workflowFields[entity]).map((name) => sql`${name}::text, ${fieldColumns[entity][name]!}`);
  const [record] = await rows<WorkflowRecord>(
    executor,
    sql`select r.id, r.owner_id as "ownerId", r.${sql.identifier(titleColumn)} as title, r.version,
               r.deleted_at is not null as deleted, json_build_object(${sql.join(columns, sql`, `)}) as fields
        from ${sql.identifier(table)} r where r.id = ${id}`,
  );
  return record;
}

/** A record the caller may reach with `action`, not deleted; undefined otherwise. */
export async function findReachableRecord(
  executor: Executor,
  scope: AccessScope,
  entity: LinkableEntity,
  id: string,
  action: "read" | "write",
): Promise<{ id: string; ownerId: string } | undefined> {
  const { table, scoped } = entityTables[entity];
  const [record] = await rows<{ id: string; ownerId: string }>(
    executor,
    sql`select id, owner_id as "ownerId" from ${sql.identifier(table)}
        where id = ${id} and deleted_at is null and ${scope.ownerCondition(scoped, action, sql`owner_id`)}`,
  );
  return record;
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === "";

/** Dates compare as their ISO text, numbers as numbers. */
function compare(actual: unknown, expected: unknown): number | null {
  if (isEmpty(actual) || isEmpty(expected)) return null;
  if (typeof expected === "number" || typeof actual === "number") {
    const left = Number(actual);
    const right = Number(expected);
    if (Number.isNaN(left) || Number.isNaN(right)) return null;
    return Math.sign(left - right);
  }
  const left = String(actual);
  const right = String(expected);
  return left < right ? -1 : left > right ? 1 : 0;
}

export function conditionHolds(condition: WorkflowCondition, fields: Record<string, unknown>): boolean {
  const actual = fields[condition.field];
  const expected = condition.value ?? null;
  switch (condition.op) {
    case "empty":
      return isEmpty(actual);
    case "not_empty":
      return !isEmpty(actual);
    case "eq":
    case "ne": {
      const same = isEmpty(expected) ? isEmpty(actual) : compare(actual, expected) === 0;
      return condition.op === "eq" ? same : !same;
    }
    default: {
      const order = compare(actual, expected);
      if (order === null) return false;
      if (condition.op === "gt") return order > 0;
      if (condition.op === "gte") return order >= 0;
      if (condition.op === "lt") return order < 0;
      return order <= 0;
    }
  }
}

/**
 * The head of the owner's unit: the nearest unit up the tree whose active head is not the owner
 * themselves; the owner when there is none (the company's top person answers to nobody).
 */
export async function ownerHeadOf(executor: Executor, ownerId: string): Promise<string> {
  const [head] = await rows<{ id: string }>(
    executor,
    sql`select un.head_user_id as id
        from ${unitsAbove(sql`select unit_id from users where id = ${ownerId}`)} chain
        join units un on un.id = chain.id join users h on h.id = un.head_user_id and h.active
        where un.head_user_id <> ${ownerId} order by chain.depth limit 1`,
  );
  return head?.id ?? ownerId;
}

/** Who a step addresses; a named user who has left falls back to the record's owner. */
export async function resolveAssignee(
  executor: Executor,
  assignee: WorkflowAssignee,
  record: WorkflowRecord,
): Promise<string> {
  if (assignee.kind === "owner") return record.ownerId;
  if (assignee.kind === "owner_head") return ownerHeadOf(executor, record.ownerId);
  const [user] = await rows<{ id: string }>(
    executor,
    sql`select id from users where id = ${assignee.userId} and active`,
  );
  return user?.id ?? record.ownerId;
}

/**
 * Whether a person the workflow addresses may read its record: a notification names the record
 * (title, link) only to those who may (DESIGN.md section 1: nothing outside one's scope leaves).
 */
export async function mayReadRecord(
  executor: Executor,
  userId: string,
  entity: LinkableEntity,
  record: WorkflowRecord,
): Promise<boolean> {
  if (userId === record.ownerId) return true;
  const people = await rows<{ id: string; role: ScopeUser["role"]; unitId: string }>(
    executor,
    sql`select id, role, unit_id as "unitId" from users where id in (${userId}, ${record.ownerId})`,
  );
  const user = people.find((person) => person.id === userId);
  const owner = people.find((person) => person.id === record.ownerId);
  if (!user || !owner) return false;
  const scope = await computeScope(executor, user);
  return scope.canReachOwner(entityTables[entity].scoped, "read", owner);
}
