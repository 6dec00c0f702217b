import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { access, copyFile, mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { sql } from "drizzle-orm";
import { hashSecret, newSecret } from "../../platform/auth/tokens";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { conflict, notFound } from "../../platform/errors/problem";
import { getSettingsOrThrow } from "../settings/settings.service";
import { CommerceMlError, readCommerceMl } from "./commerceml-reader";
import { markSucceeded, startSession } from "./one-c.service";
import { applyRecords } from "./one-c-apply";
import { ExchangeFileError, filesToImportOrThrow, sessionFolder } from "./one-c-exchange-files";
import type { IncomingRecord } from "./one-c-records";

export const exchangeCookieName = "planerka_1c";

/** Tunable by tests: how many records one transaction applies, and how long one import call may run. */
export const importPacing = { batchSize: 1000, budgetMs: 20_000 };

/** Another user's exchange seen this recently is still going: a second one is refused. */
const busyMinutes = 5;
/** An exchange session not seen for this long needs a new checkauth. */
const sessionIdleMinutes = 60;

export interface ExchangeFile {
  name: string;
  size: number;
  applied: boolean;
  /** The XML files an import of `name` reads (itself, or those unpacked from a zip). */
  parts?: string[];
  /** Records of `parts` already applied, in reading order: where a resumed import goes on. */
  offset?: number;
  total?: number;
}

export interface ExchangeSession {
  id: string;
  kind: "sale" | "catalog" | "upsert";
  userId: string;
  files: ExchangeFile[];
}

/** Starts a 1C session after checkauth, unless another user's exchange is under way. */
export async function openExchangeSessionOrThrow(db: Database, userId: string, kind: "sale" | "catalog") {
  const secret = newSecret("");
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('planerka:1c-session'))`);
    const [busy] = await rows<{ login: string; started_at: string }>(
      tx,
      sql`select u.login, s.started_at from one_c_sessions s join users u on u.id = s.user_id
          where s.status = 'running' and s.kind <> 'upsert' and s.user_id <> ${userId}
            and s.last_seen_at > now() - make_interval(mins => ${busyMinutes})
          limit 1`,
    );
    if (busy) {
      const since = new Date(busy.started_at).toISOString().slice(11, 16);
      throw new ExchangeFileError(`Обмен уже идёт (начат в ${since} UTC пользователем ${busy.login}); повторите позже`);
    }
    // The same 1C starting again (catalog, then sale) closes its earlier session.
    await tx.execute(
      sql`update one_c_sessions set status = case when error is null then 'succeeded' else 'failed' end,
            finished_at = coalesce(finished_at, now()), cookie_hash = null
          where status = 'running' and kind <> 'upsert'
            and (user_id = ${userId} or last_seen_at <= now() - make_interval(mins => ${busyMinutes}))`,
    );
    await tx.execute(
      sql`insert into one_c_sessions (kind, user_id, cookie_hash) values (${kind}, ${userId}, ${hashSecret(secret)})`,
    );
  });
  return secret;
}

export async function findExchangeSession(db: Database, cookie: string | undefined): Promise<ExchangeSession | null> {
  if (!cookie) return null;
  const [row] = await rows<ExchangeSession>(
    db,
    sql`select s.id, s.kind, s.user_id as "userId", s.files from one_c_sessions s join users u on u.id = s.user_id
        where s.cookie_hash = ${hashSecret(cookie)} and u.active and u.role = 'admin'
          and s.last_seen_at > now() - make_interval(mins => ${sessionIdleMinutes})`,
  );
  if (!row) return null;
  await db.execute(sql`update one_c_sessions set last_seen_at = now() where id = ${row.id}`);
  return row;
}

export async function saveFiles(executor: Executor, sessionId: string, files: ExchangeFile[], extra = sql``) {
  await executor.execute(
    sql`update one_c_sessions set files = ${JSON.stringify(files)}::jsonb, last_seen_at = now() ${extra} where id = ${sessionId}`,
  );
}

export async function failSession(db: Database, sessionId: string, error: string) {
  await db.execute(
    sql`update one_c_sessions set status = 'failed', error = ${error}, finished_at = now() where id = ${sessionId}`,
  );
}

async function* readParts(folder: string, parts: readonly string[]) {
  for (const part of parts) {
    try {
      for await (const item of readCommerceMl(createReadStream(path.join(folder, part)))) yield { part, item };
    } catch (error) {
      if (error instanceof CommerceMlError) throw new ExchangeFileError(`Файл ${part}: ${error.message}`);
      throw error;
    }
  }
}

/** Where a checked file's records wait as JSON lines: beside the session's folder, never in it. */
function stagedPath(root: string, sessionId: string, name: string) {
  return path.join(root, `${sessionId}.staged`, `${encodeURIComponent(name)}.ndjson`);
}

/**
 * Reads the whole of the XML once: a malformed file fails here, before anything of it is applied.
 * The records go to a JSON-lines file, so applying (and resuming after a crash) never parses XML again.
 */
async function stageOrThrow(folder: string, parts: readonly string[], target: string): Promise<number> {
  await mkdir(path.dirname(target), { recursive: true });
  const out = createWriteStream(target);
  let total = 0;
  try {
    for await (const { part, item } of readParts(folder, parts)) {
      if (item.kind === "skipped") continue;
      total += 1;
      if (!out.write(`${JSON.stringify([part, item.kind, item.record])}\n`)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    return total;
  } catch (error) {
    out.destroy();
    await rm(target, { force: true });
    throw error;
  }
}

/**
 * mode=import: checks the whole file is well-formed before applying any of it (a broken file
 * applies nothing), then applies it a batch per transaction, each batch saving how far it got, so
 * an import cut off by a crash resumes where the last commit left it. Stops after the time budget
 * and answers `progress`; 1C calls again.
 */
export async function importFileOrThrow(
  db: Database,
  root: string,
  session: ExchangeSession,
  name: string,
  budgetMs = importPacing.budgetMs,
): Promise<{ done: boolean; offset: number; total: number }> {
  const folder = sessionFolder(root, session.id);
  const staged = stagedPath(root, session.id, name);
  const files = session.files;
  let file = files.find((entry) => entry.name === name);
  if (!file) {
    file = { name, size: 0, applied: false };
    files.push(file);
  }
  if (file.applied) return { done: true, offset: file.total ?? 0, total: file.total ?? 0 };
  if (!file.parts || file.total === undefined) {
    const parts = await filesToImportOrThrow(folder, name);
    file.total = await stageOrThrow(folder, parts, staged);
    file.parts = parts;
    file.offset = 0;
    await saveFiles(db, session.id, files, sql`, directions = array(select distinct unnest(directions || '{in}'))`);
  }
  const { timeZone } = await getSettingsOrThrow(db);
  const started = Date.now();
  let seen = 0;
  let batch: IncomingRecord[] = [];
  let batchPart: string | null = null;
  const flush = async () => {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    await db.transaction(async (tx) => {
      await applyRecords(tx, { sessionId: session.id, actorId: session.userId, timeZone, fileName: batchPart }, items);
      file.offset = (file.offset ?? 0) + items.length;
      await saveFiles(tx, session.id, files);
    });
  };
  const lines = createInterface({ input: createReadStream(staged), crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      seen += 1;
      if (seen <= (file.offset ?? 0) || !line) continue;
      const [part, kind, record] = JSON.parse(line) as [string, IncomingRecord["kind"], unknown];
      if (batchPart !== part) await flush();
      batchPart = part;
      batch.push({ kind, record });
      if (batch.length >= importPacing.batchSize) {
        await flush();
        if (Date.now() - started >= budgetMs) return { done: false, offset: file.offset ?? 0, total: file.total };
      }
    }
  } finally {
    lines.close();
  }
  await flush();
  file.applied = true;
  await db.transaction(async (tx) => {
    await saveFiles(tx, session.id, files);
    await tx.execute(sql`update one_c_state set last_success_at = now() where id = 1`);
  });
  await rm(staged, { force: true });
  return { done: true, offset: file.total, total: file.total };
}

/**
 * «Повторить»: applies a finished session's files again in a new session, from the copies kept in
 * its folder. Idempotent like any import: what 1C already gave changes nothing a second time.
 */
export async function rerunSessionOrThrow(db: Database, root: string, sessionId: string, userId: string) {
  const [old] = await rows<{ kind: string; files: ExchangeFile[] }>(
    db,
    sql`select kind, files from one_c_sessions where id = ${sessionId}`,
  );
  if (!old) throw notFound();
  if (old.kind !== "sale" && old.kind !== "catalog")
    throw conflict(
      "Only 1C's own exchanges keep files to apply again; a JSON upsert call is sent again by the 1C service",
    );
  const parts = old.files.flatMap((file) => file.parts ?? []);
  const from = sessionFolder(root, sessionId);
  const missing = await Promise.all(
    parts.map((part) =>
      access(path.join(from, part)).then(
        () => false,
        () => true,
      ),
    ),
  );
  if (parts.length === 0 || missing.some(Boolean)) throw conflict("The files of this exchange are no longer kept");
  const id = await startSession(db, { kind: old.kind as "sale" | "catalog", userId });
  const to = sessionFolder(root, id);
  await mkdir(to, { recursive: true });
  for (const part of parts) await copyFile(path.join(from, part), path.join(to, part));
  const files = await Promise.all(
    parts.map(async (part) => ({ name: part, size: (await stat(path.join(to, part))).size, applied: false })),
  );
  const session: ExchangeSession = { id, kind: old.kind as "sale", userId, files };
  await saveFiles(db, id, files);
  try {
    for (const part of parts) {
      let result = await importFileOrThrow(db, root, session, part, Number.POSITIVE_INFINITY);
      while (!result.done) result = await importFileOrThrow(db, root, session, part, Number.POSITIVE_INFINITY);
    }
    await markSucceeded(db, id);
  } catch (error) {
    if (error instanceof ExchangeFileError) await failSession(db, id, error.message);
    else throw error;
  }
  return { id };
}

/** Exchange files are kept 30 days for «Повторить», then removed (at the next checkauth). */
export const keptExchangeDays = 30;

export async function removeOldExchangeFiles(db: Database, root: string) {
  const old = await rows<{ id: string }>(
    db,
    sql`update one_c_sessions set files = '[]' where kind <> 'upsert' and files <> '[]'
          and coalesce(finished_at, last_seen_at) < now() - make_interval(days => ${keptExchangeDays})
        returning id`,
  );
  for (const { id } of old) {
    await rm(sessionFolder(root, id), { recursive: true, force: true });
    await rm(path.join(root, `${id}.staged`), { recursive: true, force: true });
  }
}
