import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Database, Executor } from "../db/database";
import { idempotencyKeys } from "../db/schema";
import { AppError, conflict, invalid } from "../errors/problem";

/**
 * One request's Idempotency-Key. `open` until a transaction stores it; `claiming` while that
 * transaction runs; `committed` once the key and the work committed together; `closed` once the
 * answer went out (later transactions, e.g. an import's background batches, do not touch it).
 */
interface Claim {
  actorId: string;
  key: string;
  /** The method, path and a SHA-256 of the body: a reused key must come with the same request. */
  request: string;
  state: "open" | "claiming" | "committed" | "closed";
}

declare module "fastify" {
  interface FastifyRequest {
    idempotencyClaim?: Claim;
  }
}

const requestClaims = new AsyncLocalStorage<Claim>();
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const keyPattern = /^[^\u0000-\u001f\u007f]{1,200}$/;

function fingerprint(request: FastifyRequest): string {
  const body = createHash("sha256")
    .update(JSON.stringify(request.body ?? null))
    .digest("hex");
  return `${request.method} ${request.url} ${body}`;
}

const whereClaim = (claim: Claim) =>
  and(eq(idempotencyKeys.actorId, claim.actorId), eq(idempotencyKeys.key, claim.key));

/** The stored answer for this key, or nothing if the key is new; 422 if it came with another request. */
async function previousAnswerOrThrow(db: Executor, claim: Claim) {
  const [previous] = await db.select().from(idempotencyKeys).where(whereClaim(claim));
  if (!previous) return undefined;
  if (previous.route !== claim.request) {
    const message = "This Idempotency-Key was used for a different request";
    throw new AppError(422, "Unprocessable Entity", message, [{ path: "header.idempotency-key", message }]);
  }
  // Committed with its work but not answered yet: the first request is finishing (or its process
  // died in the moment between its commit and its answer). The work is done either way.
  if (previous.statusCode === null) throw conflict("A request with this Idempotency-Key is being answered");
  return { statusCode: previous.statusCode, body: previous.body };
}

/**
 * The database the modules work with: the first transaction of a request that carries an
 * Idempotency-Key also stores the key, so the key commits with the work or rolls back with it — a
 * request that fails, or whose process dies, leaves no claim behind to block the retry.
 */
export function withIdempotencyClaims(db: Database): Database {
  const claiming = Object.create(db) as Database;
  claiming.transaction = (async (work, config) => {
    const claim = requestClaims.getStore();
    if (claim?.state !== "open") return db.transaction(work, config);
    claim.state = "claiming";
    try {
      const result = await db.transaction(async (tx) => {
        const stored = await tx
          .insert(idempotencyKeys)
          .values({ actorId: claim.actorId, key: claim.key, route: claim.request })
          .onConflictDoNothing()
          .returning({ key: idempotencyKeys.key });
        // A twin request with the same key committed first (a server waits for it at the insert).
        if (stored.length === 0) {
          await previousAnswerOrThrow(tx, claim);
          throw conflict("A request with this Idempotency-Key was answered meanwhile; send it again for its answer");
        }
        return work(tx);
      }, config);
      if (claim.state === "claiming") claim.state = "committed";
      return result;
    } catch (error) {
      if (claim.state === "claiming") claim.state = "open";
      throw error;
    }
  }) as Database["transaction"];
  return claiming;
}

/**
 * `Idempotency-Key` on POST: a repeat of an answered request gets the stored answer instead of
 * doing the work twice; the same key with a different request is a 422.
 */
export function registerIdempotency(app: FastifyInstance, db: Database) {
  app.addHook("preHandler", (request, reply, done) => {
    const key = request.headers["idempotency-key"];
    if (request.method !== "POST" || key === undefined || !request.actor) return done();
    if (typeof key !== "string" || !keyPattern.test(key))
      return done(invalid("header.idempotency-key", "1 to 200 characters, no control characters"));
    const claim: Claim = { actorId: request.actor.user.id, key, request: fingerprint(request), state: "open" };
    previousAnswerOrThrow(db, claim).then((previous) => {
      if (previous) {
        const type = previous.statusCode >= 400 ? "application/problem+json" : "application/json";
        reply.status(previous.statusCode).type(type).header("idempotent-replay", "true").send(previous.body);
        return;
      }
      request.idempotencyClaim = claim;
      // The handler runs in the claim's context, where `withIdempotencyClaims` finds it.
      requestClaims.run(claim, done);
    }, done);
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim || claim.state === "closed") return payload;
    const state = claim.state;
    claim.state = "closed";
    const isJson = String(reply.getHeader("content-type") ?? "").includes("json");
    const answer = {
      statusCode: reply.statusCode,
      body: isJson && typeof payload === "string" && payload.length > 0 ? JSON.parse(payload) : null,
    };
    if (state === "committed") {
      await db.update(idempotencyKeys).set(answer).where(whereClaim(claim));
    } else if (state === "open" && reply.statusCode >= 200 && reply.statusCode < 300) {
      // The handler wrote without a transaction (or not at all): its answer is stored now.
      await db
        .insert(idempotencyKeys)
        .values({ actorId: claim.actorId, key: claim.key, route: claim.request, ...answer })
        .onConflictDoNothing();
    }
    return payload;
  });

  app.addHook("onReady", async () => {
    await db.execute(sql`delete from idempotency_keys where created_at < now() - interval '7 days'`);
  });
}
