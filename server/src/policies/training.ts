import type { SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Actor } from "../platform/auth/authenticate";
import { notFound } from "../platform/errors/problem";

// Training is read by everyone (the sales book, published courses) and written by the people who
// manage it: heads, tops and administrators (fixed by role, like the feed's announcements: teaching
// material is the company's, not a record with an owner). Whose learning one sees — assignments,
// attempts, scores, attestation results — follows the matrix's `reports` read level, like every
// other figure about people: oneself always, a head their subtree, tops and admins everyone.

/** Heads, tops and admins write the sales book and courses, grade answers, assign and attest. */
export function mayManageTraining(actor: Actor): boolean {
  return actor.user.role === "head" || actor.user.role === "top" || actor.user.role === "admin";
}

/** A course may be changed by its author, tops and admins (a head does not rewrite another head's course). */
export function mayEditCourse(actor: Actor, course: { authorId: string }): boolean {
  if (actor.user.role === "admin" || actor.user.role === "top") return true;
  return actor.user.role === "head" && course.authorId === actor.user.id;
}

/** SQL true for learners (`userIdColumn` holds a user id) whose progress the caller may see. */
export function learnerCondition(actor: Actor, userIdColumn: AnyPgColumn | SQL): SQL {
  return actor.scope.ownerCondition("reports", "read", userIdColumn);
}

/** A draft course is 404 to people who do not manage training. */
export function assertCourseVisibleOrThrow(actor: Actor, course: { published: boolean }): void {
  if (!course.published && !mayManageTraining(actor)) throw notFound();
}
