import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { hostOf, RefusedAddressError, type ResolvedAddress, resolveAllowedOrThrow } from "./webhook-address";

/** How long one delivery attempt may take, redirects included. */
export const webhookTimeoutMs = 10_000;
/** Redirects followed, each checked like the first address. */
export const maxWebhookRedirects = 3;
/** The receiver's answer is kept this long (in bytes) in the delivery log. */
export const responseBodyLimit = 2048;

export interface WebhookAnswer {
  status: number;
  body: string;
}

/** The attempt failed without an answer to keep (refused address, timeout, connection). */
export class DeliveryError extends Error {}

/**
 * POSTs the body to the URL: the host's addresses are resolved and checked first, and the
 * connection goes to the checked address (a `lookup` that answers with it), so DNS cannot give
 * another one in between. Redirects are followed by hand, at most three, each checked the same
 * way, and keep the method and body (the signature covers the body, not the address).
 */
export async function postWebhook(input: {
  url: string;
  body: string;
  headers: Record<string, string>;
  allowedHosts: readonly string[];
  timeoutMs?: number;
}): Promise<WebhookAnswer> {
  const signal = AbortSignal.timeout(input.timeoutMs ?? webhookTimeoutMs);
  let url = new URL(input.url);
  for (let redirects = 0; ; redirects++) {
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new DeliveryError(`Redirected to ${url.protocol}: only http and https are followed`);
    const [address] = await resolveAllowedOrThrow(hostOf(url), input.allowedHosts);
    if (signal.aborted) throw new DeliveryError(`No answer within ${(input.timeoutMs ?? webhookTimeoutMs) / 1000} s`);
    const answer = await requestOnce(url, address!, input, signal);
    const location = answer.location;
    if (answer.status >= 300 && answer.status < 400 && location) {
      if (redirects >= maxWebhookRedirects)
        throw new DeliveryError(`More than ${maxWebhookRedirects} redirects (the last to ${location})`);
      try {
        url = new URL(location, url);
      } catch {
        throw new DeliveryError(`Redirected to an address that is not a URL: ${location.slice(0, 200)}`);
      }
      continue;
    }
    return { status: answer.status, body: answer.body };
  }
}

function pinnedLookup(address: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as (error: null, addresses: ResolvedAddress[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
}

function requestOnce(
  url: URL,
  address: ResolvedAddress,
  input: { body: string; headers: Record<string, string>; timeoutMs?: number },
  signal: AbortSignal,
): Promise<WebhookAnswer & { location?: string }> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "POST",
        agent: false,
        lookup: pinnedLookup(address),
        signal,
        headers: {
          ...input.headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(input.body)),
          "user-agent": "Planerka-Webhooks/1.0",
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          const body = Buffer.concat(chunks).subarray(0, responseBodyLimit).toString("utf8");
          const location = response.headers.location;
          resolve({ status: response.statusCode ?? 0, body, location });
        };
        response.on("data", (chunk: Buffer) => {
          if (size >= responseBodyLimit) return;
          chunks.push(chunk);
          size += chunk.length;
          // Enough is kept: the rest of a large answer is not read.
          if (size >= responseBodyLimit) {
            finish();
            response.destroy();
          }
        });
        response.on("end", finish);
        response.on("error", () => finish());
      },
    );
    request.on("error", (error) => {
      if (error instanceof RefusedAddressError) reject(error);
      else if (signal.aborted)
        reject(new DeliveryError(`No answer within ${(input.timeoutMs ?? webhookTimeoutMs) / 1000} s`));
      else reject(new DeliveryError(`Connection failed: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    });
    request.end(input.body);
  });
}
