import { randomUUID } from "node:crypto";
import { formatPhone, type IncomingCall } from "@planerka/common";
import { sql } from "drizzle-orm";
import { actorForUser } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import type { RealtimeHandlers } from "../../platform/realtime/realtime-gateway";
import type { AccessScope } from "../../platform/scope/access-scope";
import { clientByNumber } from "./call-event.service";

/**
 * The card of a ringing call, for the employee it rings for: the caller's name whatever their
 * scope (they are about to talk to them), but only the deals and activities that scope reaches.
 */
export async function incomingCallCard(
  executor: Executor,
  scope: AccessScope,
  callId: string,
): Promise<IncomingCall | null> {
  const [call] = await rows<{ number: string | null; leadId: string | null }>(
    executor,
    sql`select client_number as number, lead_id as "leadId"
        from telephony_call_events where call_id = ${callId} and event = 'ringing'`,
  );
  if (!call) return null;
  const client = call.number ? await clientByNumber(executor, call.number) : null;
  let openDeals: IncomingCall["openDeals"] = [];
  let lastActivity: IncomingCall["lastActivity"] = null;
  let companyName: string | null = null;
  if (client) {
    const record = client.contactId
      ? sql`(d.contact_id = ${client.contactId} or d.company_id = ${client.companyId})`
      : sql`d.company_id = ${client.companyId}`;
    openDeals = (
      await rows<{ id: string; title: string; amount: string }>(
        executor,
        sql`select d.id, d.title, d.amount from deals d join stages s on s.id = d.stage_id
            where d.deleted_at is null and s.semantic = 'open' and ${record}
              and ${scope.ownerCondition("deals", "read", sql`d.owner_id`)}
            order by d.updated_at desc limit 5`,
      )
    ).map((deal) => ({ ...deal, amount: Number(deal.amount) }));
    const activityRecord = client.contactId
      ? sql`(a.contact_id = ${client.contactId} or a.company_id = ${client.companyId})`
      : sql`a.company_id = ${client.companyId}`;
    const [last] = await rows<{ subject: string; at: Date | string }>(
      executor,
      sql`select a.subject, coalesce(a.completed_at, a.due_at) as at from activities a
          where a.deleted_at is null and ${activityRecord}
            and ${scope.ownerCondition("activities", "read", sql`a.owner_id`)}
          order by coalesce(a.completed_at, a.due_at) desc limit 1`,
    );
    lastActivity = last ? { subject: last.subject, at: new Date(last.at).toISOString() } : null;
    if (client.contactId && client.companyId) {
      const [company] = await rows<{ name: string }>(
        executor,
        sql`select name from companies where id = ${client.companyId}`,
      );
      companyName = company?.name ?? null;
    }
  }
  return {
    callId,
    number: call.number ? formatPhone(call.number) : "",
    client: client
      ? {
          kind: client.contactId ? "contact" : "company",
          id: (client.contactId ?? client.companyId)!,
          name: client.name,
          companyName,
        }
      : null,
    leadId: call.leadId,
    openDeals,
    lastActivity,
  };
}

/** A ringing call's card goes to the employee it rings for, on whichever process holds their sockets. */
export function telephonyRealtimeHandlers(db: Database): RealtimeHandlers {
  return {
    call_ringing: async (event, connected) => {
      if (event.type !== "call_ringing" || !connected.has(event.userId)) return [];
      const actor = await actorForUser(db, event.userId);
      const call = await incomingCallCard(db, actor.scope, event.callId);
      return call ? [{ userId: event.userId, frame: { type: "incoming_call", call } }] : [];
    },
    call_state: async (event, connected) => {
      if (event.type !== "call_state" || !connected.has(event.userId)) return [];
      return [
        { userId: event.userId, frame: { type: "incoming_call_state", callId: event.callId, state: event.state } },
      ];
    },
    call_test: async (event, connected) => {
      if (event.type !== "call_test" || !connected.has(event.userId)) return [];
      const call: IncomingCall = {
        callId: `test-${randomUUID()}`,
        number: formatPhone("+77000000000"),
        client: null,
        leadId: null,
        openDeals: [],
        lastActivity: null,
        test: true,
      };
      return [{ userId: event.userId, frame: { type: "incoming_call", call } }];
    },
  };
}
