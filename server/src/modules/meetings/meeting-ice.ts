import { createHmac } from "node:crypto";
import type { IceServer } from "@planerka/common";

export interface IceSettings {
  servers: readonly IceServer[];
  /** coturn's `static-auth-secret` (`use-auth-secret`): TURN credentials are made per person and expire. */
  turnSecret?: string;
}

/** How long a made TURN credential lasts: a working day's meetings. */
const turnCredentialSeconds = 12 * 3600;

const isTurn = (server: IceServer) =>
  (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^turns?:/.test(url));

/**
 * The ICE servers one person's browser uses. A TURN entry given without a username gets coturn's
 * time-limited credential (username `<expiry>:<user id>`, password its HMAC-SHA1 under the shared
 * secret), so no long-lived TURN password reaches the browsers.
 */
export function iceServersFor(settings: IceSettings, userId: string, now = Date.now()): IceServer[] {
  return settings.servers.map((server) => {
    if (!settings.turnSecret || server.username || !isTurn(server)) return { ...server };
    const username = `${Math.floor(now / 1000) + turnCredentialSeconds}:${userId}`;
    const credential = createHmac("sha1", settings.turnSecret).update(username).digest("base64");
    return { ...server, username, credential };
  });
}
