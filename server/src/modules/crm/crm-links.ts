import type { ScopedEntity } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { invalid } from "../../platform/errors/problem";
import type { AccessScope } from "../../platform/scope/access-scope";

const tables: Record<string, string> = { companies: "companies", contacts: "contacts", deals: "deals", leads: "leads" };

/** A record may link only to records its author can see; anything else is "no such record". */
export async function assertVisibleLinkOrThrow(
  executor: Executor,
  scope: AccessScope,
  entity: Extract<ScopedEntity, "companies" | "contacts" | "deals" | "leads">,
  id: string | null | undefined,
  field: string,
) {
  if (!id) return;
  const [row] = await rows<{ id: string }>(
    executor,
    sql`select id from ${sql.identifier(tables[entity]!)} where id = ${id} and deleted_at is null
        and ${scope.ownerCondition(entity, "read", sql`owner_id`)}`,
  );
  if (!row) throw invalid(field, "No such record");
}
