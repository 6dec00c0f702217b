import { z } from "zod";
import { chatFileSchema } from "./chat";
import { idSchema, queryIntSchema, text, versionSchema } from "./shared";
import { personRefSchema } from "./tasks";

/**
 * «Книга продаж»: the company's knowledge base, articles in sections. Everyone reads it; heads,
 * tops and administrators write it. Every record carries the `abilities` the server decided.
 */

/** The most an article's formatted text may hold (its sanitised HTML), in characters. */
export const salesBookBodyMaxChars = 100_000;
/** Drive files one article may carry. */
export const salesBookFilesMax = 20;

export const salesBookAbilitiesSchema = z.object({ edit: z.boolean(), delete: z.boolean() });

export const salesBookSectionSchema = z.object({
  id: idSchema,
  title: z.string(),
  position: z.number().int(),
  /** Articles in it (not deleted). */
  articleCount: z.number().int(),
  /** `delete` only when the section is empty: a section with articles is never removed. */
  abilities: salesBookAbilitiesSchema,
});
export type SalesBookSection = z.infer<typeof salesBookSectionSchema>;

export const salesBookSectionsSchema = z.object({
  items: z.array(salesBookSectionSchema),
  /** Whether the caller may add sections and articles. */
  abilities: z.object({ create: z.boolean() }),
});

export const salesBookSectionWriteSchema = z.strictObject({ title: text(200) });

export const salesBookSectionOrderSchema = z.strictObject({
  /** Sections in their new order; sections not named keep their order after these. */
  sectionIds: z.array(idSchema).min(1).max(500),
});

/** A piece of an article's text around what was searched; `match` marks the words found. */
export const salesBookSnippetSchema = z.array(z.object({ text: z.string(), match: z.boolean() }));
export type SalesBookSnippet = z.infer<typeof salesBookSnippetSchema>;

export const salesBookArticleSummarySchema = z.object({
  id: idSchema,
  section: z.object({ id: idSchema, title: z.string() }),
  title: z.string(),
  /** With a search: the best fragment, the words found marked; without: the article's beginning. */
  snippet: salesBookSnippetSchema,
  author: personRefSchema,
  updatedAt: z.string(),
  helpfulCount: z.number().int(),
  fileCount: z.number().int(),
  abilities: salesBookAbilitiesSchema,
});
export type SalesBookArticleSummary = z.infer<typeof salesBookArticleSummarySchema>;

export const salesBookArticleQuerySchema = z.object({
  sectionId: idSchema.optional(),
  /** Full text in Russian and English word forms; title matches first. */
  q: z.string().trim().max(200).optional(),
  limit: queryIntSchema(1, 200).default(50),
  offset: queryIntSchema(0, 100_000).default(0),
});

export const salesBookArticlePageSchema = z.object({
  items: z.array(salesBookArticleSummarySchema),
  total: z.number().int(),
});

export const salesBookArticleSchema = z.object({
  id: idSchema,
  section: z.object({ id: idSchema, title: z.string() }),
  title: z.string(),
  /** Sanitised HTML. */
  body: z.string(),
  files: z.array(chatFileSchema),
  author: personRefSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** «Было полезно»: how many answered yes and no, and the caller's own answer (null: none yet). */
  feedback: z.object({ helpful: z.number().int(), notHelpful: z.number().int(), mine: z.boolean().nullable() }),
  abilities: salesBookAbilitiesSchema,
});
export type SalesBookArticle = z.infer<typeof salesBookArticleSchema>;

/** The body is checked on the server after sanitising (422 naming `body` when too long or empty). */
const articleBodySchema = z.string().trim().min(1);

export const salesBookArticleWriteSchema = z.strictObject({
  sectionId: idSchema,
  title: text(300),
  /** Rich text from the editor (sanitised on the server). */
  body: articleBodySchema,
  /** Drive files the author may read, carried by the article (their bytes shared, not copied). */
  driveFileIds: z.array(idSchema).max(salesBookFilesMax).optional(),
});
export type SalesBookArticleInput = z.input<typeof salesBookArticleWriteSchema>;

export const salesBookArticlePatchSchema = z.strictObject({
  /** Moves the article to another section (at its end). */
  sectionId: idSchema.optional(),
  title: text(300).optional(),
  body: articleBodySchema.optional(),
  /** More drive files to carry. */
  driveFileIds: z.array(idSchema).max(salesBookFilesMax).optional(),
  /** Files the article carries (their ids in `files`) to drop. */
  removeFileIds: z.array(idSchema).max(salesBookFilesMax).optional(),
  version: versionSchema,
});
export type SalesBookArticlePatch = z.input<typeof salesBookArticlePatchSchema>;

export const salesBookFeedbackWriteSchema = z.strictObject({ helpful: z.boolean() });
