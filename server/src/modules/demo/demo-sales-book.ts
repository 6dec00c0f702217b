import type { Role } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Database, rows } from "../../platform/db/database";
import { computeScope } from "../../platform/scope/access-scope";
import { createArticleOrThrow } from "../training/sales-book.service";
import { createSectionOrThrow } from "../training/sales-book-section.service";
import { demoSalesBook } from "./demo-sales-book-articles";

interface DemoPerson {
  id: string;
  login: string;
  name: string;
  role: Role;
  unitId: string;
}

/**
 * The demo's sales book, written by the director through the same service a head uses: a section
 * on welding equipment and one on working in Planerka. Runs once, on a new demo company (as the
 * rest of the demo); a book that already has sections is left alone.
 */
export async function seedDemoSalesBook(db: Database): Promise<{ sections: number; articles: number }> {
  const [existing] = await rows<{ count: number }>(
    db,
    sql`select count(*)::int as count from sales_book_sections where deleted_at is null`,
  );
  const [author] = await rows<DemoPerson>(
    db,
    sql`select id, login, name, role, unit_id as "unitId" from users where role = 'top' order by created_at, login limit 1`,
  );
  if (!author || Number(existing?.count ?? 0) > 0) return { sections: 0, articles: 0 };
  const actor = { user: author, scope: await computeScope(db, author), via: "session" as const };
  let articles = 0;
  for (const section of demoSalesBook) {
    const created = await createSectionOrThrow(db, actor, section.title);
    for (const article of section.articles) {
      await createArticleOrThrow(db, actor, { sectionId: created.id, title: article.title, body: article.body.trim() });
      articles += 1;
    }
  }
  return { sections: demoSalesBook.length, articles };
}
