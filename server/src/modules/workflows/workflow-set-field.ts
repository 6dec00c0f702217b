import {
  companyPatchSchema,
  contactPatchSchema,
  dealPatchSchema,
  defaultAccessMatrix,
  type LinkableEntity,
  leadPatchSchema,
} from "@planerka/common";
import type { Actor } from "../../platform/auth/authenticate";
import type { Database } from "../../platform/db/database";
import { AccessScope } from "../../platform/scope/access-scope";
import { updateCompanyOrThrow } from "../crm/company.service";
import { updateContactOrThrow } from "../crm/contact.service";
import { updateDealOrThrow } from "../crm/deal.service";
import { updateLeadOrThrow } from "../crm/lead.service";
import type { WorkflowRecord } from "./workflow-records";

/**
 * The engine acts for the company, not for a person: the CRM services see an administrator's
 * scope (the default matrix, so no setting can lock the engine out), and the audit trail and the
 * deal stage log record no user — null, as `insertTask` does for the engine's tasks.
 */
const engineUser = {
  id: null as unknown as string,
  login: "workflow-engine",
  name: "Бизнес-процесс",
  role: "admin" as const,
  unitId: null as unknown as string,
};
export const engineActor: Actor = {
  user: engineUser,
  scope: new AccessScope(engineUser, [], [], defaultAccessMatrix()),
  via: "session",
};

function patchOrThrow<T>(
  schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: { message: string } } },
  input: unknown,
): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new Error(`The value does not fit the field: ${parsed.error.message.slice(0, 300)}`);
  return parsed.data;
}

/**
 * Writes one field through the entity's own update service, so a workflow's change follows every
 * rule a person's does: for a deal's stage the closedAt rule, the stage log, the version and the
 * audit. `tx` is the job's transaction; the service's own transaction becomes a savepoint in it.
 */
export async function setRecordField(
  tx: Database,
  entity: LinkableEntity,
  record: WorkflowRecord,
  field: string,
  value: unknown,
): Promise<void> {
  const input = { version: record.version, [field]: value };
  switch (entity) {
    case "deal":
      await updateDealOrThrow(tx, engineActor, record.id, patchOrThrow(dealPatchSchema, input));
      return;
    case "lead":
      await updateLeadOrThrow(tx, engineActor, record.id, patchOrThrow(leadPatchSchema, input));
      return;
    case "company":
      await updateCompanyOrThrow(tx, engineActor, record.id, patchOrThrow(companyPatchSchema, input));
      return;
    case "contact":
      await updateContactOrThrow(tx, engineActor, record.id, patchOrThrow(contactPatchSchema, input));
      return;
  }
}
