import type { DriveFile, DriveListing } from "@planerka/common";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createFolder, download, ok, roots, startUpload, uploadFile, useTemporaryStore } from "./drive-test-kit";

const storage = useTemporaryStore();
const context = useTestApp({ blobStore: storage.store });

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;

/** Every read and write of one file, as `client`: the statuses, to compare with what is expected. */
async function statusesOnFile(client: Client, file: DriveFile) {
  const id = file.id;
  return {
    card: (await client.request("GET", `/api/v1/drive/files/${id}`)).statusCode,
    content: (await download(client, id)).statusCode,
    versions: (await client.request("GET", `/api/v1/drive/files/${id}/versions`)).statusCode,
    rename: (await client.request("PATCH", `/api/v1/drive/files/${id}`, { name: "Чужое.txt", version: file.version }))
      .statusCode,
    lock: (await client.request("POST", `/api/v1/drive/files/${id}/lock`)).statusCode,
    remove: (await client.request("DELETE", `/api/v1/drive/files/${id}`)).statusCode,
  };
}

describe("who reaches which drive", () => {
  let fixture: Fixture;
  let a1: Client;
  let a2: Client;
  let headA: Client;
  let b1: Client;
  let admin: Client;
  let top: Client;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [a1, a2, headA, b1, admin, top] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "manager-b1",
      "admin-user",
      "top-user",
    ] as const);
  });

  it("keeps «Мой диск» private: colleagues, their head, tops and admins get 404 on every route", async () => {
    const mine = (await roots(a1)).personal;
    const file = await uploadFile(a1, mine.id, "Личное.txt", Buffer.from("моё"));
    const folder = await createFolder(a1, mine.id, "Личная папка");
    for (const client of [a2, headA, b1, top, admin]) {
      expect(await statusesOnFile(client, file)).toEqual({
        card: 404,
        content: 404,
        versions: 404,
        rename: 404,
        lock: 404,
        remove: 404,
      });
      expect((await client.request("GET", `/api/v1/drive/folders/${mine.id}`)).statusCode).toBe(404);
      expect((await client.request("GET", `/api/v1/drive/folders/${folder.id}/grants`)).statusCode).toBe(404);
      const intoIt = await client.request("POST", "/api/v1/drive/folders", { parentId: folder.id, name: "x" });
      expect(intoIt.statusCode).toBe(404);
      const search = await ok(client.request("GET", `/api/v1/drive/search?q=${encodeURIComponent("Личное")}`));
      expect(search.items).toEqual([]);
    }
  });

  it("lets a closed group's members work on its drive and hides it from everyone else; an open group's reads", async () => {
    const closed = await ok(
      a1.request("POST", "/api/v1/groups", { name: "Закрытый тендер", visibility: "closed" }),
      201,
    );
    await ok(a1.request("POST", `/api/v1/groups/${closed.id}/members`, { userId: fixture.managerA2.id }));
    const closedDrive = (await roots(a1)).groups.find((root) => root.groupId === closed.id)!;
    const file = await uploadFile(a2, closedDrive.id, "Тендер.txt", Buffer.from("цены"));
    expect((await roots(headA)).groups.map((root) => root.groupId)).not.toContain(closed.id);
    for (const client of [headA, b1, top])
      expect(await statusesOnFile(client, file)).toMatchObject({ card: 404, content: 404, rename: 404 });
    // Admins see every group, as on the groups' pages.
    expect((await download(admin, file.id)).statusCode).toBe(200);

    const open = await ok(a1.request("POST", "/api/v1/groups", { name: "Открытая группа", visibility: "open" }), 201);
    const openDrive = (await roots(a1)).groups.find((root) => root.groupId === open.id)!;
    const shared = await uploadFile(a1, openDrive.id, "Регламент.txt", Buffer.from("для всех"));
    const seenByOther = (await roots(b1)).groups.find((root) => root.groupId === open.id)!;
    expect(seenByOther).toMatchObject({ level: "read", abilities: { edit: false } });
    expect((await download(b1, shared.id)).body).toBe("для всех");
    expect(await statusesOnFile(b1, shared)).toMatchObject({ rename: 403, lock: 403, remove: 403 });
    expect((await startUpload(b1, openDrive.id, "Моё.txt", 3)).statusCode).toBe(403);
  });

  it("lets every employee read the company drive and only admins change it (unless granted)", async () => {
    const company = (await roots(admin)).company;
    const library = (await ok<DriveListing>(admin.request("GET", `/api/v1/drive/folders/${company.id}`))).folders.find(
      (folder) => folder.name === "Библиотека",
    )!;
    const price = await uploadFile(admin, library.id, "Прайс-лист.txt", Buffer.from("прайс"));
    expect((await download(b1, price.id)).body).toBe("прайс");
    expect(await statusesOnFile(b1, price)).toMatchObject({ rename: 403, remove: 403 });
    expect((await startUpload(top, library.id, "x.txt", 1)).statusCode).toBe(403);
    expect((await b1.request("GET", `/api/v1/drive/folders/${library.id}/grants`)).statusCode).toBe(403);
    // Marketing (department B) gets edit on the library: its people may add files there now.
    await ok(
      admin.request("PUT", `/api/v1/drive/folders/${library.id}/grants`, {
        grants: [{ subjectType: "unit", subjectId: fixture.departmentB, level: "edit" }],
      }),
    );
    expect((await uploadFile(b1, library.id, "Буклет.txt", Buffer.from("буклет"))).name).toBe("Буклет.txt");
    expect((await startUpload(a1, library.id, "y.txt", 1)).statusCode).toBe(403);
    expect((await roots(b1)).shared.map((folder) => folder.id)).toContain(library.id);
  });

  it("shares a folder of one's drive with a person, a unit or a group, down its whole tree and no further", async () => {
    const mine = (await roots(a2)).personal;
    const deals = await createFolder(a2, mine.id, "Сделки");
    const inner = await createFolder(a2, deals.id, "Астана");
    const secret = await uploadFile(a2, mine.id, "Зарплата.txt", Buffer.from("секрет"));
    const offer = await uploadFile(a2, inner.id, "КП.txt", Buffer.from("предложение"));
    const refused = await a2.request("PUT", `/api/v1/drive/folders/${deals.id}/grants`, {
      grants: [{ subjectType: "user", subjectId: "00000000-0000-4000-8000-000000000000", level: "read" }],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].path).toBe("grants.0.subjectId");
    await ok(
      a2.request("PUT", `/api/v1/drive/folders/${deals.id}/grants`, {
        grants: [{ subjectType: "user", subjectId: fixture.managerB1.id, level: "read" }],
      }),
    );
    expect((await download(b1, offer.id)).body).toBe("предложение");
    expect((await b1.request("GET", `/api/v1/drive/folders/${inner.id}`)).statusCode).toBe(200);
    expect((await roots(b1)).shared.map((folder) => folder.name)).toContain("Сделки");
    expect((await download(b1, secret.id)).statusCode).toBe(404);
    expect((await b1.request("GET", `/api/v1/drive/folders/${mine.id}`)).statusCode).toBe(404);
    expect(await statusesOnFile(b1, offer)).toMatchObject({ rename: 403, remove: 403 });
    // Only the drive's owner manages access: a reader cannot re-share.
    expect((await b1.request("PUT", `/api/v1/drive/folders/${deals.id}/grants`, { grants: [] })).statusCode).toBe(403);
    const grants = await ok(a2.request("GET", `/api/v1/drive/folders/${inner.id}/grants`));
    expect(grants.inherited).toEqual([
      expect.objectContaining({ subjectType: "user", subjectId: fixture.managerB1.id, folderName: "Сделки" }),
    ]);
    // A unit's grant reaches the people of the units below it (the region holds department A).
    await ok(
      a2.request("PUT", `/api/v1/drive/folders/${deals.id}/grants`, {
        grants: [{ subjectType: "unit", subjectId: fixture.regionId, level: "edit" }],
      }),
    );
    expect((await download(b1, offer.id)).statusCode).toBe(200);
    expect((await uploadFile(headA, inner.id, "Расчёт.txt", Buffer.from("расчёт"))).name).toBe("Расчёт.txt");
    expect((await download(top, offer.id)).statusCode).toBe(404);
    // Taking the grant away closes the folder again at once.
    await ok(a2.request("PUT", `/api/v1/drive/folders/${deals.id}/grants`, { grants: [] }));
    expect((await download(b1, offer.id)).statusCode).toBe(404);
  });
});
