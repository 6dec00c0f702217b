import type { savedFilterWriteSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, rows } from "../../platform/db/database";
import { toIso } from "../../platform/db/sql-values";
import { notFound } from "../../platform/errors/problem";

interface SavedFilterRow {
  id: string;
  entity: string;
  name: string;
  params: Record<string, string>;
  createdAt: Date;
}

const present = (row: SavedFilterRow) => ({ ...row, createdAt: toIso(row.createdAt) });

/** Saved filters are personal: each person sees and deletes only their own. */
export async function listSavedFilters(db: Database, actor: Actor, entity?: string) {
  const found = await rows<SavedFilterRow>(
    db,
    sql`select id, entity, name, params, created_at as "createdAt" from saved_filters
        where user_id = ${actor.user.id} ${entity ? sql`and entity = ${entity}` : sql``} order by name`,
  );
  return found.map(present);
}

export async function createSavedFilter(db: Database, actor: Actor, input: z.infer<typeof savedFilterWriteSchema>) {
  const [row] = await rows<SavedFilterRow>(
    db,
    sql`insert into saved_filters (user_id, entity, name, params)
        values (${actor.user.id}, ${input.entity}, ${input.name}, ${JSON.stringify(input.params)}::jsonb)
        returning id, entity, name, params, created_at as "createdAt"`,
  );
  return present(row!);
}

export async function deleteSavedFilterOrThrow(db: Database, actor: Actor, id: string) {
  const deleted = await rows<{ id: string }>(
    db,
    sql`delete from saved_filters where id = ${id} and user_id = ${actor.user.id} returning id`,
  );
  if (deleted.length === 0) throw notFound();
}
