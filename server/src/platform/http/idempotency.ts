import { and, eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Database } from "../db/database";
import { idempotencyKeys } from "../db/schema";
import { conflict, invalid } from "../errors/problem";

declare module "fastify" {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

/**
 * `Idempotency-Key` on POST: the first request with a key claims it; a repeat gets the stored answer
 * instead of creating a second record; a repeat while the first still runs gets 409.
 */
export function registerIdempotency(app: FastifyInstance, db: Database) {
  app.addHook("preHandler", async (request, reply) => {
    const key = request.headers["idempotency-key"];
    if (request.method !== "POST" || !key || !request.actor) return;
    if (typeof key !== "string" || key.length > 200) throw invalid("header.idempotency-key", "At most 200 characters");
    const route = `${request.method} ${request.url}`;
    const claimed = await db
      .insert(idempotencyKeys)
      .values({ actorId: request.actor.user.id, key, route })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length > 0) {
      request.idempotencyKey = key;
      return;
    }
    const [previous] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.actorId, request.actor.user.id), eq(idempotencyKeys.key, key)));
    if (!previous || previous.route !== route) throw conflict("This Idempotency-Key was used for another request");
    if (previous.statusCode === null) throw conflict("A request with this Idempotency-Key is still running");
    return reply.status(previous.statusCode).header("idempotent-replay", "true").send(previous.body);
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key || !request.actor) return payload;
    const where = and(eq(idempotencyKeys.actorId, request.actor.user.id), eq(idempotencyKeys.key, key));
    if (reply.statusCode >= 200 && reply.statusCode < 300) {
      const body = typeof payload === "string" && payload.length > 0 ? JSON.parse(payload) : null;
      await db.update(idempotencyKeys).set({ statusCode: reply.statusCode, body }).where(where);
    } else {
      // A failed attempt frees the key so the client can retry with it.
      await db.delete(idempotencyKeys).where(where);
    }
    return payload;
  });

  app.addHook("onReady", async () => {
    await db.execute(sql`delete from idempotency_keys where created_at < now() - interval '7 days'`);
  });
}
