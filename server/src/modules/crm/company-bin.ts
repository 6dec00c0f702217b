import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { AppError, taken } from "../../platform/errors/problem";
import { mayAllowDuplicateBin } from "../../policies/crm";

/** The same words whether or not the caller may see the company: they name no record, owner or id. */
export const binTakenMessage = "A company with this BIN/IIN is already registered";

/**
 * A BIN/IIN names one company: refuses one that a live company (other than `exceptId`) holds.
 * Deleted companies do not hold theirs; restoring one checks again. Concurrent writers of one
 * BIN queue on a transaction lock, so two requests cannot both find it free.
 */
export async function assertBinFreeOrThrow(
  executor: Executor,
  actor: Actor,
  input: { bin: string | null | undefined; exceptId?: string; allowDuplicate?: boolean; path?: string },
) {
  // Refused whatever the BIN, so the refusal says nothing about which BINs are registered.
  if (input.allowDuplicate && !mayAllowDuplicateBin(actor.user)) {
    const message = "Only a head, a top or an administrator registers a duplicate BIN/IIN";
    throw new AppError(403, "Forbidden", message, [{ path: "allowDuplicateBin", message }]);
  }
  if (!input.bin || input.allowDuplicate) return;
  const holders = (await binHolders(executor, [input.bin])).get(input.bin) ?? [];
  if (holders.some((id) => id !== input.exceptId)) throw taken(input.path ?? "bin", binTakenMessage);
}

/** The live companies holding each of `bins` (BIN → ids), after locking each BIN for this transaction. */
export async function binHolders(executor: Executor, bins: string[]): Promise<Map<string, string[]>> {
  const distinct = [...new Set(bins)].sort();
  const holders = new Map<string, string[]>();
  if (distinct.length === 0) return holders;
  const list = sql.join(
    distinct.map((bin) => sql`${bin}`),
    sql`, `,
  );
  // Locks in sorted order, so two imports of overlapping BINs cannot deadlock; and in a statement of
  // their own, so the read below takes its snapshot after a concurrent writer of the BIN committed.
  await executor.execute(
    sql`select pg_advisory_xact_lock(hashtext('company-bin:' || bin)) from unnest(array[${list}]::text[]) as bin`,
  );
  const found = await rows<{ id: string; bin: string }>(
    executor,
    sql`select id, bin from companies where deleted_at is null and bin in (${list})`,
  );
  for (const row of found) holders.set(row.bin, [...(holders.get(row.bin) ?? []), row.id]);
  return holders;
}
