import { randomUUID } from "node:crypto";
import { type ClickToCall, normalizePhone, type PlaceCall } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { AppError, conflict, invalid } from "../../platform/errors/problem";
import { publishRealtime } from "../../platform/realtime/realtime-events";
import { openSecret } from "../../platform/secrets/secret-box";
import { signCallEvent } from "./call-event.service";

/**
 * Click-to-call: the portal asks the PBX at its originate address to ring the employee's
 * extension and connect it to the client's number. The request is signed like the PBX's own
 * events (same secret, same header), so the PBX can tell it came from Planerka.
 */

/** A PBX on the office network answers quickly; past this the person is told it did not. */
const originateTimeoutMs = 10_000;

interface Originate {
  url: string;
  secret: string;
  extension: string | null;
}

async function originateOf(executor: Executor, userId: string): Promise<Originate | null> {
  const [found] = await rows<Originate>(
    executor,
    sql`select s.originate_url as url, s.secret,
          (select x.extension from telephony_extensions x where x.user_id = ${userId} order by x.extension limit 1) as extension
        from telephony_settings s where s.id = 1 and s.originate_url is not null`,
  );
  return found ?? null;
}

/** Whether my phones call through the PBX (else they open the phone's own dialer with tel:). */
export async function clickToCall(executor: Executor, actor: Actor): Promise<ClickToCall> {
  const originate = await originateOf(executor, actor.user.id);
  return { available: Boolean(originate?.extension), extension: originate?.extension ?? null };
}

/** Sends one signed request to the PBX; the PBX's refusal or silence becomes a 502 a person can read. */
export async function sendToPbxOrThrow(originate: Originate, body: object): Promise<{ status: number }> {
  const raw = JSON.stringify(body);
  const timestamp = Math.floor(Date.now() / 1000);
  const fill = (key: string) => encodeURIComponent(String((body as Record<string, unknown>)[key] ?? ""));
  const url = originate.url.replaceAll("{extension}", fill("extension")).replaceAll("{number}", fill("number"));
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-planerka-signature": `t=${timestamp},v1=${signCallEvent(openSecret(originate.secret), timestamp, raw)}`,
      },
      body: raw,
      redirect: "manual",
      signal: AbortSignal.timeout(originateTimeoutMs),
    });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : "";
    throw new AppError(502, "Bad Gateway", `The PBX could not be reached: ${reason}`.trim());
  }
  if (!response.ok) {
    const answer = (await response.text().catch(() => "")).slice(0, 300);
    throw new AppError(502, "Bad Gateway", `The PBX answered ${response.status}${answer ? `: ${answer}` : ""}`);
  }
  await response.body?.cancel();
  return { status: response.status };
}

/** Rings my extension and connects it to the number; the call's events then come back from the PBX. */
export async function placeCallOrThrow(db: Database, actor: Actor, input: PlaceCall) {
  const number = normalizePhone(input.number);
  if (!number) throw invalid("number", "Not a phone number");
  const originate = await originateOf(db, actor.user.id);
  if (!originate) throw conflict("Calls from the portal are not set up: no originate address in Settings → Telephony");
  if (!originate.extension) throw conflict("You have no extension in Settings → Telephony");
  const callId = randomUUID();
  await sendToPbxOrThrow(originate, { callId, extension: originate.extension, number });
  await recordAudit(db, {
    actorId: actor.user.id,
    entity: "telephony-call",
    entityId: callId,
    action: "create",
    changes: [{ field: "number", old: null, new: number }],
  });
  return { callId, extension: originate.extension, number };
}

/**
 * Settings → «Телефония» → «Проверить»: what an administrator needs to know works before the PBX
 * goes live — the secret is set, the extensions name active people, the originate address answers
 * a signed `{test: true}`; and the administrator's own pop-up card shows as employees will see it.
 */
export async function testTelephonyOrThrow(db: Database, actor: Actor) {
  const [settings] = await rows<{ url: string | null; secret: string }>(
    db,
    sql`select originate_url as url, secret from telephony_settings where id = 1`,
  );
  if (!settings) throw conflict("Telephony is not set up: save a secret first");
  const [people] = await rows<{ total: number; inactive: number }>(
    db,
    sql`select count(*)::int as total, count(*) filter (where not u.active)::int as inactive
        from telephony_extensions x join users u on u.id = x.user_id`,
  );
  let originate: { ok: boolean; status: number | null; error: string | null } | null = null;
  if (settings.url) {
    try {
      const sent = await sendToPbxOrThrow(
        { url: settings.url, secret: settings.secret, extension: null },
        { test: true, callId: randomUUID() },
      );
      originate = { ok: true, status: sent.status, error: null };
    } catch (error) {
      originate = { ok: false, status: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
  await publishRealtime(db, { type: "call_test", userId: actor.user.id });
  return {
    secret: true,
    extensions: people?.total ?? 0,
    inactiveExtensions: people?.inactive ?? 0,
    originate,
  };
}
