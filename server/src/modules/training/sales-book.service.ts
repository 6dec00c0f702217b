import type {
  SalesBookArticle,
  salesBookArticlePageSchema,
  salesBookArticlePatchSchema,
  salesBookArticleQuerySchema,
  salesBookArticleWriteSchema,
} from "@planerka/common";
import { salesBookBodyMaxChars, salesBookFilesMax } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { invalid, notFound, staleVersion } from "../../platform/errors/problem";
import { richTextOf, richTextToPlain } from "../../platform/text/rich-text";
import { driveFilesToCarryOrThrow } from "../drive/drive-file.service";
import { prefixQuery } from "../drive/drive-search.service";
import { presentArticle, presentArticleSummary } from "./sales-book.presenter";
import { type ArticleFileRow, listArticles, loadArticle, loadArticleFile, searchArticles } from "./sales-book.queries";
import { assertManagesOrThrow, lockSectionOrThrow, sectionOrThrow } from "./sales-book-section.service";

type ArticleQuery = z.infer<typeof salesBookArticleQuerySchema>;
type ArticleWrite = z.infer<typeof salesBookArticleWriteSchema>;
type ArticlePatch = z.infer<typeof salesBookArticlePatchSchema>;

/** A section's articles in its order, or with `q` the articles found, best first, with a snippet each. */
export async function listArticlesOrThrow(
  db: Database,
  actor: Actor,
  query: ArticleQuery,
): Promise<z.infer<typeof salesBookArticlePageSchema>> {
  if (query.sectionId) await sectionOrThrow(db, actor, query.sectionId);
  const q = query.q?.trim();
  const options = { sectionId: query.sectionId, limit: query.limit, offset: query.offset };
  let page: Awaited<ReturnType<typeof listArticles>>;
  if (q) {
    const terms = prefixQuery(q);
    page = terms === null ? { items: [], total: 0 } : await searchArticles(db, { ...options, terms });
  } else page = await listArticles(db, options);
  return { items: page.items.map((row) => presentArticleSummary(row, actor)), total: page.total };
}

/** A live article in a live section; 404 for anything else. */
export async function articleOrThrow(executor: Executor, actor: Actor, articleId: string): Promise<SalesBookArticle> {
  const row = await loadArticle(executor, articleId, actor.user.id);
  if (!row) throw notFound();
  return presentArticle(row, actor);
}

/** The editor's HTML sanitised to the allowlist, and its words for search; 422 on `body` when empty or too long. */
function articleBodyOrThrow(input: string): { html: string; text: string } {
  const html = richTextOf(input);
  if (input.length > salesBookBodyMaxChars || html.length > salesBookBodyMaxChars)
    throw invalid("body", `The article is too long: at most ${salesBookBodyMaxChars} characters of formatted text`);
  const text = richTextToPlain(html);
  if (!text) throw invalid("body", "Write the article's text");
  return { html, text };
}

async function carryFilesOrThrow(tx: Executor, actor: Actor, articleId: string, driveFileIds: readonly string[]) {
  const files = await driveFilesToCarryOrThrow(tx, actor, driveFileIds, "driveFileIds");
  for (const file of files) {
    await tx.execute(
      sql`insert into sales_book_article_files (article_id, name, mime_type, size, blob_id)
          values (${articleId}, ${file.name}, ${file.mimeType}, ${file.size}, ${file.blobId})`,
    );
  }
}

