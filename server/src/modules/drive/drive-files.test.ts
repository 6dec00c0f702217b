import { createHash } from "node:crypto";
import type { DriveFile, DriveListing, DriveVersion } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { runDriveContentPass } from "./drive-content-worker";
import { createFolder, download, ok, roots, uploadFile, useTemporaryStore } from "./drive-test-kit";
import { runDriveMaintenance } from "./drive-trash.service";

const storage = useTemporaryStore();
const context = useTestApp({ blobStore: storage.store });

describe("drive files", () => {
  let owner: Client;
  let colleague: Client;
  let admin: Client;
  let myDrive: string;
  let groupDrive: string;

  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    [owner, colleague, admin] = await loginEach(context.app, ["manager-a1", "manager-a2", "admin-user"] as const);
    myDrive = (await roots(owner)).personal.id;
    const group = await ok(
      owner.request("POST", "/api/v1/groups", { name: "Тендер КазМунайГаз", visibility: "closed" }),
      201,
    );
    const [colleagueRow] = await rows<{ id: string }>(
      context.handle.db,
      sql`select id from users where login = 'manager-a2'`,
    );
    await ok(owner.request("POST", `/api/v1/groups/${group.id}/members`, { userId: colleagueRow!.id }), 200);
    groupDrive = (await roots(owner)).groups.find((root) => root.groupId === group.id)!.id;
  });

  it("gives everyone «Мой диск», the company drive with its «Библиотека», and their groups' drives", async () => {
    const mine = await roots(owner);
    expect(mine.personal).toMatchObject({
      kind: "personal",
      name: "Мой диск",
      abilities: { edit: true, manage: true },
    });
    expect(mine.company).toMatchObject({ kind: "company", level: "read", abilities: { edit: false } });
    const company = await ok<DriveListing>(owner.request("GET", `/api/v1/drive/folders/${mine.company.id}`));
    expect(company.folders.map((folder) => folder.name)).toContain("Библиотека");
    expect(mine.groups.map((root) => root.groupName)).toContain("Тендер КазМунайГаз");
    expect((await roots(admin)).company.abilities).toEqual({ edit: true, manage: true });
    // Two first visits at once make one root each, not two.
    await Promise.all([roots(colleague), roots(colleague)]);
    const [count] = await rows<{ count: number }>(
      context.handle.db,
      sql`select count(*)::int as count from drive_folders where parent_id is null and kind = 'company'`,
    );
    expect(count!.count).toBe(1);
  });

  it("stores an upload under a generated key and gives back the same bytes, as an attachment never sniffed", async () => {
    const data = Buffer.from("Прайс-лист на сварочные аппараты\nИнвертор 200 А — 150 000 ₸\n");
    const file = await uploadFile(owner, myDrive, "Прайс 2026.txt", data, "text/plain");
    expect(file).toMatchObject({ name: "Прайс 2026.txt", size: data.length, versionNumber: 1, preview: "text" });
    const response = await download(owner, file.id);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(data)).toBe(true);
    expect(response.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    const [blob] = await rows<{ storageKey: string; sha256: string }>(
      context.handle.db,
      sql`select b.storage_key as "storageKey", b.sha256 from drive_blobs b join drive_file_versions v on v.blob_id = b.id
          where v.file_id = ${file.id}`,
    );
    expect(blob!.storageKey).not.toContain("Прайс");
    expect(await storage.files()).toContain(`blobs/${blob!.storageKey}`);
    // One chunk: the blob's hash is the SHA-256 of that chunk's SHA-256.
    const chunkHash = createHash("sha256").update(data).digest("hex");
    expect(blob!.sha256).toBe(createHash("sha256").update(chunkHash).digest("hex"));
    const range = await owner.request("GET", `/api/v1/drive/files/${file.id}/content`, undefined, {
      range: "bytes=0-9",
    });
    expect(range.statusCode).toBe(206);
    expect(range.rawPayload.equals(data.subarray(0, 10))).toBe(true);
  });

  it("sniffs the type from the content: a lying .pdf that is HTML never opens inline", async () => {
    const file = await uploadFile(
      owner,
      myDrive,
      "invoice.pdf",
      Buffer.from("<!doctype html><script>alert(1)</script>"),
    );
    expect(file.mimeType).toBe("text/html");
    expect(file.preview).toBe("none");
    const response = await download(owner, file.id, "?disposition=inline");
    expect(response.headers["content-disposition"]).toMatch(/^attachment;/);
    const svg = await uploadFile(
      owner,
      myDrive,
      "logo.svg",
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
    );
    expect((await download(owner, svg.id, "?disposition=inline")).headers["content-disposition"]).toMatch(
      /^attachment;/,
    );
    const pdf = await uploadFile(owner, myDrive, "real.pdf", Buffer.from("%PDF-1.4\n%%EOF\n"));
    expect(pdf.preview).toBe("pdf");
    expect((await download(owner, pdf.id, "?disposition=inline")).headers["content-disposition"]).toMatch(/^inline;/);
  });

  it("makes a new version for the same name, keeps the history and restores any version", async () => {
    const first = await uploadFile(owner, groupDrive, "Договор.txt", Buffer.from("редакция 1"));
    const second = await uploadFile(
      colleague,
      groupDrive,
      "договор.TXT".replace("TXT", "txt"),
      Buffer.from("редакция 2"),
    );
    expect(second.id).toBe(first.id);
    expect(second.versionNumber).toBe(2);
    const history = await ok<{ items: DriveVersion[] }>(
      owner.request("GET", `/api/v1/drive/files/${first.id}/versions`),
    );
    expect(history.items.map((version) => [version.number, version.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(history.items[0]!.uploadedBy?.name).toMatch(/manager-a2/);
    const restored = await ok<DriveFile>(owner.request("POST", `/api/v1/drive/files/${first.id}/versions/1/restore`));
    expect(restored.versionNumber).toBe(3);
    expect((await download(owner, first.id)).body).toBe("редакция 1");
    expect((await download(owner, first.id, "?version=2")).body).toBe("редакция 2");
    // Restoring points at the stored bytes again: no copy.
    const [blobs] = await rows<{ count: number }>(
      context.handle.db,
      sql`select count(distinct blob_id)::int as count from drive_file_versions where file_id = ${first.id}`,
    );
    expect(blobs!.count).toBe(2);
  });

  it("«Редактирую» keeps others from overwriting, renaming or deleting until it is released", async () => {
    const file = await uploadFile(owner, groupDrive, "Смета.txt", Buffer.from("v1"));
    const locked = await ok<DriveFile>(owner.request("POST", `/api/v1/drive/files/${file.id}/lock`));
    expect(locked.lockedBy?.name).toMatch(/manager-a1/);
    const seen = await ok<DriveFile>(colleague.request("GET", `/api/v1/drive/files/${file.id}`));
    expect(seen.abilities.edit).toBe(false);
    const blocked = await colleague.request("POST", "/api/v1/drive/uploads", {
      folderId: groupDrive,
      name: "Смета.txt",
      size: 2,
    });
    expect(blocked.statusCode).toBe(423);
    expect(
      (await colleague.request("PATCH", `/api/v1/drive/files/${file.id}`, { name: "x.txt", version: locked.version }))
        .statusCode,
    ).toBe(423);
    expect((await colleague.request("DELETE", `/api/v1/drive/files/${file.id}`)).statusCode).toBe(423);
    expect((await colleague.request("DELETE", `/api/v1/drive/files/${file.id}/lock`)).statusCode).toBe(423);
    // The holder still writes new versions.
    expect((await uploadFile(owner, groupDrive, "Смета.txt", Buffer.from("v2"))).versionNumber).toBe(2);
    await ok(owner.request("DELETE", `/api/v1/drive/files/${file.id}/lock`));
    expect((await uploadFile(colleague, groupDrive, "Смета.txt", Buffer.from("v3"))).versionNumber).toBe(3);
  });

  it("renames and moves within the rules: unique names, no moving a folder into itself, versions checked", async () => {
    const outer = await createFolder(owner, myDrive, "Клиенты");
    const inner = await createFolder(owner, outer.id, "Алматы");
    const clash = await owner.request("POST", "/api/v1/drive/folders", { parentId: myDrive, name: "клиенты" });
    expect(clash.statusCode).toBe(409);
    const intoItself = await owner.request("PATCH", `/api/v1/drive/folders/${outer.id}`, {
      parentId: inner.id,
      version: outer.version,
    });
    expect(intoItself.statusCode).toBe(422);
    expect(intoItself.json().errors[0].path).toBe("parentId");
    const file = await uploadFile(owner, myDrive, "КП.txt", Buffer.from("offer"));
    const moved = await ok<DriveFile>(
      owner.request("PATCH", `/api/v1/drive/files/${file.id}`, {
        folderId: inner.id,
        name: "КП Алматы.txt",
        version: file.version,
      }),
    );
    expect(moved).toMatchObject({ folderId: inner.id, name: "КП Алматы.txt" });
    const stale = await owner.request("PATCH", `/api/v1/drive/files/${file.id}`, {
      name: "y.txt",
      version: file.version,
    });
    expect(stale.statusCode).toBe(409);
    const listing = await ok<DriveListing>(owner.request("GET", `/api/v1/drive/folders/${inner.id}`));
    expect(listing.folder.path.map((item) => item.name)).toEqual(["Мой диск", "Клиенты"]);
    expect(listing.files.map((item) => item.name)).toEqual(["КП Алматы.txt"]);
  });

  it("pages a folder's files by name, date or size with a cursor, each file exactly once", async () => {
    const folder = await createFolder(owner, myDrive, "Страницы");
    const names = ["ж.txt", "А.txt", "в.txt", "Б.txt", "д.txt", "г.txt", "е.txt"];
    for (const [index, name] of names.entries()) await uploadFile(owner, folder.id, name, Buffer.alloc(index + 1, 1));
    const pages = async (query: string) => {
      const seen: DriveFile[] = [];
      let cursor: string | null = null;
      do {
        const page: DriveListing = await ok(
          owner.request(
            "GET",
            `/api/v1/drive/folders/${folder.id}?limit=3&${query}${cursor ? `&cursor=${cursor}` : ""}`,
          ),
        );
        expect(page.fileCount).toBe(7);
        seen.push(...page.files);
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const byName = (await pages("sort=name")).map((file) => file.name);
    expect(byName).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), "ru")));
    const bySize = (await pages("sort=size&direction=desc")).map((file) => file.size);
    expect(bySize).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const byDate = await pages("sort=updatedAt&direction=desc");
    expect(byDate.map((file) => file.name)).toEqual([...names].reverse());
    expect((await owner.request("GET", `/api/v1/drive/folders/${folder.id}?cursor=garbage`)).statusCode).toBe(422);
    // A cursor of one order given to another is refused, never sent to SQL as the wrong type.
    const nameCursor = (await ok<DriveListing>(owner.request("GET", `/api/v1/drive/folders/${folder.id}?limit=1`)))
      .nextCursor;
    const crossed = await owner.request(
      "GET",
      `/api/v1/drive/folders/${folder.id}?sort=updatedAt&cursor=${nameCursor}`,
    );
    expect(crossed.statusCode).toBe(422);
    expect(crossed.json().errors[0].path).toBe("cursor");
  });

  it("keeps deleted files and folders in the trash for 30 days, restorable, then empties it and frees the bytes", async () => {
    const folder = await createFolder(owner, myDrive, "Архив 2024");
    const inside = await uploadFile(owner, folder.id, "old.txt", Buffer.from("old"));
    const loose = await uploadFile(owner, myDrive, "черновик.txt", Buffer.from("draft"));
    await ok(owner.request("DELETE", `/api/v1/drive/folders/${folder.id}`), 204);
    await ok(owner.request("DELETE", `/api/v1/drive/files/${loose.id}`), 204);
    expect((await owner.request("GET", `/api/v1/drive/files/${inside.id}`)).statusCode).toBe(404);
    const trash = await ok(owner.request("GET", "/api/v1/drive/trash"));
    expect(trash.items.map((item: { name: string }) => item.name)).toEqual(
      expect.arrayContaining(["Архив 2024", "черновик.txt"]),
    );
    expect(trash.items.map((item: { name: string }) => item.name)).not.toContain("old.txt");
    await ok(owner.request("POST", `/api/v1/drive/folders/${folder.id}/restore`));
    expect((await download(owner, inside.id)).body).toBe("old");
    await ok(owner.request("DELETE", `/api/v1/drive/folders/${folder.id}`), 204);
    const keys = await rows<{ key: string }>(
      context.handle.db,
      sql`select b.storage_key as key from drive_blobs b join drive_file_versions v on v.blob_id = b.id
          where v.file_id in (${inside.id}, ${loose.id})`,
    );
    await runDriveMaintenance(context.handle.db, storage.store, new Date(Date.now() + 29 * 86_400_000));
    expect((await owner.request("POST", `/api/v1/drive/files/${loose.id}/restore`)).statusCode).toBe(200);
    await ok(owner.request("DELETE", `/api/v1/drive/files/${loose.id}`), 204);
    await runDriveMaintenance(context.handle.db, storage.store, new Date(Date.now() + 31 * 86_400_000));
    const [left] = await rows<{ files: number; folders: number }>(
      context.handle.db,
      sql`select (select count(*)::int from drive_files where id in (${inside.id}, ${loose.id})) as files,
                 (select count(*)::int from drive_folders where id = ${folder.id}) as folders`,
    );
    expect(left).toEqual({ files: 0, folders: 0 });
    const stored = await storage.files();
    for (const { key } of keys) expect(stored).not.toContain(`blobs/${key}`);
  });

  it("finds files by name and by their text in Russian word forms, only among what the caller may read", async () => {
    await uploadFile(
      owner,
      myDrive,
      "Техническое задание.txt",
      Buffer.from("Поставка сварочного оборудования для ТОО «Арман»"),
    );
    // A pass takes ten files; the earlier tests left more waiting.
    while ((await runDriveContentPass(context.handle.db, storage.store)) > 0);
    const found = await ok(owner.request("GET", `/api/v1/drive/search?q=${encodeURIComponent("сварочный")}`));
    expect(found.items.map((hit: { file: DriveFile }) => hit.file.name)).toContain("Техническое задание.txt");
    const hit = found.items.find((item: { file: DriveFile }) => item.file.name === "Техническое задание.txt");
    expect(hit.path.map((item: { name: string }) => item.name)).toEqual(["Мой диск"]);
    expect(hit.snippet).toContain("«сварочного»");
    const byName = await ok(owner.request("GET", `/api/v1/drive/search?q=${encodeURIComponent("задани")}`));
    expect(byName.items.map((item: { file: DriveFile }) => item.file.name)).toContain("Техническое задание.txt");
    const other = await ok(colleague.request("GET", `/api/v1/drive/search?q=${encodeURIComponent("сварочный")}`));
    expect(other.items).toEqual([]);
  });
});
