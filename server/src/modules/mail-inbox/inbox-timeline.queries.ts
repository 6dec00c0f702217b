import type { TimelineItem } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { toIso } from "../../platform/db/sql-values";
import type { AccessScope } from "../../platform/scope/access-scope";

/**
 * Imported letters on a card's timeline, as the card's letters are shown: a deal's own; on a
 * company's or contact's card those linked to it whose deal the caller may also see; a lead's own.
 */
function inboundLink(auditName: string, id: string, scope: AccessScope): SQL {
  const dealVisible = sql`(i.deal_id is null or exists (select 1 from deals d where d.id = i.deal_id
    and d.deleted_at is null and ${scope.ownerCondition("deals", "read", sql`d.owner_id`)}))`;
  switch (auditName) {
    case "deal":
      return sql`i.deal_id = ${id}`;
    case "company":
      return sql`i.company_id = ${id} and ${dealVisible}`;
    case "contact":
      return sql`i.contact_id = ${id} and ${dealVisible}`;
    case "lead":
      return sql`i.lead_id = ${id}`;
    default:
      return sql`false`;
  }
}

interface InboundTimelineRow {
  id: string;
  at: Date;
  direction: "in" | "out";
  messageId: string | null;
  fromAddress: string;
  fromName: string | null;
  toAddresses: string[];
  subject: string;
  body: string;
  ownerId: string | null;
  ownerName: string | null;
  attachments: { id: string; name: string; mimeType: string; size: number; stored: boolean }[] | null;
}

export async function inboundTimelineItems(
  executor: Executor,
  scope: AccessScope,
  auditName: string,
  id: string,
  before: string,
  limit: number,
): Promise<TimelineItem[]> {
  const found = await rows<InboundTimelineRow>(
    executor,
    sql`select i.id, i.sent_at as at, i.direction, i.message_id as "messageId", i.from_address as "fromAddress",
          i.from_name as "fromName", i.to_addresses as "toAddresses", i.subject, i.body, b.owner_id as "ownerId",
          u.name as "ownerName",
          (select json_agg(json_build_object('id', f.id, 'name', f.name, 'mimeType', f.mime_type, 'size', f.size,
                  'stored', f.data is not null) order by f.position)
             from mail_inbound_attachments f where f.message_id = i.id) as attachments
        from mail_inbound_messages i left join mailboxes b on b.id = i.mailbox_id left join users u on u.id = b.owner_id
        where ${inboundLink(auditName, id, scope)} and i.sent_at < ${before}::timestamptz
        order by i.sent_at desc limit ${limit}`,
  );
  return found.map((row) => ({
    id: `inbound:${row.id}`,
    kind: "email" as const,
    at: toIso(row.at),
    // A letter the employee sent from their mail client is theirs; a received one is the sender's.
    authorId: row.direction === "out" ? row.ownerId : null,
    authorName: row.direction === "out" ? row.ownerName : (row.fromName ?? row.fromAddress),
    title: row.subject,
    body: row.body,
    activity: null,
    stage: null,
    task: null,
    event: null,
    email: { to: row.toAddresses.join(", "), from: row.fromAddress, state: "received" as const, error: null },
    inbound: {
      id: row.id,
      direction: row.direction,
      messageId: row.messageId,
      attachments: row.attachments ?? [],
    },
  }));
}
