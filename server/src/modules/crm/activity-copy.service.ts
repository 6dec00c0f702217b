import { randomUUID } from "node:crypto";
import {
  type ActivityCopyDay,
  addDays,
  dayInTimeZone,
  startOfDayInZone,
  timeZoneOffsetMinutes,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { companyTimeZoneOrThrow } from "../../platform/db/company-zone";
import { type Database, rows } from "../../platform/db/database";
import { activities } from "../../platform/db/schema";
import { AppError, notFound } from "../../platform/errors/problem";
import { type ActivityRow, activitySpec } from "./activity.resource";
import { linkVisible, loadOwner } from "./crm-resource";

/** A day holding more than this is not a plan to copy in one go (and the transaction stays short). */
export const copyDayLimit = 300;

const dayMs = 86_400_000;

const badRequest = (path: string, message: string) =>
  new AppError(400, "Bad Request", `${path}: ${message}`, [{ path, message }]);

/**
 * The same wall-clock time on another calendar day of the zone: 10:00 on Friday becomes 10:00 on
 * Monday even when the zone's offset changed over the weekend.
 */
export function sameTimeOnDay(instant: Date, toDay: string, timeZone: string): Date {
  const wallClock = instant.getTime() + timeZoneOffsetMinutes(instant, timeZone) * 60_000;
  const timeOfDay = ((wallClock % dayMs) + dayMs) % dayMs;
  const target = Date.parse(`${toDay}T00:00:00Z`) + timeOfDay;
  const offset = timeZoneOffsetMinutes(new Date(target), timeZone);
  const candidate = target - offset * 60_000;
  // Near a change of offset the first guess can be off by the change; one correction settles it.
  const corrected = timeZoneOffsetMinutes(new Date(candidate), timeZone);
  return new Date(corrected === offset ? candidate : target - corrected * 60_000);
}

interface SourceRow {
  id: string;
  typeId: string;
  subject: string;
  description: string | null;
  dueAt: Date;
  durationMinutes: number;
  dealId: string | null;
  leadId: string | null;
  companyId: string | null;
  contactId: string | null;
}

/**
 * Plans `from`'s activities again on `to`: same type, time of day, subject, duration and links, as
 * new open activities created by the caller. One transaction: all copies or none. Links to records
 * the caller cannot read (or that were deleted since) are left off the copy, as creating an
 * activity would refuse them.
 */
export async function copyActivityDayOrThrow(db: Database, actor: Actor, input: ActivityCopyDay) {
  return db.transaction(async (tx) => {
    const owner = await loadOwner(tx, input.ownerId);
    // Someone whose activities the caller may not create is, to them, nobody.
    if (
      !owner ||
      !actor.scope.canReachOwner("activities", "read", owner) ||
      !actor.scope.canReachOwner("activities", "write", owner)
    ) {
      throw notFound();
    }
    const timeZone = await companyTimeZoneOrThrow(tx);
    const today = dayInTimeZone(new Date(), timeZone);
    if (input.to < today) throw badRequest("body.to", "Choose today or a later day");

    const from = startOfDayInZone(input.from, timeZone);
    const until = startOfDayInZone(addDays(input.from, 1), timeZone);
    const sources = await rows<SourceRow>(
      tx,
      sql`select a.id, a.type_id as "typeId", a.subject, a.description, a.due_at as "dueAt",
                 a.duration_minutes as "durationMinutes", d.id as "dealId", l.id as "leadId",
                 c.id as "companyId", p.id as "contactId"
          from activities a
          left join deals d on d.id = a.deal_id and ${linkVisible(actor.scope, "deals", "d")}
          left join leads l on l.id = a.lead_id and ${linkVisible(actor.scope, "leads", "l")}
          left join companies c on c.id = a.company_id and ${linkVisible(actor.scope, "companies", "c")}
          left join contacts p on p.id = a.contact_id and ${linkVisible(actor.scope, "contacts", "p")}
          where a.owner_id = ${owner.id} and a.deleted_at is null and a.due_at >= ${from} and a.due_at < ${until}
          order by a.due_at, a.id
          limit ${copyDayLimit + 1}`,
    );
    if (sources.length > copyDayLimit) {
      throw badRequest("body.from", `A day with more than ${copyDayLimit} activities cannot be copied at once`);
    }
    if (sources.length === 0) return { items: [], total: 0 };

    // Ids chosen here, so each copy's audit entry names its source without relying on RETURNING's order.
    const copies = sources.map((source) => ({ id: randomUUID(), source }));
    await tx.insert(activities).values(
      copies.map(({ id, source }) => ({
        id,
        typeId: source.typeId,
        subject: source.subject,
        description: source.description,
        dueAt: sameTimeOnDay(new Date(source.dueAt), input.to, timeZone),
        durationMinutes: source.durationMinutes,
        dealId: source.dealId,
        leadId: source.leadId,
        companyId: source.companyId,
        contactId: source.contactId,
        ownerId: owner.id,
        createdBy: actor.user.id,
        completedAt: null,
        result: null,
      })),
    );
    for (const { id, source } of copies) {
      await recordAudit(tx, {
        actorId: actor.user.id,
        entity: activitySpec.auditName,
        entityId: id,
        action: "create",
        changes: [{ field: "copiedFrom", old: null, new: source.id }],
      });
    }
    const ids = sql.join(
      copies.map((copy) => sql`${copy.id}::uuid`),
      sql`, `,
    );
    const items = await rows<ActivityRow>(
      tx,
      sql`select ${activitySpec.columns} from ${activitySpec.from(actor.scope)}
          where a.id in (${ids}) order by a.due_at, a.id`,
    );
    return { items, total: items.length };
  });
}
