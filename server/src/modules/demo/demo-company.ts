import { sql } from "drizzle-orm";
import { hashPassword } from "../../platform/auth/password";
import { type DatabaseHandle, rows } from "../../platform/db/database";
import { units, users } from "../../platform/db/schema";
import { createCompany } from "../settings/company-setup";
import { seedDemoBonusSchemes } from "./demo-bonuses";
import { seedDemoCrm } from "./demo-crm";
import { seedDemoFeed, seedDemoFeedEvents } from "./demo-feed";
import { seedDemoGroups } from "./demo-groups";
import { buildDemoOrganisation, demoCompanyName, pickDemoLogins } from "./demo-organisation";
import { seedDemoSalesBook } from "./demo-sales-book";
import { seedDemoTraining } from "./demo-training";
import { seedDemoWork } from "./demo-work";

export const demoPassword = "demo";
export const demoLogins = pickDemoLogins();

/** Creates the demo company on an empty database; returns false when there already is one. */
export async function seedDemoCompanyIfEmpty(
  handle: DatabaseHandle,
  options: { log?: (line: string) => void; withCrm?: boolean } = {},
): Promise<boolean> {
  const db = handle.db;
  const log = options.log ?? (() => {});
  const [existing] = await rows<{ count: number }>(db, sql`select count(*)::int as count from users`);
  if (Number(existing?.count ?? 0) > 0) return false;
  log("Creating the demo company…");
  const organisation = buildDemoOrganisation();
  // One hash for every demo account: they all share the well-known password anyway.
  const passwordHash = await hashPassword(demoPassword);
  await db.transaction(async (tx) => {
    const { rootUnitId } = await createCompany(tx, demoCompanyName);
    const unitIds = new Map<string, string>([["company", rootUnitId]]);
    for (const unit of organisation.units.slice(1)) {
      const [created] = await tx
        .insert(units)
        .values({ name: unit.name, kind: unit.kind, parentId: unitIds.get(unit.parentKey!)! })
        .returning({ id: units.id });
      unitIds.set(unit.key, created!.id);
    }
    const userIds = new Map<string, string>();
    const inserted = await tx
      .insert(users)
      .values(
        organisation.users.map((user) => ({
          login: user.login,
          passwordHash,
          name: user.name,
          position: user.position,
          email: user.email,
          phone: user.phone,
          role: user.role,
          unitId: unitIds.get(user.unitKey)!,
        })),
      )
      .returning({ id: users.id, login: users.login });
    for (const row of inserted) userIds.set(organisation.users.find((user) => user.login === row.login)!.key, row.id);
    for (const unit of organisation.units) {
      if (!unit.headKey) continue;
      await tx
        .update(units)
        .set({ headUserId: userIds.get(unit.headKey)! })
        .where(sql`${units.id} = ${unitIds.get(unit.key)!}`);
    }
  });
  log(`Demo company: ${organisation.units.length} units, ${organisation.users.length} users.`);
  const groups = await seedDemoGroups(db);
  log(`Groups: ${groups.groups} groups and projects with ${groups.tasks} tasks.`);
  log(`Feed: ${await seedDemoFeed(db)} posts.`);
  const book = await seedDemoSalesBook(db);
  log(`Sales book: ${book.sections} sections, ${book.articles} articles.`);
  const training = await seedDemoTraining(db);
  log(`Training: ${training.courses} courses, ${training.assignments} assignments.`);
  log(`Bonus schemes: ${await seedDemoBonusSchemes(db)}.`);
  if (options.withCrm !== false) {
    const started = Date.now();
    log("Generating a year of CRM data…");
    const counts = await seedDemoCrm(handle, { log });
    const work = await seedDemoWork(db);
    log(`Work: ${work.tasks} tasks from heads, ${work.workflows} running workflows.`);
    log(`Feed: ${await seedDemoFeedEvents(db)} won deals announced.`);
    // Sets the visibility map too, so counts over 100,000 rows can use index-only scans.
    await handle.db.execute(sql`vacuum analyze`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    log(
      `CRM data: ${counts.companies} companies, ${counts.contacts} contacts, ${counts.deals} deals, ${counts.leads} leads, ${counts.activities} activities (${seconds} s).`,
    );
  }
  return true;
}
