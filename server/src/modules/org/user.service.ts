import type { Role, StartPage, userPatchSchema, userWriteSchema } from "@planerka/common";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { hashPassword, verifyPassword } from "../../platform/auth/password";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { sessions, userPhotos, users } from "../../platform/db/schema";
import { invalid, notFound, staleVersion, taken } from "../../platform/errors/problem";
import { assertMayAssignOrThrow, assertMayChangeUserOrThrow, assertMayManageUserOrThrow } from "../../policies/users";
import { announceNewColleague } from "../feed/feed-events";
import { assignOnboardingCourses } from "../training/course-assignment.service";
import { findUnit } from "./unit.queries";
import { findUser } from "./user.queries";

type UserInput = z.infer<typeof userWriteSchema>;
type UserPatch = z.infer<typeof userPatchSchema>;

async function assertUnitOrThrow(executor: Executor, unitId: string) {
  if (!(await findUnit(executor, unitId))) throw invalid("unitId", "No such unit");
}

async function assertLoginFreeOrThrow(executor: Executor, login: string, exceptId?: string) {
  const [existing] = await executor.select({ id: users.id }).from(users).where(eq(users.login, login));
  if (existing && existing.id !== exceptId) throw taken("login", `The login "${login}" is taken`);
}

/** Changing one's own password needs the current one, whichever endpoint changes it. */
async function assertCurrentPasswordOrThrow(db: Database, userId: string, currentPassword: string | undefined) {
  if (!currentPassword) throw invalid("currentPassword", "Enter your current password to set a new one");
  const [current] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!current || !(await verifyPassword(current.passwordHash, currentPassword))) {
    throw invalid("currentPassword", "The current password is wrong");
  }
}

/**
 * A new password ends the user's other sessions: a stolen cookie stops working once the owner (or an
 * administrator) changes it. The session that changed its own password stays.
 */
async function endOtherSessions(executor: Executor, actor: Actor, userId: string) {
  const keep = userId === actor.user.id ? (actor.sessionTokenHash ?? "") : "";
  await executor.execute(sql`delete from sessions where user_id = ${userId} and token_hash <> ${keep}`);
}

export async function createUserOrThrow(db: Database, actor: Actor, input: UserInput) {
  assertMayAssignOrThrow(actor, input.role, input.unitId);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await assertUnitOrThrow(tx, input.unitId);
    await assertLoginFreeOrThrow(tx, input.login);
    const { password: _password, ...fields } = input;
    const [created] = await tx
      .insert(users)
      .values({ ...fields, passwordHash })
      .returning({ id: users.id });
    if (!created) throw new Error("insert returned nothing");
    await recordAudit(tx, { actorId: actor.user.id, entity: "user", entityId: created.id, action: "create" });
    await assignOnboardingCourses(tx, created.id);
    await announceNewColleague(tx, created.id);
    return (await findUser(tx, created.id))!;
  });
}

