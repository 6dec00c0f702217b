import type { Me, StartPage, setupSchema } from "@planerka/common";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import { type Actor, sessionCookieName } from "../../platform/auth/authenticate";
import { decoyPasswordHash, hashPassword, verifyPassword } from "../../platform/auth/password";
import { hashSecret, newSecret } from "../../platform/auth/tokens";
import { type Database, preparedRows, rows } from "../../platform/db/database";
import { sessions, users } from "../../platform/db/schema";
import { AppError, conflict } from "../../platform/errors/problem";
import { roleMay } from "../../platform/http/permissions";
import { mayAllowDuplicateBin, mayRestoreRecords } from "../../policies/crm";
import { seesEveryGroup } from "../../policies/groups";
import { reportUnitsOf } from "../../policies/reports";
import { mayManageTraining } from "../../policies/training";
import { assignableRolesOf, managedUnitsOf, mayManageUsers } from "../../policies/users";
import { mayApproveBonuses, mayConfigureBonuses } from "../bonuses/bonus-policy";
import { rootUnitIdQuery } from "../org/unit.queries";
import { type UserRow, userColumns } from "../org/user.queries";
import { createCompany } from "../settings/company-setup";
import { admitLoginAttempt, recordLoginSuccess } from "./login-throttle";

export const sessionLifetimeDays = 30;
export { sessionCookieName };

const wrongCredentials = () => new AppError(401, "Unauthorized", "Wrong login or password");

function tooManyAttempts(retryAfter: number) {
  const wait = retryAfter < 60 ? `${retryAfter} s` : `${Math.ceil(retryAfter / 60)} min`;
  const error = new AppError(429, "Too Many Requests", `Too many failed attempts; try again in ${wait}`);
  return Object.assign(error, { retryAfter });
}

/**
 * Checks a login and password under the login throttle and records the success; the session (or
 * the 1C exchange's session) is the caller's to create.
 */
export async function verifyLoginOrThrow(
  db: Database,
  input: { login: string; password: string },
  client: { ip: string },
): Promise<{ userId: string }> {
  const login = input.login.toLowerCase();
  // Admitted attempts are recorded as failures before the (slow) check, so parallel ones cannot
  // all slip under the limit.
  const admission = await admitLoginAttempt(db, login, client.ip);
  if (!admission.admitted) throw tooManyAttempts(admission.retryAfter);
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .where(eq(users.login, login));
  // Unknown logins still pay for one hash verification, so timing does not reveal which exist.
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!user || !valid || !user.active) throw wrongCredentials();
  await db.transaction((tx) => recordLoginSuccess(tx, login, client.ip, admission.attemptId));
  return { userId: user.id };
}

/** Returns the new session's secret for the cookie. */
export async function loginOrThrow(
  db: Database,
  input: { login: string; password: string },
  client: { ip: string; userAgent?: string },
): Promise<{ secret: string; userId: string }> {
  const { userId } = await verifyLoginOrThrow(db, input, client);
  const secret = newSecret("");
  await db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      tokenHash: hashSecret(secret),
      userId,
      expiresAt: new Date(Date.now() + sessionLifetimeDays * 86_400_000),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300),
    });
  });
  return { secret, userId };
}

export async function logout(db: Database, actor: Actor | undefined) {
  if (actor?.sessionTokenHash) await db.delete(sessions).where(eq(sessions.tokenHash, actor.sessionTokenHash));
}

export async function presentMe(db: Database, actor: Actor): Promise<Me> {
  // Every page opens with this read: the user and the company's settings in one prepared statement.
  const [user] = await preparedRows<
    UserRow & {
      company_name: string | null;
      time_zone: string | null;
      root_unit_id: string | null;
      calendar_time_zone: string | null;
      start_page: StartPage;
    }
  >(
    db,
    sql`select ${userColumns}, u.calendar_time_zone, u.start_page, cs.company_name, cs.time_zone,
          ${rootUnitIdQuery} as root_unit_id
        from users u join units un on un.id = u.unit_id left join company_settings cs on cs.id = 1
        where u.id = ${actor.user.id}`,
  );
  if (!user) throw wrongCredentials();
  const role = actor.user.role;
  return {
    id: user.id,
    login: user.login,
    name: user.name,
    position: user.position,
    email: user.email,
    phone: user.phone,
    role,
    unitId: user.unitId,
    unitName: user.unitName,
    headedUnitIds: [...actor.scope.headedUnitIds],
    hasPhoto: user.hasPhoto,
    companyName: user.company_name ?? "",
    timeZone: user.time_zone ?? "Asia/Almaty",
    calendarTimeZone: user.calendar_time_zone ?? user.time_zone ?? "Asia/Almaty",
    ownCalendarTimeZone: user.calendar_time_zone ?? null,
    startPage: user.start_page ?? "home",
    // From the policies and the permission catalogue the guard enforces, so the web shows what the
    // server allows.
    abilities: {
      manageUsers: mayManageUsers(actor),
      managedUnits: managedUnitsOf(actor),
      assignableRoles: assignableRolesOf(actor),
      manageUnits: roleMay(role, "units:manage"),
      manageSettings: roleMay(role, "settings:manage"),
      manageAccess: roleMay(role, "access:manage"),
      manageApiTokens: roleMay(role, "access:manage"),
      exchangeWith1C: roleMay(role, "integrations:1c"),
      assignOneCOrders: roleMay(role, "integrations:1c-queue"),
      configureBonuses: mayConfigureBonuses(actor, user.root_unit_id ?? null),
      approveBonuses: mayApproveBonuses(actor),
      reconcileOneC: roleMay(role, "bonuses:reconcile"),
      restoreRecords: mayRestoreRecords(actor.user),
      allowDuplicateBin: mayAllowDuplicateBin(actor.user),
      seeEveryGroup: seesEveryGroup(actor.user),
      manageTraining: mayManageTraining(actor),
      reportUnits: reportUnitsOf(actor.scope),
      access: actor.scope.matrix[role],
    },
  };
}

export async function needsSetup(db: Database): Promise<boolean> {
  const [row] = await rows<{ count: number }>(db, sql`select count(*)::int as count from users`);
  return Number(row?.count ?? 0) === 0;
}

/** The first-run screen: creates the company, its root unit and the administrator, once. */
export async function setupCompanyOrThrow(db: Database, input: z.infer<typeof setupSchema>) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table users in exclusive mode`);
    const [row] = await rows<{ count: number }>(tx, sql`select count(*)::int as count from users`);
    if (Number(row?.count ?? 0) > 0) throw conflict("The portal is already set up");
    const { rootUnitId } = await createCompany(tx, input.companyName);
    const [admin] = await tx
      .insert(users)
      .values({
        login: input.login.toLowerCase(),
        passwordHash,
        name: input.name,
        email: input.email ?? null,
        role: "admin",
        unitId: rootUnitId,
        position: "Администратор портала",
      })
      .returning({ id: users.id });
    await recordAudit(tx, { actorId: admin!.id, entity: "company", entityId: rootUnitId, action: "setup" });
    return admin!.id;
  });
}
