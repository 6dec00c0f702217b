import { createHmac } from "node:crypto";

/**
 * The one signature scheme of Planerka's webhooks, both ways: the PBX signs the call events it
 * sends (telephony) and Planerka signs the events it sends out (outgoing webhooks).
 * `X-Planerka-Signature: t=<unix seconds>,v1=<hex of HMAC-SHA256(secret, "<t>.<raw body>")>` —
 * the timestamp inside the signed text lets the receiver refuse an old request replayed.
 */
export function signTimestamped(secret: string, timestamp: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
}

/** The header's value for a body sent now (or at `timestamp`, in unix seconds). */
export function signatureHeader(secret: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${signTimestamped(secret, timestamp, rawBody)}`;
}
