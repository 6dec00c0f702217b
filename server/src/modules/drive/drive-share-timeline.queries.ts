import type { TimelineItem } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { toIso } from "../../platform/db/sql-values";

/**
 * «Клиент скачал файл … по ссылке» on the card a link was given for: each download through a link
 * whose record is this one. Whoever reads the card sees them (the link was given for it); the one
 * who gave the link is the author.
 */
export async function shareDownloadTimelineItems(
  executor: Executor,
  auditName: string,
  id: string,
  before: string,
  limit: number,
): Promise<TimelineItem[]> {
  const found = await rows<{
    id: string;
    at: Date;
    linkId: string;
    fileId: string | null;
    fileName: string;
    authorId: string;
    authorName: string;
  }>(
    executor,
    sql`select d.id, d.at, d.link_id as "linkId", d.file_id as "fileId", d.file_name as "fileName",
          l.created_by as "authorId", u.name as "authorName"
        from drive_share_downloads d join drive_share_links l on l.id = d.link_id join users u on u.id = l.created_by
        where l.entity_type = ${auditName} and l.entity_id = ${id} and d.at < ${before}::timestamptz
        order by d.at desc limit ${limit}`,
  );
  return found.map((row) => ({
    id: `download:${row.id}`,
    kind: "download" as const,
    at: toIso(row.at),
    authorId: row.authorId,
    authorName: row.authorName,
    title: row.fileName,
    body: null,
    activity: null,
    stage: null,
    download: { linkId: row.linkId, fileId: row.fileId, fileName: row.fileName },
  }));
}
