import { type Coverage, missingId } from "./coverage-kit";
import { marker, type World } from "./world";

const book = "/api/v1/sales-book";
/** The sales book is the company's, not anyone's record: who reads and who writes is by role. */
const company = (what: string): Coverage => ({
  kind: "exempt",
  reason: `${what}; sales-book.test.ts checks a manager's 403 on writes and a deleted record's 404 everywhere`,
});
const articleUrl = (world: World) => `${book}/articles/${world.ids.salesBookArticle}`;

/**
 * «Книга продаж»: the world holds the company's section and article (the admin's). Reads hold
 * nothing of A1's; a write naming A1's drive file is refused as if the file did not exist.
 */
export const salesBookCoverage: Record<string, Coverage | readonly Coverage[]> = {
  "GET /api/v1/sales-book/sections": { kind: "listing" },
  "POST /api/v1/sales-book/sections": company("a section of the company's book, written by heads, tops and admins"),
  "PUT /api/v1/sales-book/sections/order": company("the order of the company's sections"),
  "PATCH /api/v1/sales-book/sections/{id}": company("renames a section of the company's book"),
  "DELETE /api/v1/sales-book/sections/{id}": company("removes an empty section of the company's book"),
  "GET /api/v1/sales-book/articles": [
    { kind: "listing" },
    { kind: "listing", url: () => `${book}/articles?q=${encodeURIComponent(marker)}` },
    { kind: "listing", url: (world) => `${book}/articles?sectionId=${world.ids.salesBookSection}` },
  ],
  "POST /api/v1/sales-book/articles": {
    kind: "reference",
    cases: [
      {
        body: (world) => ({
          sectionId: world.ids.salesBookSection,
          title: "Чужой файл",
          body: "Текст",
          driveFileIds: [world.ids.driveFile],
        }),
        missing: (world) => ({
          sectionId: world.ids.salesBookSection,
          title: "Чужой файл",
          body: "Текст",
          driveFileIds: [missingId],
        }),
      },
    ],
  },
  "GET /api/v1/sales-book/articles/{id}": company("an article of the company's book every employee reads"),
  "PATCH /api/v1/sales-book/articles/{id}": {
    kind: "reference",
    url: articleUrl,
    cases: [
      {
        body: (world) => ({ driveFileIds: [world.ids.driveFile], version: 1 }),
        missing: () => ({ driveFileIds: [missingId], version: 1 }),
      },
    ],
  },
  "DELETE /api/v1/sales-book/articles/{id}": company("removes an article of the company's book"),
  "PUT /api/v1/sales-book/articles/{id}/feedback": company("the caller's own «Было полезно» on a company article"),
  "GET /api/v1/sales-book/articles/{id}/files/{fileId}": company(
    "a file a company article carries, reached only through its live article",
  ),
};
