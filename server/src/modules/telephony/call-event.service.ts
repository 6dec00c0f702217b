import { timingSafeEqual } from "node:crypto";
import { type CallEvent, callEventSchema, formatPhone, normalizePhone } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { AppError, unauthorized } from "../../platform/errors/problem";
import { publishRealtime } from "../../platform/realtime/realtime-events";
import { openSecret } from "../../platform/secrets/secret-box";
import { signTimestamped } from "../../platform/secrets/signature";

/**
 * A PBX's call event, from its signed webhook to what it leaves in the CRM: a finished call is a
 * call activity on the client's contact or company (and their open deal), owned by the employee
 * whose extension took it; a missed one is a «Перезвонить» for them; an unknown caller becomes a
 * lead. Each call's event is taken once (the PBX may send it again).
 */

/** How old a signed event may be: older ones (or from the future) are refused, so a captured request cannot be replayed later. */
export const signatureToleranceSeconds = 300;

/** `t=<unix seconds>,v1=<hex>` → its parts; anything else is null. */
function signatureParts(header: string | undefined) {
  if (!header) return null;
  const parts = new Map(
    header.split(",").map((part) => {
      const [key, ...rest] = part.trim().split("=");
      return [key, rest.join("=")] as const;
    }),
  );
  const timestamp = Number(parts.get("t"));
  const signature = parts.get("v1");
  if (!Number.isSafeInteger(timestamp) || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return null;
  return { timestamp, signature: signature.toLowerCase() };
}

/** The scheme outgoing webhooks sign with too (platform/secrets/signature.ts). */
export const signCallEvent = signTimestamped;

/** 401 unless the body is signed with the PBX's secret within the last five minutes. */
export async function assertSignedOrThrow(
  executor: Executor,
  header: string | undefined,
  rawBody: string,
  now = new Date(),
) {
  const [settings] = await rows<{ secret: string }>(executor, sql`select secret from telephony_settings where id = 1`);
  if (!settings) throw unauthorized("Telephony is not set up");
  const parts = signatureParts(header);
  if (!parts) throw unauthorized("X-Planerka-Signature: expected t=<unix seconds>,v1=<HMAC-SHA256 hex>");
  if (Math.abs(now.getTime() / 1000 - parts.timestamp) > signatureToleranceSeconds)
    throw unauthorized("X-Planerka-Signature: the timestamp is more than five minutes away");
  const expected = Buffer.from(signCallEvent(openSecret(settings.secret), parts.timestamp, rawBody), "hex");
  if (!timingSafeEqual(expected, Buffer.from(parts.signature, "hex")))
    throw unauthorized("X-Planerka-Signature: the signature does not match");
}

/** The body as JSON and as the event it must be; 400 naming the field otherwise. */
export function parseCallEventOrThrow(rawBody: string): CallEvent {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError(400, "Bad Request", "The body is not JSON", [{ path: "body", message: "Expected JSON" }]);
  }
  const parsed = callEventSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError(
      400,
      "Bad Request",
      "The call event is not valid",
      parsed.error.issues.map((issue) => ({ path: ["body", ...issue.path].join("."), message: issue.message })),
    );
  return parsed.data;
}

export interface ClientMatch {
  contactId: string | null;
  companyId: string | null;
  dealId: string | null;
  ownerId: string;
  name: string;
}

/** The client a number belongs to: a contact first, else a company; and their latest open deal. */
export async function clientByNumber(executor: Executor, number: string): Promise<ClientMatch | null> {
  const [found] = await rows<ClientMatch>(
    executor,
    sql`with contact as (
          select k.id, k.company_id, k.owner_id, k.name from contacts k
          where k.deleted_at is null and k.phones @> array[${number}]::text[] order by k.updated_at desc limit 1),
        company as (
          select c.id, c.owner_id, c.name from companies c
          where c.deleted_at is null and c.phones @> array[${number}]::text[] order by c.updated_at desc limit 1)
        select contact.id as "contactId", coalesce(contact.company_id, company.id) as "companyId",
               coalesce(contact.owner_id, company.owner_id) as "ownerId", coalesce(contact.name, company.name) as name,
               (select d.id from deals d join stages s on s.id = d.stage_id
                 where d.deleted_at is null and s.semantic = 'open'
                   and (d.contact_id = contact.id or d.company_id = coalesce(contact.company_id, company.id))
                 order by d.updated_at desc limit 1) as "dealId"
        from (select 1) one left join contact on true left join company on true
        where contact.id is not null or company.id is not null`,
  );
  return found ?? null;
}

async function employeeOf(executor: Executor, extension: string | undefined): Promise<string | null> {
  if (!extension) return null;
  const [found] = await rows<{ userId: string }>(
    executor,
    sql`select x.user_id as "userId" from telephony_extensions x join users u on u.id = x.user_id
        where x.extension = ${extension} and u.active`,
  );
  return found?.userId ?? null;
}

