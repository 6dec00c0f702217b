import type { Actor } from "../platform/auth/authenticate";
import { notFound } from "../platform/errors/problem";

/**
 * «Планёрка» notes are what the people above someone say to each other about them: a head's memo of
 * the weekly meeting. They are read and written by heads, tops and admins whose `reports` read level
 * reaches the person — never by the person, even where the matrix would let them read their own
 * reports (the role rule is why: a manager given a wider reports level still writes no meeting
 * notes). Anyone else gets 404, as for a person who does not exist.
 */
export function assertMeetingNotesReachableOrThrow(actor: Actor, subject: { id: string; unitId: string }): void {
  const role = actor.user.role;
  if (role !== "head" && role !== "top" && role !== "admin") throw notFound();
  if (subject.id === actor.user.id) throw notFound();
  if (!actor.scope.canReachOwner("reports", "read", subject)) throw notFound();
}
