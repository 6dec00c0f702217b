import {
  type SalesBookArticle,
  type SalesBookArticleInput,
  type SalesBookArticlePatch,
  salesBookArticlePageSchema,
  salesBookArticleSchema,
  salesBookSectionSchema,
  salesBookSectionsSchema,
} from "@planerka/common";
import { keepPreviousData, type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, apiUrl, apiVoid } from "../../lib/api";

const book = "/sales-book";

export const salesBookSectionsQuery = queryOptions({
  queryKey: ["sales-book", "sections"],
  queryFn: ({ signal }) => api(`${book}/sections`, salesBookSectionsSchema, { signal }),
});

/** A section's articles in order, or with `q` the articles found anywhere in the book. */
export const salesBookArticlesQuery = (filter: { sectionId?: string; q?: string }) =>
  queryOptions({
    queryKey: ["sales-book", "articles", filter],
    queryFn: ({ signal }) =>
      api(`${book}/articles`, salesBookArticlePageSchema, { signal, query: { ...filter, limit: 200 } }),
    placeholderData: keepPreviousData,
    enabled: Boolean(filter.sectionId || filter.q),
  });

export const salesBookArticleQuery = (articleId: string) =>
  queryOptions({
    queryKey: ["sales-book", "article", articleId],
    queryFn: ({ signal }) => api(`${book}/articles/${articleId}`, salesBookArticleSchema, { signal }),
  });

export const createSection = (title: string) =>
  api(`${book}/sections`, salesBookSectionSchema, { method: "POST", json: { title } });
export const renameSection = (sectionId: string, title: string) =>
  api(`${book}/sections/${sectionId}`, salesBookSectionSchema, { method: "PATCH", json: { title } });
export const reorderSections = (sectionIds: string[]) =>
  api(`${book}/sections/order`, salesBookSectionsSchema, { method: "PUT", json: { sectionIds } });
export const deleteSection = (sectionId: string) => apiVoid(`${book}/sections/${sectionId}`, { method: "DELETE" });

export const createArticle = (input: SalesBookArticleInput) =>
  api(`${book}/articles`, salesBookArticleSchema, { method: "POST", json: input });
export const updateArticle = (articleId: string, patch: SalesBookArticlePatch) =>
  api(`${book}/articles/${articleId}`, salesBookArticleSchema, { method: "PATCH", json: patch });
export const deleteArticle = (articleId: string) => apiVoid(`${book}/articles/${articleId}`, { method: "DELETE" });
export const answerFeedback = (articleId: string, helpful: boolean) =>
  api(`${book}/articles/${articleId}/feedback`, salesBookArticleSchema, { method: "PUT", json: { helpful } });
export const articleFileUrl = (articleId: string, fileId: string) =>
  apiUrl(`${book}/articles/${articleId}/files/${fileId}`);

/** After a change: the sections and lists load again; `article` goes in at once where known. */
export function refreshSalesBook(queryClient: QueryClient, article?: SalesBookArticle) {
  if (article) queryClient.setQueryData(salesBookArticleQuery(article.id).queryKey, article);
  void queryClient.invalidateQueries({ queryKey: ["sales-book"] });
}
