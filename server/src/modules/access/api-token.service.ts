import type { apiTokenWriteSchema, TokenScope } from "@planerka/common";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import { type Actor, apiTokenPrefix } from "../../platform/auth/authenticate";
import { hashSecret, newSecret } from "../../platform/auth/tokens";
import type { Database, Executor } from "../../platform/db/database";
import { apiTokens, users } from "../../platform/db/schema";
import { invalid, notFound } from "../../platform/errors/problem";

const iso = (value: Date | null) => (value ? value.toISOString() : null);

const tokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  userId: apiTokens.userId,
  userName: users.name,
  scopes: apiTokens.scopes,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  userName: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function presentToken(row: TokenRow) {
  return {
    ...row,
    scopes: row.scopes as TokenScope[],
    createdAt: row.createdAt.toISOString(),
    expiresAt: iso(row.expiresAt),
    lastUsedAt: iso(row.lastUsedAt),
    revokedAt: iso(row.revokedAt),
  };
}

function selectTokens(executor: Executor) {
  return executor.select(tokenColumns).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId));
}

export async function listTokens(executor: Executor) {
  const items = (await selectTokens(executor).orderBy(desc(apiTokens.createdAt))).map(presentToken);
  return { items, total: items.length };
}

/** The secret is shown once, at creation; only its hash is kept. */
export async function createTokenOrThrow(db: Database, actor: Actor, input: z.infer<typeof apiTokenWriteSchema>) {
  const userId = input.userId ?? actor.user.id;
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw invalid("expiresAt", "Must be in the future");
  const secret = newSecret(apiTokenPrefix);
  return db.transaction(async (tx) => {
    const [owner] = await tx.select({ active: users.active }).from(users).where(eq(users.id, userId));
    if (!owner?.active) throw invalid("userId", "No such active user");
    const [created] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        tokenHash: hashSecret(secret),
        prefix: secret.slice(0, 10),
        userId,
        scopes: [...new Set(input.scopes)],
        createdBy: actor.user.id,
        expiresAt,
      })
      .returning({ id: apiTokens.id });
    await recordAudit(tx, { actorId: actor.user.id, entity: "api-token", entityId: created!.id, action: "create" });
    const [row] = await selectTokens(tx).where(eq(apiTokens.id, created!.id));
    return { ...presentToken(row!), token: secret };
  });
}

export async function revokeTokenOrThrow(db: Database, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (revoked.length === 0) throw notFound();
    await recordAudit(tx, { actorId: actor.user.id, entity: "api-token", entityId: id, action: "revoke" });
  });
}
