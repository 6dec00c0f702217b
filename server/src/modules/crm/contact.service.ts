import type { contactPatchSchema, contactWriteSchema } from "@planerka/common";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import type { Database, Executor } from "../../platform/db/database";
import { contacts } from "../../platform/db/schema";
import type { AccessScope } from "../../platform/scope/access-scope";
import { assertExternalIdFreeOrThrow, duplicatesAmong } from "./company.service";
import { type ContactRow, contactSpec } from "./contact.resource";
import { assertUpdatedOrThrow, findForActionOrThrow } from "./crm-commands";
import { assertVisibleLinkOrThrow } from "./crm-links";
import { assertAssignableOwnerOrThrow, findResource, phoneSearch } from "./crm-resource";

type ContactInput = z.infer<typeof contactWriteSchema>;
type ContactPatch = z.infer<typeof contactPatchSchema>;
const auditedFields = ["name", "position", "phones", "emails", "companyId", "ownerId", "externalId"] as const;

export async function createContactOrThrow(db: Database, actor: Actor, input: ContactInput, executor?: Executor) {
  const run = async (tx: Executor) => {
    const ownerId = input.ownerId ?? actor.user.id;
    await assertAssignableOwnerOrThrow(tx, actor.scope, contactSpec, ownerId);
    await assertVisibleLinkOrThrow(tx, actor.scope, "companies", input.companyId, "companyId");
    await assertExternalIdFreeOrThrow(tx, "contacts", input.externalId);
    const [created] = await tx
      .insert(contacts)
      .values({ ...input, ownerId, createdBy: actor.user.id })
      .returning({ id: contacts.id });
    await recordAudit(tx, { actorId: actor.user.id, entity: "contact", entityId: created!.id, action: "create" });
    return (await findResource<ContactRow>(tx, contactSpec, actor.scope, created!.id))!;
  };
  return executor ? run(executor) : db.transaction(run);
}

export async function updateContactOrThrow(db: Database, actor: Actor, id: string, patch: ContactPatch) {
  return db.transaction(async (tx) => {
    const before = await findForActionOrThrow<ContactRow>(tx, contactSpec, actor, id, "write");
    const { version, ...fields } = patch;
    if (fields.ownerId && fields.ownerId !== before.ownerId)
      await assertAssignableOwnerOrThrow(tx, actor.scope, contactSpec, fields.ownerId);
    await assertVisibleLinkOrThrow(tx, actor.scope, "companies", fields.companyId, "companyId");
    await assertExternalIdFreeOrThrow(tx, "contacts", fields.externalId, id);
    const updated = await tx
      .update(contacts)
      .set({ ...fields, version: sql`${contacts.version} + 1`, updatedAt: new Date() })
      .where(and(eq(contacts.id, id), eq(contacts.version, version)))
      .returning({ id: contacts.id });
    assertUpdatedOrThrow(updated);
    const changes = diffFields(before, fields, auditedFields);
    await recordAudit(tx, { actorId: actor.user.id, entity: "contact", entityId: id, action: "update", changes });
    return (await findResource<ContactRow>(tx, contactSpec, actor.scope, id))!;
  });
}

export function findContactDuplicates(
  executor: Executor,
  scope: AccessScope,
  query: { phone?: string; email?: string; name?: string; excludeId?: string },
) {
  const checks: Parameters<typeof duplicatesAmong>[4] = [];
  if (query.phone) checks.push({ key: "phone", condition: phoneSearch(sql`p.phones`, query.phone) });
  if (query.email) checks.push({ key: "email", condition: sql`${query.email.toLowerCase()} = any(p.emails)` });
  if (query.name && query.name.length >= 3)
    checks.push({ key: "name", condition: sql`lower(p.name) = lower(${query.name})` });
  return duplicatesAmong(
    executor,
    sql`contacts p join users o on o.id = p.owner_id`,
    sql`p`,
    scope.ownerCondition("contacts", "read", sql`p.owner_id`),
    checks,
    query.excludeId,
  );
}
