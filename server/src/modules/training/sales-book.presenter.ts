import type { SalesBookArticle, SalesBookArticleSummary, SalesBookSection, SalesBookSnippet } from "@planerka/common";
import type { Actor } from "../../platform/auth/authenticate";
import { toIso } from "../../platform/db/sql-values";
import { mayManageTraining } from "../../policies/training";
import { presentFile } from "../chat/chat.presenter";
import {
  type ArticleRow,
  type ArticleSummaryRow,
  type SectionRow,
  snippetStart,
  snippetStop,
} from "./sales-book.queries";

/** The sales book is the company's: whoever manages training edits and deletes any of it. */
function abilitiesOf(actor: Actor) {
  const manage = mayManageTraining(actor);
  return { edit: manage, delete: manage };
}

export function presentSection(row: SectionRow, actor: Actor): SalesBookSection {
  const manage = mayManageTraining(actor);
  return {
    id: row.id,
    title: row.title,
    position: row.position,
    articleCount: row.articleCount,
    abilities: { edit: manage, delete: manage && row.articleCount === 0 },
  };
}

/**
 * ts_headline's fragment as pieces of plain text, the words found marked: the web renders them as
 * text, so nothing in an article's words can become markup.
 */
export function snippetPieces(headline: string): SalesBookSnippet {
  const pieces: SalesBookSnippet = [];
  const pattern = new RegExp(`${snippetStart}([^${snippetStop}]*)${snippetStop}`, "g");
  let last = 0;
  for (const found of headline.matchAll(pattern)) {
    if (found.index > last) pieces.push({ text: headline.slice(last, found.index), match: false });
    if (found[1]) pieces.push({ text: found[1], match: true });
    last = found.index + found[0].length;
  }
  const rest = headline.slice(last).replaceAll(snippetStart, "").replaceAll(snippetStop, "");
  if (rest) pieces.push({ text: rest, match: false });
  return pieces;
}

export function presentArticleSummary(row: ArticleSummaryRow, actor: Actor): SalesBookArticleSummary {
  return {
    id: row.id,
    section: { id: row.sectionId, title: row.sectionTitle },
    title: row.title,
    snippet: snippetPieces(row.snippet),
    author: { id: row.authorId, name: row.authorName },
    updatedAt: toIso(row.updatedAt),
    helpfulCount: row.helpfulCount,
    fileCount: row.fileCount,
    abilities: abilitiesOf(actor),
  };
}

export function presentArticle(row: ArticleRow, actor: Actor): SalesBookArticle {
  return {
    id: row.id,
    section: { id: row.sectionId, title: row.sectionTitle },
    title: row.title,
    body: row.body,
    files: row.files.map((file) => presentFile({ ...file, size: Number(file.size) })),
    author: { id: row.authorId, name: row.authorName },
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    version: row.version,
    feedback: { helpful: row.helpful, notHelpful: row.notHelpful, mine: row.mine },
    abilities: abilitiesOf(actor),
  };
}
