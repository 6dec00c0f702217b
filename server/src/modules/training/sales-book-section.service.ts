import type { SalesBookSection, salesBookSectionsSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { conflict, forbidden, invalid, notFound, taken } from "../../platform/errors/problem";
import { mayManageTraining } from "../../policies/training";
import { presentSection } from "./sales-book.presenter";
import { loadSection, loadSections } from "./sales-book.queries";

/** «Книга продаж»'s sections: listed for everyone, written by those who manage training. */

/** The guard lets only heads, tops and admins through (training:manage); this keeps a service call honest too. */
export function assertManagesOrThrow(actor: Actor) {
  if (!mayManageTraining(actor)) throw forbidden("Only heads, tops and administrators write the sales book");
}

export async function listSectionsOrThrow(
  db: Database,
  actor: Actor,
): Promise<z.infer<typeof salesBookSectionsSchema>> {
  const sections = await loadSections(db);
  return {
    items: sections.map((row) => presentSection(row, actor)),
    abilities: { create: mayManageTraining(actor) },
  };
}

export async function sectionOrThrow(executor: Executor, actor: Actor, sectionId: string): Promise<SalesBookSection> {
  const row = await loadSection(executor, sectionId);
  if (!row) throw notFound();
  return presentSection(row, actor);
}

/** Locks a live section against being deleted while an article goes into it; 422 on `field` when there is none. */
export async function lockSectionOrThrow(executor: Executor, sectionId: string, field: string): Promise<void> {
  const found = await rows(
    executor,
    sql`select id from sales_book_sections where id = ${sectionId} and deleted_at is null for update`,
  );
  if (found.length === 0) throw invalid(field, "No such section in the sales book");
}

async function assertTitleFreeOrThrow(executor: Executor, title: string, exceptId: string | null) {
  const same = await rows(
    executor,
    sql`select 1 from sales_book_sections
        where deleted_at is null and lower(title) = lower(${title}) and id is distinct from ${exceptId}::uuid`,
  );
  if (same.length > 0) throw taken("title", "A section with this title already exists");
}

export async function createSectionOrThrow(db: Database, actor: Actor, title: string): Promise<SalesBookSection> {
  assertManagesOrThrow(actor);
  return db.transaction(async (tx) => {
    await assertTitleFreeOrThrow(tx, title, null);
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into sales_book_sections (title, position)
          values (${title}, (select coalesce(max(position) + 1, 0) from sales_book_sections where deleted_at is null))
          returning id`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "sales_book_section",
      entityId: created!.id,
      action: "create",
    });
    return sectionOrThrow(tx, actor, created!.id);
  });
}

export async function renameSectionOrThrow(
  db: Database,
  actor: Actor,
  sectionId: string,
  title: string,
): Promise<SalesBookSection> {
  assertManagesOrThrow(actor);
  return db.transaction(async (tx) => {
    const before = await sectionOrThrow(tx, actor, sectionId);
    await assertTitleFreeOrThrow(tx, title, sectionId);
    await tx.execute(sql`update sales_book_sections set title = ${title} where id = ${sectionId}`);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "sales_book_section",
      entityId: sectionId,
      action: "update",
      changes: diffFields(before, { title }, ["title"]),
    });
    return sectionOrThrow(tx, actor, sectionId);
  });
}

/** The named sections first, in the order given; the others keep their order after them. */
export async function reorderSectionsOrThrow(
  db: Database,
  actor: Actor,
  sectionIds: readonly string[],
): Promise<z.infer<typeof salesBookSectionsSchema>> {
  assertManagesOrThrow(actor);
  if (new Set(sectionIds).size !== sectionIds.length) throw invalid("sectionIds", "Name each section once");
  await db.transaction(async (tx) => {
    const sections = await loadSections(tx);
    const known = new Set(sections.map((section) => section.id));
    if (sectionIds.some((id) => !known.has(id))) throw invalid("sectionIds", "No such section in the sales book");
    const named = new Set(sectionIds);
    const order = [...sectionIds, ...sections.filter((section) => !named.has(section.id)).map((section) => section.id)];
    await tx.execute(
      sql`update sales_book_sections s set position = o.position
          from (select (value)::uuid as id, (ordinality - 1)::int as position
                from jsonb_array_elements_text(${JSON.stringify(order)}::jsonb) with ordinality) o
          where s.id = o.id`,
    );
  });
  return listSectionsOrThrow(db, actor);
}

/** Only an empty section goes: its articles are moved or deleted first, so nothing is lost with it. */
export async function deleteSectionOrThrow(db: Database, actor: Actor, sectionId: string): Promise<void> {
  assertManagesOrThrow(actor);
  await db.transaction(async (tx) => {
    const locked = await rows(
      tx,
      sql`select id from sales_book_sections where id = ${sectionId} and deleted_at is null for update`,
    );
    if (locked.length === 0) throw notFound();
    const section = await sectionOrThrow(tx, actor, sectionId);
    if (section.articleCount > 0)
      throw conflict(
        `The section holds ${section.articleCount} article(s): move them to another section or delete them first`,
      );
    await tx.execute(sql`update sales_book_sections set deleted_at = now() where id = ${sectionId}`);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "sales_book_section",
      entityId: sectionId,
      action: "delete",
    });
  });
}
