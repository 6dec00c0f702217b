import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { type DriveUpload, driveChunkBytes } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { download, ok, putChunk, roots, startUpload, uploadFile, useTemporaryStore } from "./drive-test-kit";

const storage = useTemporaryStore();
const context = useTestApp({ blobStore: storage.store });

/** Sends `announced` bytes' worth of headers for a chunk, writes `sent` bytes, then drops the connection. */
async function breakChunkOff(port: number, cookie: string, uploadId: string, data: Buffer, sent: number) {
  await new Promise<void>((resolve) => {
    const request = httpRequest({
      host: "127.0.0.1",
      port,
      method: "PUT",
      path: `/api/v1/drive/uploads/${uploadId}/chunks/0`,
      headers: { cookie, "content-type": "application/octet-stream", "content-length": data.length },
    });
    request.on("error", () => resolve());
    request.on("close", () => resolve());
    request.write(data.subarray(0, sent), () => setTimeout(() => request.destroy(), 100));
  });
}

const uploadsTable = async () =>
  rows<{ count: number }>(context.handle.db, sql`select count(*)::int as count from drive_uploads`);

describe("resumable drive uploads", () => {
  let owner: Client;
  let other: Client;
  let admin: Client;
  let myDrive: string;

  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    [owner, other, admin] = await loginEach(context.app, ["manager-a1", "manager-b1", "admin-user"] as const);
    myDrive = (await roots(owner)).personal.id;
  });

  it("takes a file in chunks, resumes after a connection dropped mid-chunk and stores exactly the bytes sent", async () => {
    const data = randomBytes(2 * driveChunkBytes + 12_345);
    const upload = await ok<DriveUpload>(startUpload(owner, myDrive, "Каталог.bin", data.length), 201);
    expect(upload).toMatchObject({ received: 0, chunkBytes: driveChunkBytes, file: null });
    await context.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = context.app.server.address() as AddressInfo;
    await breakChunkOff(port, owner.cookie, upload.id, data.subarray(0, driveChunkBytes), 3 * 1024 * 1024);
    // The broken chunk left nothing counted; the client asks where to resume and sends it again.
    let state = await ok<DriveUpload>(owner.request("GET", `/api/v1/drive/uploads/${upload.id}`));
    expect(state.received).toBe(0);
    for (let attempt = 0; attempt < 50; attempt++) {
      const response = await putChunk(owner, upload.id, 0, data.subarray(0, driveChunkBytes));
      if (response.statusCode === 200) break;
      // The server may still be noticing the dropped connection.
      expect(response.statusCode, response.body).toBe(409);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    state = await ok<DriveUpload>(owner.request("GET", `/api/v1/drive/uploads/${upload.id}`));
    expect(state.received).toBe(driveChunkBytes);
    // A chunk out of order says where to resume from, and changes nothing.
    const skipped = await putChunk(owner, upload.id, 2, data.subarray(2 * driveChunkBytes));
    expect(skipped.statusCode).toBe(409);
    expect(skipped.json().errors[0].params.received).toBe(driveChunkBytes);
    // A chunk of the wrong length is refused.
    const short = await putChunk(owner, upload.id, 1, data.subarray(driveChunkBytes, 2 * driveChunkBytes - 1));
    expect(short.statusCode).toBe(422);
    await ok(putChunk(owner, upload.id, 1, data.subarray(driveChunkBytes, 2 * driveChunkBytes)));
    const done = await ok<DriveUpload>(putChunk(owner, upload.id, 2, data.subarray(2 * driveChunkBytes)));
    expect(done.file).toMatchObject({ name: "Каталог.bin", size: data.length, versionNumber: 1 });
    const response = await download(owner, done.file!.id);
    expect(response.rawPayload.equals(data)).toBe(true);
    expect((await uploadsTable())[0]!.count).toBe(0);
    expect(await storage.files()).not.toContain(expect.stringMatching(/^uploads\/.+/));
  });

  it("refuses bad names, empty and oversized files with the field named, storing nothing", async () => {
    const before = await storage.files();
    for (const name of ["../../etc/passwd", "a/b.txt", "report\u0007.txt", "..", " "]) {
      const response = await startUpload(owner, myDrive, name, 10);
      expect(response.statusCode, name).toBe(400);
      expect(response.json().errors[0].path).toBe("body.name");
    }
    const empty = await startUpload(owner, myDrive, "empty.txt", 0);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe("body.size");
    const settings = await ok(admin.request("GET", "/api/v1/drive/settings"));
    const huge = await startUpload(owner, myDrive, "huge.iso", settings.maxFileBytes + 1);
    expect(huge.statusCode).toBe(413);
    expect(huge.json().errors[0].path).toBe("size");
    expect((await uploadsTable())[0]!.count).toBe(0);
    expect(await storage.files()).toEqual(before);
  });

  it("keeps each person within their quota and the company within its own", async () => {
    const settings = await ok(admin.request("GET", "/api/v1/drive/settings"));
    await ok(
      admin.request("PUT", "/api/v1/drive/settings", {
        maxFileBytes: 2048,
        userQuotaBytes: 3000,
        companyQuotaBytes: settings.companyQuotaBytes,
        version: settings.version,
      }),
    );
    const small = await uploadFile(other, (await roots(other)).personal.id, "a.txt", randomBytes(2000));
    expect(small.size).toBe(2000);
    const over = await startUpload(other, (await roots(other)).personal.id, "b.txt", 1500);
    expect(over.statusCode).toBe(413);
    expect(over.json().detail).toMatch(/quota/);
    const invalid = await admin.request("PUT", "/api/v1/drive/settings", {
      maxFileBytes: 10_000,
      userQuotaBytes: 5000,
      companyQuotaBytes: settings.companyQuotaBytes,
      version: (await ok(admin.request("GET", "/api/v1/drive/settings"))).version,
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors[0].path).toBe("maxFileBytes");
    const now = await ok(admin.request("GET", "/api/v1/drive/settings"));
    await ok(
      admin.request("PUT", "/api/v1/drive/settings", {
        maxFileBytes: settings.maxFileBytes,
        userQuotaBytes: settings.userQuotaBytes,
        companyQuotaBytes: settings.companyQuotaBytes,
        version: now.version,
      }),
    );
  });

  it("leaves no orphan row or bytes when the upload is refused at the end or cancelled", async () => {
    const folder = await ok(
      owner.request("POST", "/api/v1/drive/folders", { parentId: myDrive, name: "Временная" }),
      201,
    );
    const upload = await ok<DriveUpload>(startUpload(owner, folder.id, "late.txt", 4), 201);
    // The folder goes to the trash while the bytes are on their way: the last chunk is refused.
    await ok(owner.request("DELETE", `/api/v1/drive/folders/${folder.id}`), 204);
    const refused = await putChunk(owner, upload.id, 0, Buffer.from("late"));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].path).toBe("folderId");
    const cancelled = await ok<DriveUpload>(startUpload(owner, myDrive, "cancel.txt", 10), 201);
    await ok(owner.request("DELETE", `/api/v1/drive/uploads/${cancelled.id}`), 204);
    expect((await uploadsTable())[0]!.count).toBe(0);
    const stored = await storage.files();
    expect(stored.filter((file) => file.startsWith("uploads/"))).toEqual([]);
    const [blobs] = await rows<{ count: number }>(
      context.handle.db,
      sql`select count(*)::int as count from drive_blobs b
          where not exists (select 1 from drive_file_versions v where v.blob_id = b.id)`,
    );
    expect(blobs!.count).toBe(0);
    expect(stored.filter((file) => file.startsWith("blobs/")).length).toBe(
      (await rows(context.handle.db, sql`select 1 from drive_blobs`)).length,
    );
  });

  it("keeps an upload its uploader's own: another person gets 404 for its state, chunks and cancel", async () => {
    const upload = await ok<DriveUpload>(startUpload(owner, myDrive, "mine.txt", 4), 201);
    expect((await other.request("GET", `/api/v1/drive/uploads/${upload.id}`)).statusCode).toBe(404);
    expect((await putChunk(other, upload.id, 0, Buffer.from("evil"))).statusCode).toBe(404);
    expect((await other.request("DELETE", `/api/v1/drive/uploads/${upload.id}`)).statusCode).toBe(404);
    const intoOthers = await startUpload(other, myDrive, "x.txt", 4);
    expect(intoOthers.statusCode).toBe(422);
    expect(intoOthers.json().errors[0].path).toBe("folderId");
    expect((await ok<DriveUpload>(putChunk(owner, upload.id, 0, Buffer.from("mine")))).file?.name).toBe("mine.txt");
  });
});
