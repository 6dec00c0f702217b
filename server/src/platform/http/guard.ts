import type { FastifyInstance, FastifyRequest } from "fastify";
import { authenticate } from "../auth/authenticate";
import type { Database } from "../db/database";
import { AppError, forbidden, unauthorized } from "../errors/problem";
import { type PermissionRule, permissions } from "./permissions";

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The request comes from our own pages: its Origin is this server's address or the public URL. */
export function isOwnOrigin(request: FastifyRequest, origin: string, publicUrl: string | undefined): boolean {
  if (origin === `${request.protocol}://${request.host}`) return true;
  return publicUrl !== undefined && origin === new URL(publicUrl).origin;
}

/** A browser request carrying our cookie from another site is refused before anything runs. */
function assertSameOrigin(request: FastifyRequest, publicUrl: string | undefined) {
  if (!unsafeMethods.has(request.method)) return;
  if (request.headers.authorization?.startsWith("Bearer ")) return;
  const origin = request.headers.origin;
  if (origin) {
    if (!isOwnOrigin(request, origin, publicUrl)) throw forbidden("Cross-site request refused");
    return;
  }
  const site = request.headers["sec-fetch-site"];
  if (site && site !== "same-origin" && site !== "none") throw forbidden("Cross-site request refused");
}

/** Authenticates every API request and enforces the permission its route declares. */
export function registerGuard(app: FastifyInstance, db: Database, options: { publicUrl?: string }) {
  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/")) return;
    const name = request.routeOptions.config?.permission;
    // Unknown API paths fall through to the static files and then to the 404 handler.
    if (!request.routeOptions.url?.startsWith("/api/")) return;
    if (!name) throw new AppError(500, "Internal Server Error", "Route without a declared permission");
    const rule: PermissionRule = permissions[name];
    assertSameOrigin(request, options.publicUrl);
    if (!rule.authenticated) {
      // Public routes still learn who is calling when a session exists (e.g. logout, setup status).
      request.actor = (await authenticate(db, request).catch(() => null)) ?? undefined;
      return;
    }
    const actor = await authenticate(db, request);
    if (!actor) throw unauthorized();
    if (actor.via === "token") {
      if (!rule.tokenScope) throw forbidden("API tokens may not call this route");
      if (!actor.tokenScopes?.includes(rule.tokenScope))
        throw forbidden(`The API token lacks the scope ${rule.tokenScope}`);
    }
    if (rule.roles && !rule.roles.includes(actor.user.role)) throw forbidden("Your role may not do this");
    request.actor = actor;
  });
}

export function actorOf(request: FastifyRequest) {
  if (!request.actor) throw unauthorized();
  return request.actor;
}
