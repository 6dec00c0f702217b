import type { companyPatchSchema, companyWriteSchema } from "@planerka/common";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { companies } from "../../platform/db/schema";
import { taken } from "../../platform/errors/problem";
import type { AccessScope } from "../../platform/scope/access-scope";
import { type CompanyRow, companySpec } from "./company.resource";
import { assertBinFreeOrThrow } from "./company-bin";
import { assertUpdatedOrThrow, findForActionOrThrow } from "./crm-commands";
import { assertAssignableOwnerOrThrow, findResource, phoneSearch } from "./crm-resource";

type CompanyInput = z.infer<typeof companyWriteSchema>;
type CompanyPatch = z.infer<typeof companyPatchSchema>;
const auditedFields = [
  "name",
  "bin",
  "phones",
  "emails",
  "address",
  "city",
  "industry",
  "ownerId",
  "externalId",
] as const;

/**
 * External ids are 1C's GUIDs: one per record company-wide (deleted records keep theirs), so an
 * import upserts exactly one record. A taken one is refused in the same words whoever holds it,
 * visible to the caller or not, deleted or not: no id, owner or name, nor the value echoed.
 */
export const externalIdTakenMessage = "This external id is already used";

export async function assertExternalIdFreeOrThrow(
  executor: Executor,
  table: "companies" | "contacts" | "deals" | "leads",
  externalId: string | null | undefined,
  exceptId?: string,
) {
  if (!externalId) return;
  const [row] = await rows<{ id: string }>(
    executor,
    sql`select id from ${sql.identifier(table)} where external_id = ${externalId}`,
  );
  if (row && row.id !== exceptId) throw taken("externalId", externalIdTakenMessage);
}

export async function createCompanyOrThrow(db: Database, actor: Actor, input: CompanyInput) {
  return db.transaction(async (tx) => {
    const { allowDuplicateBin, ...fields } = input;
    const ownerId = fields.ownerId ?? actor.user.id;
    await assertAssignableOwnerOrThrow(tx, actor.scope, companySpec, ownerId);
    await assertExternalIdFreeOrThrow(tx, "companies", fields.externalId);
    await assertBinFreeOrThrow(tx, actor, { bin: fields.bin, allowDuplicate: allowDuplicateBin });
    const [created] = await tx
      .insert(companies)
      .values({ ...fields, ownerId, createdBy: actor.user.id })
      .returning({ id: companies.id });
    await recordAudit(tx, { actorId: actor.user.id, entity: "company", entityId: created!.id, action: "create" });
    return (await findResource<CompanyRow>(tx, companySpec, actor.scope, created!.id))!;
  });
}

export async function updateCompanyOrThrow(db: Database, actor: Actor, id: string, patch: CompanyPatch) {
  return db.transaction(async (tx) => {
    const before = await findForActionOrThrow<CompanyRow>(tx, companySpec, actor, id, "write");
    const { version, allowDuplicateBin, ...fields } = patch;
    if (fields.ownerId && fields.ownerId !== before.ownerId)
      await assertAssignableOwnerOrThrow(tx, actor.scope, companySpec, fields.ownerId);
    await assertExternalIdFreeOrThrow(tx, "companies", fields.externalId, id);
    // Only a changed BIN is checked: a company kept under a duplicate BIN stays editable.
    await assertBinFreeOrThrow(tx, actor, {
      bin: fields.bin !== undefined && fields.bin !== before.bin ? fields.bin : null,
      exceptId: id,
      allowDuplicate: allowDuplicateBin,
    });
    const updated = await tx
      .update(companies)
      .set({ ...fields, version: sql`${companies.version} + 1`, updatedAt: new Date() })
      .where(and(eq(companies.id, id), eq(companies.version, version)))
      .returning({ id: companies.id });
    assertUpdatedOrThrow(updated);
    const changes = diffFields(before, fields, auditedFields);
    await recordAudit(tx, { actorId: actor.user.id, entity: "company", entityId: id, action: "update", changes });
    return (await findResource<CompanyRow>(tx, companySpec, actor.scope, id))!;
  });
}

/** Possible duplicates among the records the caller can see: same BIN, phone, e-mail or name. */
export async function findCompanyDuplicates(
  executor: Executor,
  scope: AccessScope,
  query: { bin?: string; phone?: string; email?: string; name?: string; excludeId?: string },
) {
  const checks: { key: "bin" | "phone" | "email" | "name"; condition: ReturnType<typeof sql> }[] = [];
  if (query.bin) checks.push({ key: "bin", condition: sql`c.bin = ${query.bin}` });
  if (query.phone) checks.push({ key: "phone", condition: phoneSearch(sql`c.phones`, query.phone) });
  if (query.email) checks.push({ key: "email", condition: sql`${query.email.toLowerCase()} = any(c.emails)` });
  if (query.name && query.name.length >= 3)
    checks.push({ key: "name", condition: sql`lower(c.name) = lower(${query.name})` });
  return duplicatesAmong(
    executor,
    sql`companies c join users o on o.id = c.owner_id`,
    sql`c`,
    scope.ownerCondition("companies", "read", sql`c.owner_id`),
    checks,
    query.excludeId,
  );
}

export async function duplicatesAmong(
  executor: Executor,
  from: ReturnType<typeof sql>,
  alias: ReturnType<typeof sql>,
  visible: ReturnType<typeof sql>,
  checks: { key: "bin" | "phone" | "email" | "name"; condition: ReturnType<typeof sql> }[],
  excludeId?: string,
) {
  if (checks.length === 0) return [];
  // Flags are prefixed so that "name" does not overwrite the record's own name column.
  const flags = sql.join(
    checks.map((check) => sql`(${check.condition}) as ${sql.identifier(`matched_${check.key}`)}`),
    sql`, `,
  );
  const any = sql.join(
    checks.map((check) => sql`(${check.condition})`),
    sql` or `,
  );
  const exclude = excludeId ? sql`and ${alias}.id <> ${excludeId}` : sql``;
  const found = await rows<Record<string, unknown> & { id: string; name: string; ownerName: string }>(
    executor,
    sql`select ${alias}.id, ${alias}.name, o.name as "ownerName", ${flags} from ${from}
        where ${alias}.deleted_at is null and ${visible} and (${any}) ${exclude} order by ${alias}.name limit 20`,
  );
  return found.map((row) => ({
    id: row.id,
    name: row.name,
    ownerName: row.ownerName,
    matchedOn: checks.filter((check) => row[`matched_${check.key}`] === true).map((check) => check.key),
  }));
}
