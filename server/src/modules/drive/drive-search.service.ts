import type { driveSearchHitSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, rows } from "../../platform/db/database";
import { likePattern } from "../../platform/db/sql-values";
import { type DriveCaller, readableFolders } from "../../policies/drive";
import { presentFile } from "./drive.presenter";
import { type FileRow, fileColumns, fileJoins } from "./drive.queries";
import { callerOf } from "./drive-root.service";

type Hit = z.infer<typeof driveSearchHitSchema>;

/**
 * Every word of the query as a stem prefix, all required: «задани» finds «Техническое задание»,
 * «сварочный» finds «сварочного». Only letters and digits reach `to_tsquery`, so nothing in the
 * query is syntax.
 */
export function prefixQuery(query: string): string | null {
  const words =
    query
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 16) ?? [];
  return words.length === 0 ? null : words.map((word) => `${word}:*`).join(" & ");
}

/**
 * Files the caller may read whose name or text matches, in Russian and English word forms, through
 * the GIN index on `search` (names are in it too, weighted first). Best matches first.
 */
export async function searchDriveOrThrow(db: Database, actor: Actor, query: string, limit: number): Promise<Hit[]> {
  const caller = callerOf(actor);
  const terms = prefixQuery(query);
  if (terms === null) return [];
  return db.transaction(async (tx) => {
    const hits = await rows<FileRow & { edit: boolean; snippet: string | null }>(
      tx,
      searchStatement(caller, query, terms, limit),
    );
    if (hits.length === 0) return [];
    const folderIds = [...new Set(hits.map((hit) => hit.folderId))];
    const chains = await rows<{ start: string; id: string; name: string; depth: number }>(
      tx,
      sql`with recursive chain as (
            select id as start, id, parent_id, name, 0 as depth from drive_folders
            where id in (${sql.join(
              folderIds.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})
            union all
            select chain.start, p.id, p.parent_id, p.name, chain.depth + 1 from drive_folders p join chain on p.id = chain.parent_id
            where chain.depth < 64
          ) select start, id, name, depth from chain order by start, depth desc`,
    );
    const paths = new Map<string, { id: string; name: string }[]>();
    for (const link of chains) {
      const path = paths.get(link.start) ?? [];
      path.push({ id: link.id, name: link.name });
      paths.set(link.start, path);
    }
    return hits.map((hit) => ({
      file: presentFile(hit, hit.edit ? "edit" : "read", caller.id),
      path: paths.get(hit.folderId) ?? [],
      snippet: hit.snippet?.includes("«") ? hit.snippet : null,
    }));
  });
}

/** The search itself, apart so that its plan can be read (`EXPLAIN`). */
export function searchStatement(caller: DriveCaller, query: string, terms: string, limit: number) {
  return sql`with readable as (select id, edit from ${readableFolders(caller)} readable),
          terms as (select to_tsquery('russian', ${terms}) as ru,
                           to_tsquery('russian', ${terms}) || to_tsquery('english', ${terms}) as words),
          -- The index finds the matches first; the folders the caller reads filter them after.
          matching as materialized (
            select f.id, f.folder_id, f.updated_at, f.deleted_at,
                   ts_rank(f.search, terms.words) + case when f.name ilike ${likePattern(query)} then 1 else 0 end as rank
            from drive_files f, terms where f.search @@ terms.words
          ),
          found as (
            select m.id, r.edit, m.rank from matching m join readable r on r.id = m.folder_id
            where m.deleted_at is null
            order by m.rank desc, m.updated_at desc, m.id limit ${limit}
          )
          select ${fileColumns}, found.edit,
                 case when f.content is null then null
                      else ts_headline('russian', left(f.content, 50000), terms.ru,
                        'StartSel=«,StopSel=»,MaxWords=24,MinWords=8,MaxFragments=1') end as snippet
          from found join drive_files f on f.id = found.id ${fileJoins}, terms
          order by found.rank desc, f.updated_at desc, f.id`;
}