export async function updateUserOrThrow(db: Database, actor: Actor, id: string, patch: UserPatch) {
  const self = id === actor.user.id;
  // Checked before the transaction: argon2 takes tens of milliseconds and would hold it open.
  if (self && patch.password) await assertCurrentPasswordOrThrow(db, id, patch.currentPassword);
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  return db.transaction(async (tx) => {
    const before = await findUser(tx, id);
    if (!before) throw notFound();
    const target = { id, role: before.role as Role, unitId: before.unitId };
    assertMayManageUserOrThrow(actor, target);
    assertMayChangeUserOrThrow(actor, target, patch);
    if (before.version !== patch.version) throw staleVersion();
    if (patch.unitId) await assertUnitOrThrow(tx, patch.unitId);
    if (patch.login) await assertLoginFreeOrThrow(tx, patch.login, id);
    const { version, password: _password, currentPassword: _current, ...fields } = patch;
    const [updated] = await tx
      .update(users)
      .set({
        ...fields,
        ...(passwordHash ? { passwordHash } : {}),
        version: sql`${users.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(users.id, id), eq(users.version, version)))
      .returning({ id: users.id });
    if (!updated) throw staleVersion();
    // A deactivated user is logged out everywhere at once; a new password ends the other sessions.
    if (fields.active === false) await tx.delete(sessions).where(eq(sessions.userId, id));
    else if (passwordHash) await endOtherSessions(tx, actor, id);
    const changes = diffFields(before, fields, [
      "login",
      "name",
      "position",
      "email",
      "phone",
      "role",
      "unitId",
      "active",
    ]);
    if (passwordHash) changes.push({ field: "password", old: null, new: "(changed)" });
    await recordAudit(tx, { actorId: actor.user.id, entity: "user", entityId: id, action: "update", changes });
    return (await findUser(tx, id))!;
  });
}

export const photoMimeTypes = ["image/png", "image/jpeg", "image/webp"] as const;

/** The bytes must be the image they claim to be; a mislabelled upload is refused, not served. */
function looksLike(mimeType: string, data: Buffer): boolean {
  if (mimeType === "image/png") return data.subarray(0, 8).equals(Buffer.from("89504e470d0a1a0a", "hex"));
  if (mimeType === "image/jpeg") return data.subarray(0, 3).equals(Buffer.from("ffd8ff", "hex"));
  if (mimeType === "image/webp")
    return data.subarray(0, 4).toString("latin1") === "RIFF" && data.subarray(8, 12).toString("latin1") === "WEBP";
  return false;
}

export async function setUserPhotoOrThrow(
  db: Database,
  actor: Actor,
  id: string,
  mimeType: string,
  data: Buffer | null,
) {
  if (data !== null && !looksLike(mimeType, data)) throw invalid("body", `The file is not a valid ${mimeType} image`);
  await db.transaction(async (tx) => {
    const target = await findUser(tx, id);
    if (!target) throw notFound();
    if (id !== actor.user.id)
      assertMayManageUserOrThrow(actor, { id, role: target.role as Role, unitId: target.unitId });
    if (data === null) {
      await tx.delete(userPhotos).where(eq(userPhotos.userId, id));
    } else {
      await tx
        .insert(userPhotos)
        .values({ userId: id, mimeType, data })
        .onConflictDoUpdate({ target: userPhotos.userId, set: { mimeType, data, updatedAt: new Date() } });
    }
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "user",
      entityId: id,
      action: data ? "photo" : "photo-removed",
    });
  });
}

export async function updateOwnProfileOrThrow(
  db: Database,
  actor: Actor,
  patch: {
    email?: string | null;
    phone?: string | null;
    currentPassword?: string;
    newPassword?: string;
    calendarTimeZone?: string | null;
    startPage?: StartPage;
  },
) {
  let passwordHash: string | undefined;
  if (patch.newPassword) {
    await assertCurrentPasswordOrThrow(db, actor.user.id, patch.currentPassword);
    passwordHash = await hashPassword(patch.newPassword);
  }
  await db.transaction(async (tx) => {
    const before = await findUser(tx, actor.user.id);
    if (!before) throw notFound();
    const [{ zone, startPage } = { zone: null, startPage: "home" }] = await rows<{
      zone: string | null;
      startPage: StartPage;
    }>(tx, sql`select calendar_time_zone as zone, start_page as "startPage" from users where id = ${actor.user.id}`);
    const fields = {
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      ...(patch.calendarTimeZone !== undefined ? { calendarTimeZone: patch.calendarTimeZone } : {}),
      ...(patch.startPage !== undefined ? { startPage: patch.startPage } : {}),
    };
    await tx
      .update(users)
      .set({
        ...fields,
        ...(passwordHash ? { passwordHash } : {}),
        version: sql`${users.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(users.id, actor.user.id));
    if (passwordHash) await endOtherSessions(tx, actor, actor.user.id);
    const changes = diffFields({ ...before, calendarTimeZone: zone, startPage }, fields, [
      "email",
      "phone",
      "calendarTimeZone",
      "startPage",
    ]);
    if (passwordHash) changes.push({ field: "password", old: null, new: "(changed)" });
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "user",
      entityId: actor.user.id,
      action: "update",
      changes,
    });
  });
}