async function activityTypeId(executor: Executor, code: string): Promise<string | null> {
  const [found] = await rows<{ id: string }>(executor, sql`select id from activity_types where code = ${code}`);
  return found?.id ?? null;
}

/** Takes one call event: stores it once, and leaves in the CRM what it means. */
export async function takeCallEventOrThrow(db: Database, event: CallEvent) {
  const number = normalizePhone(event.direction === "incoming" ? event.from : event.to);
  return db.transaction(async (tx) => {
    const userId = await employeeOf(tx, event.employeeExtension);
    const claimed = await rows<{ callId: string }>(
      tx,
      sql`insert into telephony_call_events (call_id, event, direction, client_number, user_id, at, duration_sec, recording_url)
          values (${event.callId}, ${event.event}, ${event.direction}, ${number}, ${userId}, ${event.at},
            ${event.durationSec ?? null}, ${event.recordingUrl ?? null})
          on conflict do nothing returning call_id as "callId"`,
    );
    if (claimed.length === 0) return { accepted: false, activityId: null, leadId: null };
    const client = number ? await clientByNumber(tx, number) : null;
    const ownerId = userId ?? client?.ownerId ?? null;
    let leadId: string | null = null;
    let activityId: string | null = null;

    // An unknown caller becomes a lead, once per call (on whichever event comes first).
    if (!client && event.direction === "incoming" && ownerId !== null) {
      const [known] = await rows<{ leadId: string }>(
        tx,
        sql`select lead_id as "leadId" from telephony_call_events where call_id = ${event.callId} and lead_id is not null limit 1`,
      );
      leadId = known?.leadId ?? null;
      if (!leadId) {
        const shown = number ? formatPhone(number) : event.from;
        const [created] = await rows<{ id: string }>(
          tx,
          sql`insert into leads (title, source, phone, owner_id, created_by)
              values (${`Входящий звонок ${shown}`}, 'Телефония', ${number ?? event.from}, ${ownerId}, ${ownerId})
              returning id`,
        );
        leadId = created!.id;
        await recordAudit(tx, { actorId: null, entity: "lead", entityId: leadId, action: "create", via: "telephony" });
      }
    }

    if ((event.event === "finished" || event.event === "missed") && ownerId !== null) {
      const missed = event.event === "missed";
      const code =
        missed || event.direction === "outgoing" ? "call_out_deal" : client ? "call_in_known" : "call_in_new";
      const typeId = (await activityTypeId(tx, code)) ?? (await activityTypeId(tx, "call_in_known"));
      if (typeId) {
        const shown = number ? formatPhone(number) : event.direction === "incoming" ? event.from : event.to;
        const subject = missed
          ? `Перезвонить: пропущенный звонок ${shown}`
          : `${event.direction === "incoming" ? "Входящий" : "Исходящий"} звонок ${shown}`;
        const minutes = Math.ceil((event.durationSec ?? 0) / 60);
        const [created] = await rows<{ id: string }>(
          tx,
          sql`insert into activities (type_id, subject, recording_url, due_at, duration_minutes, completed_at, owner_id,
                created_by, deal_id, lead_id, company_id, contact_id, origin)
              values (${typeId}, ${subject}, ${event.recordingUrl ?? null}, ${event.at}, ${missed ? 15 : minutes},
                ${missed ? null : event.at}, ${ownerId}, ${ownerId}, ${client?.dealId ?? null}, ${leadId},
                ${client?.companyId ?? null}, ${client?.contactId ?? null}, 'telephony')
              returning id`,
        );
        activityId = created!.id;
        await recordAudit(tx, {
          actorId: null,
          entity: "activity",
          entityId: activityId,
          action: "create",
          via: "telephony",
        });
      }
    }
    await tx.execute(
      sql`update telephony_call_events set activity_id = ${activityId}, lead_id = ${leadId}
          where call_id = ${event.callId} and event = ${event.event}`,
    );
    // The employee's pop-up card, pushed when this transaction commits.
    if (event.event === "ringing" && userId !== null)
      await publishRealtime(tx, { type: "call_ringing", userId, callId: event.callId });
    // The card of whoever it rang for follows the call: answered, or gone when it ends.
    if (event.event !== "ringing") {
      const rangFor = await rows<{ userId: string }>(
        tx,
        sql`select user_id as "userId" from telephony_call_events
            where call_id = ${event.callId} and event = 'ringing' and user_id is not null`,
      );
      const state: "answered" | "ended" = event.event === "answered" ? "answered" : "ended";
      await publishRealtime(
        tx,
        ...rangFor.map((row) => ({ type: "call_state" as const, userId: row.userId, callId: event.callId, state })),
      );
    }
    return { accepted: true, activityId, leadId };
  });
}