export async function createArticleOrThrow(db: Database, actor: Actor, input: ArticleWrite): Promise<SalesBookArticle> {
  assertManagesOrThrow(actor);
  const body = articleBodyOrThrow(input.body);
  return db.transaction(async (tx) => {
    await lockSectionOrThrow(tx, input.sectionId, "sectionId");
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into sales_book_articles (section_id, title, body, body_text, position, author_id)
          values (${input.sectionId}, ${input.title}, ${body.html}, ${body.text},
            (select coalesce(max(position) + 1, 0) from sales_book_articles where section_id = ${input.sectionId}),
            ${actor.user.id})
          returning id`,
    );
    const articleId = created!.id;
    await carryFilesOrThrow(tx, actor, articleId, input.driveFileIds ?? []);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "sales_book_article",
      entityId: articleId,
      action: "create",
    });
    return articleOrThrow(tx, actor, articleId);
  });
}

/**
 * Changes the title, the text or the files, or moves the article to another section (at its end).
 * The version must be the one the editor started from: another's change in between is a 409.
 */
export async function updateArticleOrThrow(
  db: Database,
  actor: Actor,
  articleId: string,
  input: ArticlePatch,
): Promise<SalesBookArticle> {
  assertManagesOrThrow(actor);
  const body = input.body === undefined ? null : articleBodyOrThrow(input.body);
  return db.transaction(async (tx) => {
    const current = await articleOrThrow(tx, actor, articleId);
    if (current.version !== input.version) throw staleVersion();
    const carried = new Set(current.files.map((file) => file.id));
    const removed = [...new Set(input.removeFileIds ?? [])];
    if (removed.some((id) => !carried.has(id))) throw invalid("removeFileIds", "The article carries no such file");
    const added = [...new Set(input.driveFileIds ?? [])];
    if (carried.size - removed.length + added.length > salesBookFilesMax)
      throw invalid("driveFileIds", `An article carries at most ${salesBookFilesMax} files`);
    const moved = input.sectionId !== undefined && input.sectionId !== current.section.id;
    if (moved) await lockSectionOrThrow(tx, input.sectionId!, "sectionId");
    const updated = await rows(
      tx,
      sql`update sales_book_articles set
            title = coalesce(${input.title ?? null}, title),
            body = coalesce(${body?.html ?? null}, body),
            body_text = coalesce(${body?.text ?? null}, body_text),
            section_id = ${moved ? sql`${input.sectionId!}::uuid` : sql`section_id`},
            position = ${
              moved
                ? sql`(select coalesce(max(position) + 1, 0) from sales_book_articles where section_id = ${input.sectionId!})`
                : sql`position`
            },
            updated_at = now(), version = version + 1
          where id = ${articleId} and version = ${input.version} and deleted_at is null
          returning id`,
    );
    if (updated.length === 0) throw staleVersion();
    if (removed.length > 0)
      await tx.execute(
        sql`delete from sales_book_article_files where article_id = ${articleId} and id in (${sql.join(
          removed.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      );
    await carryFilesOrThrow(tx, actor, articleId, added);
    const changes = diffFields(
      { title: current.title, sectionId: current.section.id },
      {
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(moved ? { sectionId: input.sectionId } : {}),
      },
      ["title", "sectionId"],
    );
    if (body && body.html !== current.body) changes.push({ field: "body", old: null, new: null });
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "sales_book_article",
      entityId: articleId,
      action: "update",
      changes,
    });
    return articleOrThrow(tx, actor, articleId);
  });
}

export async function deleteArticleOrThrow(db: Database, actor: Actor, articleId: string): Promise<void> {
  assertManagesOrThrow(actor);
  await db.transaction(async (tx) => {
    await articleOrThrow(tx, actor, articleId);
    await tx.execute(sql`update sales_book_articles set deleted_at = now() where id = ${articleId}`);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "sales_book_article",
      entityId: articleId,
      action: "delete",
    });
  });
}

/** «Было полезно»: one answer per reader and article; answering again changes it. */
export async function answerFeedbackOrThrow(
  db: Database,
  actor: Actor,
  articleId: string,
  helpful: boolean,
): Promise<SalesBookArticle> {
  return db.transaction(async (tx) => {
    await articleOrThrow(tx, actor, articleId);
    await tx.execute(
      sql`insert into sales_book_feedback (article_id, user_id, helpful) values (${articleId}, ${actor.user.id}, ${helpful})
          on conflict (article_id, user_id) do update set helpful = excluded.helpful, answered_at = now()`,
    );
    return articleOrThrow(tx, actor, articleId);
  });
}

/** A file a live article carries, for any reader of the sales book. */
export async function articleFileOrThrow(
  db: Database,
  actor: Actor,
  articleId: string,
  fileId: string,
): Promise<ArticleFileRow> {
  await articleOrThrow(db, actor, articleId);
  const file = await loadArticleFile(db, articleId, fileId);
  if (!file) throw notFound();
  return file;
}
