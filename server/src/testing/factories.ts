import type { Role, UnitKind } from "@planerka/common";
import { eq } from "drizzle-orm";
import { createCompany } from "../modules/settings/company-setup";
import { hashPassword } from "../platform/auth/password";
import type { Database } from "../platform/db/database";
import { units, users } from "../platform/db/schema";

export const testPassword = "secret-password";
let passwordHash: Promise<string> | undefined;
let sequence = 0;

export interface CreatedUser {
  id: string;
  login: string;
  role: Role;
  unitId: string;
}

export async function createTestCompany(db: Database, name = "Test Company") {
  return db.transaction((tx) => createCompany(tx, name));
}

export async function createUnit(
  db: Database,
  input: { name?: string; kind?: UnitKind; parentId: string | null; headUserId?: string | null },
): Promise<string> {
  const [row] = await db
    .insert(units)
    .values({
      name: input.name ?? `Unit ${++sequence}`,
      kind: input.kind ?? "department",
      parentId: input.parentId,
      headUserId: input.headUserId ?? null,
    })
    .returning({ id: units.id });
  return row!.id;
}

export async function setUnitHead(db: Database, unitId: string, headUserId: string | null) {
  await db.update(units).set({ headUserId }).where(eq(units.id, unitId));
}

export async function createUser(
  db: Database,
  input: { role?: Role; unitId: string; login?: string; name?: string; active?: boolean },
): Promise<CreatedUser> {
  passwordHash ??= hashPassword(testPassword);
  const login = input.login ?? `user${++sequence}-${Math.random().toString(36).slice(2, 8)}`;
  const role = input.role ?? "manager";
  const [row] = await db
    .insert(users)
    .values({
      login,
      passwordHash: await passwordHash,
      name: input.name ?? `Test ${login}`,
      role,
      unitId: input.unitId,
      active: input.active ?? true,
    })
    .returning({ id: users.id });
  return { id: row!.id, login, role, unitId: input.unitId };
}

/**
 * The organisation every access test needs: a company with a top and an admin, a region headed by
 * `regionHead`, two sibling departments each with a head and two managers.
 */
export async function createAccessFixture(db: Database) {
  const { rootUnitId } = await createTestCompany(db);
  const admin = await createUser(db, { role: "admin", unitId: rootUnitId, login: "admin-user" });
  const top = await createUser(db, { role: "top", unitId: rootUnitId, login: "top-user" });
  const regionId = await createUnit(db, { name: "Region", kind: "region", parentId: rootUnitId });
  const regionHead = await createUser(db, { role: "head", unitId: regionId, login: "region-head" });
  await setUnitHead(db, regionId, regionHead.id);
  const departmentA = await createUnit(db, { name: "Department A", parentId: regionId });
  const departmentB = await createUnit(db, { name: "Department B", parentId: regionId });
  const headA = await createUser(db, { role: "head", unitId: departmentA, login: "head-a" });
  const headB = await createUser(db, { role: "head", unitId: departmentB, login: "head-b" });
  await setUnitHead(db, departmentA, headA.id);
  await setUnitHead(db, departmentB, headB.id);
  const managerA1 = await createUser(db, { unitId: departmentA, login: "manager-a1" });
  const managerA2 = await createUser(db, { unitId: departmentA, login: "manager-a2" });
  const managerB1 = await createUser(db, { unitId: departmentB, login: "manager-b1" });
  return {
    rootUnitId,
    regionId,
    departmentA,
    departmentB,
    admin,
    top,
    regionHead,
    headA,
    headB,
    managerA1,
    managerA2,
    managerB1,
  };
}
