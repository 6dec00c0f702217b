import type { Actor } from "../../platform/auth/authenticate";
import type { Executor } from "../../platform/db/database";
import { AppError } from "../../platform/errors/problem";
import { readableRecordIds } from "./event.queries";

const noSuchRecord = (field: string, message: string) =>
  new AppError(404, "Not Found", `${field}: ${message}`, [{ path: field, message }]);

/** A linked deal, company or contact must be a record the caller may read (else 404 naming the field). */
export async function assertReadableLinkOrThrow(
  executor: Executor,
  actor: Actor,
  field: "dealId" | "companyId" | "contactId",
  id: string | null,
) {
  if (id === null) return;
  const table = field === "dealId" ? "deals" : field === "companyId" ? "companies" : "contacts";
  const found = await readableRecordIds(executor, actor.scope, table, [id]);
  if (!found.has(id)) throw noSuchRecord(field, "No such record");
}

export async function assertReadableContactsOrThrow(executor: Executor, actor: Actor, ids: readonly string[]) {
  const found = await readableRecordIds(executor, actor.scope, "contacts", ids);
  if (ids.some((id) => !found.has(id))) throw noSuchRecord("contactIds", "No such contact");
}
