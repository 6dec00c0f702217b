import { execFile } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { createGunzip, gunzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture, testPassword } from "../../testing/factories";
import { type Client, login, loginEach, useTestApp } from "../../testing/test-app";
import { openTestDatabase } from "../../testing/test-database";
import { type Database, type DatabaseHandle, rows } from "../db/database";
import { restoreBackup, writeBackup } from "./backup";

async function backupText(db: Database): Promise<string> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  await writeBackup(db, output);
  output.end();
  return Buffer.concat(chunks).toString("utf8");
}

/** Each table's rows as one checksum, independent of physical order. */
async function checksums(db: Database): Promise<Record<string, string>> {
  const tables = await rows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE'
          and table_name not in ('sessions', 'user_presence') order by table_name`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await rows<{ sum: string | null; count: number }>(
      db,
      sql`select md5(string_agg(t::text, '|' order by t::text)) as sum, count(*)::int as count from ${sql.identifier(name)} t`,
    );
    result[name] = `${row!.count}:${row!.sum}`;
  }
  return result;
}

describe("backup and restore", () => {
  const context = useTestApp();
  let target: DatabaseHandle;
  let manager: Client;
  let head: Client;

  beforeAll(async () => {
    const fixture = await createAccessFixture(context.handle.db);
    [manager, head] = await loginEach(context.app, ["manager-a1", "head-a"] as const);
    for (let index = 0; index < 15; index++) {
      await manager.request("POST", "/api/v1/deals", { title: `Сделка ${index}`, amount: 1000 + index * 0.01 });
    }
    const task = await head.request("POST", "/api/v1/tasks", {
      title: "Задача с файлом",
      assigneeId: fixture.managerA1.id,
      checklist: ["Пункт"],
    });
    const form = new FormData();
    form.append("file", new Blob([Buffer.from([0, 1, 2, 255, 254])]), "bytes.bin");
    const upload = new Request("http://x", { method: "POST", body: form });
    await context.app.inject({
      method: "POST",
      url: `/api/v1/tasks/${task.json().id}/files`,
      headers: { cookie: head.cookie, "content-type": upload.headers.get("content-type")! },
      payload: Buffer.from(await upload.arrayBuffer()),
    });
    const chat = await head.request("POST", "/api/v1/chats/direct", { userId: fixture.managerA1.id });
    await head.request("POST", `/api/v1/chats/${chat.json().id}/messages`, { body: "Привет" });
    target = await openTestDatabase();
  }, 120_000);
  afterAll(async () => {
    await target?.close();
  });

  it("brings back every table equal, files and sequences included", { timeout: 120_000 }, async () => {
    const text = await backupText(context.handle.db);
    expect(text.split("\n")[0]).toContain('"format":"planerka-backup"');
    const restored = await restoreBackup(target.db, PassThrough.from([text]) as never);
    expect(restored.rows).toBeGreaterThan(50);
    expect(await checksums(target.db)).toEqual(await checksums(context.handle.db));
    // Sequences continue where they were: the next deal number follows the last one.
    const [numbers] = await rows<{ copy: string }>(target.db, sql`select max(number)::text as copy from deals`);
    await target.db.execute(
      sql`insert into deals (title, pipeline_id, stage_id, owner_id)
          select 'после восстановления', pipeline_id, stage_id, owner_id from deals limit 1`,
    );
    const [after] = await rows<{ number: string }>(
      target.db,
      sql`select number::text from deals where title = 'после восстановления'`,
    );
    expect(Number(after!.number)).toBeGreaterThan(Number(numbers!.copy));
  });

  it("takes a consistent snapshot while writes go on, and refuses a foreign file", { timeout: 120_000 }, async () => {
    let writing = true;
    const writes = (async () => {
      let count = 0;
      while (writing && count < 40) {
        await manager.request("POST", "/api/v1/deals", { title: `Во время копии ${count}`, amount: 10 });
        count += 1;
      }
      return count;
    })();
    const text = await backupText(context.handle.db);
    writing = false;
    expect(await writes).toBeGreaterThan(0);
    await restoreBackup(target.db, PassThrough.from([text]) as never);
    // The totals the figures read agree with the deals of the same instant.
    const [check] = await rows<{ deals: string; totals: string }>(
      target.db,
      sql`select (select coalesce(sum(amount), 0)::text from deals where deleted_at is null) as deals,
                 (select coalesce(sum(amount), 0)::text from deal_stage_totals) as totals`,
    );
    expect(Number(check!.totals)).toBe(Number(check!.deals));
    await expect(restoreBackup(target.db, PassThrough.from(['{"format":"other"}\n']) as never)).rejects.toThrow(
      "Not a Planerka backup",
    );
    // A refused restore changed nothing.
    const [deals] = await rows<{ count: number }>(target.db, sql`select count(*)::int as count from deals`);
    expect(deals!.count).toBeGreaterThanOrEqual(15);
  });

  it("the administrator downloads it from the running server, and nobody else may", { timeout: 120_000 }, async () => {
    const admin = await login(context.app, "admin-user");
    const download = await context.app.inject({
      method: "GET",
      url: "/api/v1/backup",
      headers: { cookie: admin.cookie },
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-disposition"]).toMatch(/attachment; filename="planerka-.*\.backup\.gz"/);
    await restoreBackup(target.db, PassThrough.from([gunzipSync(download.rawPayload).toString("utf8")]) as never);
    expect(await checksums(target.db)).toEqual(await checksums(context.handle.db));
    expect((await manager.request("GET", "/api/v1/backup")).statusCode).toBe(403);
    expect((await head.request("GET", "/api/v1/backup")).statusCode).toBe(403);
  });

  it("`npm run backup` writes the file through the running server", { timeout: 180_000 }, async () => {
    await context.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = context.app.server.address() as AddressInfo;
    const folder = await mkdtemp(path.join(tmpdir(), "planerka-backup-"));
    const file = path.join(folder, "copy.backup.gz");
    try {
      await promisify(execFile)(
        process.execPath,
        ["--import", "tsx", "server/src/tools/backup-cli.ts", "backup", file],
        {
          env: {
            ...process.env,
            PLANERKA_URL: `http://127.0.0.1:${port}`,
            PLANERKA_LOGIN: "admin-user",
            PLANERKA_PASSWORD: testPassword,
          },
        },
      );
      await restoreBackup(target.db, createReadStream(file).pipe(createGunzip()));
      expect(await checksums(target.db)).toEqual(await checksums(context.handle.db));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
