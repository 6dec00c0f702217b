import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";

/** What ts_headline puts around the words found: private-use characters, never in the text itself. */
export const snippetStart = "\uE000";
export const snippetStop = "\uE001";

export interface SectionRow {
  id: string;
  title: string;
  position: number;
  articleCount: number;
}

/** The live sections in their order, each with how many live articles it holds. */
export function loadSections(executor: Executor, condition: SQL = sql`true`): Promise<SectionRow[]> {
  return rows<SectionRow>(
    executor,
    sql`select s.id, s.title, s.position,
          (select count(*)::int from sales_book_articles a where a.section_id = s.id and a.deleted_at is null)
            as "articleCount"
        from sales_book_sections s
        where s.deleted_at is null and ${condition}
        order by s.position, s.title, s.id`,
  );
}

export async function loadSection(executor: Executor, sectionId: string): Promise<SectionRow | undefined> {
  const [row] = await loadSections(executor, sql`s.id = ${sectionId}`);
  return row;
}

export interface ArticleRow {
  id: string;
  sectionId: string;
  sectionTitle: string;
  title: string;
  body: string;
  authorId: string;
  authorName: string;
  createdAt: Date | string;
  updatedAt: Date | string;
  version: number;
  files: { id: string; name: string; mimeType: string; size: number }[];
  helpful: number;
  notHelpful: number;
  mine: boolean | null;
}

/**
 * One live article in a live section with everything its page shows: files, the author, the
 * counts of «Было полезно» answers and the reader's own answer.
 */
export async function loadArticle(
  executor: Executor,
  articleId: string,
  readerId: string,
): Promise<ArticleRow | undefined> {
  const [row] = await rows<ArticleRow>(
    executor,
    sql`select a.id, a.section_id as "sectionId", s.title as "sectionTitle", a.title, a.body,
          a.author_id as "authorId", u.name as "authorName", a.created_at as "createdAt",
          a.updated_at as "updatedAt", a.version,
          coalesce((select json_agg(json_build_object('id', f.id, 'name', f.name, 'mimeType', f.mime_type,
                                                      'size', f.size) order by f.name, f.id)
                    from sales_book_article_files f where f.article_id = a.id), '[]') as files,
          (select count(*)::int from sales_book_feedback fb where fb.article_id = a.id and fb.helpful) as helpful,
          (select count(*)::int from sales_book_feedback fb where fb.article_id = a.id and not fb.helpful)
            as "notHelpful",
          (select fb.helpful from sales_book_feedback fb where fb.article_id = a.id and fb.user_id = ${readerId})
            as mine
        from sales_book_articles a
        join sales_book_sections s on s.id = a.section_id and s.deleted_at is null
        join users u on u.id = a.author_id
        where a.id = ${articleId} and a.deleted_at is null`,
  );
  return row;
}

export interface ArticleSummaryRow {
  id: string;
  sectionId: string;
  sectionTitle: string;
  title: string;
  snippet: string;
  authorId: string;
  authorName: string;
  updatedAt: Date | string;
  helpfulCount: number;
  fileCount: number;
}

const summaryColumns = sql`a.id, a.section_id as "sectionId", s.title as "sectionTitle", a.title,
  a.author_id as "authorId", u.name as "authorName", a.updated_at as "updatedAt",
  (select count(*)::int from sales_book_feedback fb where fb.article_id = a.id and fb.helpful) as "helpfulCount",
  (select count(*)::int from sales_book_article_files f where f.article_id = a.id) as "fileCount"`;

const liveArticles = sql`sales_book_articles a
  join sales_book_sections s on s.id = a.section_id and s.deleted_at is null
  join users u on u.id = a.author_id`;

/** A section's articles (or all of them) in the section's order, each with the beginning of its text. */
export async function listArticles(
  executor: Executor,
  options: { sectionId?: string; limit: number; offset: number },
): Promise<{ items: ArticleSummaryRow[]; total: number }> {
  const section = options.sectionId ? sql`a.section_id = ${options.sectionId}` : sql`true`;
  const where = sql`a.deleted_at is null and ${section}`;
  const items = await rows<ArticleSummaryRow>(
    executor,
    sql`select ${summaryColumns},
          left(a.body_text, 240) || case when length(a.body_text) > 240 then '…' else '' end as snippet
        from ${liveArticles} where ${where}
        order by s.position, s.title, a.position, a.title, a.id
        limit ${options.limit} offset ${options.offset}`,
  );
  const [count] = await rows<{ total: number }>(
    executor,
    sql`select count(*)::int as total from ${liveArticles} where ${where}`,
  );
  return { items, total: count?.total ?? 0 };
}

/**
 * Articles whose title or text matches `terms` (every word as a stem prefix, `prefixQuery`), in
 * Russian and English word forms, through the GIN index on `search`. Title matches come first,
 * then the rank (the title is weighted A), then the newest. The snippet is ts_headline's best
 * fragment of the text with the words found between `snippetStart` and `snippetStop`.
 */
export async function searchArticles(
  executor: Executor,
  options: { terms: string; sectionId?: string; limit: number; offset: number },
): Promise<{ items: ArticleSummaryRow[]; total: number }> {
  const section = options.sectionId ? sql`a.section_id = ${options.sectionId}` : sql`true`;
  const terms = sql`(select to_tsquery('russian', ${options.terms}) as ru,
                            to_tsquery('russian', ${options.terms}) || to_tsquery('english', ${options.terms}) as words) terms`;
  const where = sql`a.deleted_at is null and ${section} and a.search @@ terms.words`;
  const items = await rows<ArticleSummaryRow>(
    executor,
    sql`select ${summaryColumns},
          ts_headline('russian', left(a.body_text, 50000), terms.words,
            ${`StartSel=${snippetStart},StopSel=${snippetStop},MaxWords=30,MinWords=12,MaxFragments=2,FragmentDelimiter=" … "`})
            as snippet
        from ${liveArticles}, ${terms}
        where ${where}
        order by (to_tsvector('russian', a.title) || to_tsvector('english', a.title)) @@ terms.words desc,
          ts_rank(a.search, terms.words) desc, a.updated_at desc, a.id
        limit ${options.limit} offset ${options.offset}`,
  );
  const [count] = await rows<{ total: number }>(
    executor,
    sql`select count(*)::int as total from ${liveArticles}, ${terms} where ${where}`,
  );
  return { items, total: count?.total ?? 0 };
}

export interface ArticleFileRow {
  name: string;
  mimeType: string;
  size: number;
  storageKey: string;
}

/** A file a live article carries, with where its bytes are. */
export async function loadArticleFile(
  executor: Executor,
  articleId: string,
  fileId: string,
): Promise<ArticleFileRow | undefined> {
  const [file] = await rows<ArticleFileRow>(
    executor,
    sql`select f.name, f.mime_type as "mimeType", f.size::float8 as size, b.storage_key as "storageKey"
        from sales_book_article_files f join drive_blobs b on b.id = f.blob_id
        where f.id = ${fileId} and f.article_id = ${articleId}`,
  );
  return file;
}
