import type { leadConvertSchema, leadPatchSchema, leadWriteSchema } from "@planerka/common";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import type { Database } from "../../platform/db/database";
import { companies, leads } from "../../platform/db/schema";
import { conflict, staleVersion } from "../../platform/errors/problem";
import { assertExternalIdFreeOrThrow } from "./company.service";
import { assertBinFreeOrThrow } from "./company-bin";
import { createContactOrThrow } from "./contact.service";
import { assertUpdatedOrThrow, findForActionOrThrow } from "./crm-commands";
import { assertVisibleLinkOrThrow } from "./crm-links";
import { assertAssignableOwnerOrThrow, findResource } from "./crm-resource";
import { createDealOrThrow } from "./deal.service";
import { type LeadRow, leadSpec } from "./lead.resource";

type LeadInput = z.infer<typeof leadWriteSchema>;
type LeadPatch = z.infer<typeof leadPatchSchema>;
const auditedFields = [
  "title",
  "source",
  "status",
  "contactName",
  "companyName",
  "phone",
  "email",
  "comment",
  "ownerId",
  "externalId",
] as const;

export async function createLeadOrThrow(db: Database, actor: Actor, input: LeadInput) {
  return db.transaction(async (tx) => {
    const ownerId = input.ownerId ?? actor.user.id;
    await assertAssignableOwnerOrThrow(tx, actor.scope, leadSpec, ownerId);
    await assertExternalIdFreeOrThrow(tx, "leads", input.externalId);
    const [created] = await tx
      .insert(leads)
      .values({ ...input, ownerId, createdBy: actor.user.id })
      .returning({ id: leads.id });
    await recordAudit(tx, { actorId: actor.user.id, entity: "lead", entityId: created!.id, action: "create" });
    return (await findResource<LeadRow>(tx, leadSpec, actor.scope, created!.id))!;
  });
}

export async function updateLeadOrThrow(db: Database, actor: Actor, id: string, patch: LeadPatch) {
  return db.transaction(async (tx) => {
    const before = await findForActionOrThrow<LeadRow>(tx, leadSpec, actor, id, "write");
    if (before.status === "converted") throw conflict("A converted lead is kept as it was");
    const { version, ...fields } = patch;
    if (fields.ownerId && fields.ownerId !== before.ownerId)
      await assertAssignableOwnerOrThrow(tx, actor.scope, leadSpec, fields.ownerId);
    await assertExternalIdFreeOrThrow(tx, "leads", fields.externalId, id);
    const updated = await tx
      .update(leads)
      .set({ ...fields, version: sql`${leads.version} + 1`, updatedAt: new Date() })
      .where(and(eq(leads.id, id), eq(leads.version, version)))
      .returning({ id: leads.id });
    assertUpdatedOrThrow(updated);
    const changes = diffFields(before, fields, auditedFields);
    await recordAudit(tx, { actorId: actor.user.id, entity: "lead", entityId: id, action: "update", changes });
    return (await findResource<LeadRow>(tx, leadSpec, actor.scope, id))!;
  });
}

/** A lead becomes a deal, linking an existing company and contact or creating them, in one transaction. */
export async function convertLeadOrThrow(
  db: Database,
  actor: Actor,
  id: string,
  input: z.infer<typeof leadConvertSchema>,
) {
  return db.transaction(async (tx) => {
    const lead = await findForActionOrThrow<LeadRow>(tx, leadSpec, actor, id, "write");
    if (lead.status === "converted") throw conflict("The lead is already converted");
    if (lead.version !== input.version) throw staleVersion();
    let companyId = input.companyId ?? null;
    await assertVisibleLinkOrThrow(tx, actor.scope, "companies", companyId, "companyId");
    if (!companyId && input.newCompany) {
      await assertBinFreeOrThrow(tx, actor, { bin: input.newCompany.bin, path: "newCompany.bin" });
      const [company] = await tx
        .insert(companies)
        .values({ ...input.newCompany, ownerId: lead.ownerId, createdBy: actor.user.id })
        .returning({ id: companies.id });
      companyId = company!.id;
      await recordAudit(tx, { actorId: actor.user.id, entity: "company", entityId: companyId, action: "create" });
    }
    let contactId = input.contactId ?? null;
    await assertVisibleLinkOrThrow(tx, actor.scope, "contacts", contactId, "contactId");
    if (!contactId && input.newContact) {
      const contact = await createContactOrThrow(
        db,
        actor,
        { ...input.newContact, companyId, ownerId: lead.ownerId },
        tx,
      );
      contactId = contact.id;
    }
    const deal = await createDealOrThrow(
      db,
      actor,
      { ...input.deal, ownerId: lead.ownerId, companyId, contactId, source: lead.source ?? "lead" },
      tx,
    );
    await tx
      .update(leads)
      .set({
        status: "converted",
        convertedDealId: deal.id,
        convertedAt: new Date(),
        version: sql`${leads.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(leads.id, id));
    // The lead's activities follow it into the deal so the history stays in one place.
    await tx.execute(sql`update activities set deal_id = ${deal.id}, company_id = coalesce(company_id, ${companyId}), contact_id = coalesce(contact_id, ${contactId})
                         where lead_id = ${id} and deal_id is null`);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "lead",
      entityId: id,
      action: "convert",
      changes: [{ field: "status", old: lead.status, new: "converted" }],
    });
    return { dealId: deal.id, companyId, contactId };
  });
}
