import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { waitForImports } from "../imports/import-runner";

// Valid BINs/IINs (check digit per the Kazakh rule), unused elsewhere in this file's database.
const theirBin = "100000077773";
const ownBin = "100000155540";
const freshBin = "100000233318";
const deletedBin = "100000311086";
const raceBin = "100000388857";
const leadBin = "100000466624";
const importBin = "100000544392";

describe("a BIN/IIN names one company", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let admin: Client;
  let theirs: { id: string; name: string };

  const companyCount = async () =>
    (await rows<{ count: number }>(context.handle.db, sql`select count(*)::int as count from companies`))[0]!.count;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "admin-user",
    ]);
    theirs = (await managerA2.request("POST", "/api/v1/companies", { name: "ТОО «Чужой БИН»", bin: theirBin })).json();
  });

  it("refuses a registered BIN with 409 on `bin`, in the same words whether or not the caller sees the holder", async () => {
    await managerA1.request("POST", "/api/v1/companies", { name: "ТОО «Свой БИН»", bin: ownBin });
    const before = await companyCount();
    const hidden = await managerA1.request("POST", "/api/v1/companies", { name: "Новая", bin: theirBin });
    const visible = await managerA1.request("POST", "/api/v1/companies", { name: "Новая", bin: ownBin });
    expect(hidden.statusCode).toBe(409);
    expect(hidden.headers["content-type"]).toContain("application/problem+json");
    expect(hidden.json().errors).toEqual([{ path: "bin", message: expect.stringContaining("already registered") }]);
    expect(hidden.body).toBe(visible.body);
    for (const secret of [theirs.id, theirs.name, fixture.managerA2.id, "manager-a2"]) {
      expect(hidden.body).not.toContain(secret);
    }
    expect(await companyCount()).toBe(before);
  });

  it("lets a head, not a manager, register a duplicate with allowDuplicateBin", async () => {
    const before = await companyCount();
    // Refused whatever the BIN, so the refusal tells nothing about which BINs exist.
    for (const bin of [theirBin, freshBin]) {
      const refused = await managerA1.request("POST", "/api/v1/companies", {
        name: "Филиал",
        bin,
        allowDuplicateBin: true,
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().errors[0].path).toBe("allowDuplicateBin");
    }
    expect(await companyCount()).toBe(before);
    const branch = await headA.request("POST", "/api/v1/companies", {
      name: "Филиал «Чужого БИН»",
      bin: theirBin,
      ownerId: fixture.managerA1.id,
      allowDuplicateBin: true,
    });
    expect(branch.statusCode, branch.body).toBe(201);
    expect(branch.json()).toMatchObject({ bin: theirBin, ownerId: fixture.managerA1.id });
    expect(branch.json()).not.toHaveProperty("allowDuplicateBin");

    // The branch stays editable under its BIN; moving another company onto a registered BIN is refused.
    const renamed = await managerA1.request("PATCH", `/api/v1/companies/${branch.json().id}`, {
      name: "Филиал, переименован",
      bin: theirBin,
      version: branch.json().version,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const own = (await managerA1.request("POST", "/api/v1/companies", { name: "Без БИН" })).json();
    const moved = await managerA1.request("PATCH", `/api/v1/companies/${own.id}`, {
      bin: theirBin,
      version: own.version,
    });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().errors[0].path).toBe("bin");
    const movedByHead = await headA.request("PATCH", `/api/v1/companies/${own.id}`, {
      bin: theirBin,
      allowDuplicateBin: true,
      version: own.version,
    });
    expect(movedByHead.statusCode, movedByHead.body).toBe(200);
  });

  it("does not let a deleted company hold its BIN, and checks it again on restore", async () => {
    const gone = (await managerA1.request("POST", "/api/v1/companies", { name: "Удалённая", bin: deletedBin })).json();
    expect((await managerA1.request("DELETE", `/api/v1/companies/${gone.id}`)).statusCode).toBe(204);
    const successor = await managerA1.request("POST", "/api/v1/companies", { name: "Преемник", bin: deletedBin });
    expect(successor.statusCode).toBe(201);
    const restore = await admin.request("POST", `/api/v1/companies/${gone.id}/restore`);
    expect(restore.statusCode).toBe(409);
    expect(restore.json().errors[0].path).toBe("bin");
    const [stillGone] = await rows<{ deleted: boolean }>(
      context.handle.db,
      sql`select deleted_at is not null as deleted from companies where id = ${gone.id}`,
    );
    expect(stillGone!.deleted).toBe(true);
    const anyway = await admin.request("POST", `/api/v1/companies/${gone.id}/restore?allowDuplicateBin=true`);
    expect(anyway.statusCode, anyway.body).toBe(200);
  });

  it("registers a BIN once when two requests race for it", async () => {
    const answers = await Promise.all(
      ["Первая", "Вторая", "Третья"].map((name) =>
        managerA1.request("POST", "/api/v1/companies", { name, bin: raceBin }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409, 409]);
  });

  it("refuses a registered BIN when a lead becomes a new company", async () => {
    const lead = (await managerA1.request("POST", "/api/v1/leads", { title: "Заявка" })).json();
    await managerA2.request("POST", "/api/v1/companies", { name: "Уже есть", bin: leadBin });
    const converted = await managerA1.request("POST", `/api/v1/leads/${lead.id}/convert`, {
      newCompany: { name: "Ещё раз", bin: leadBin },
      deal: { title: "Сделка" },
      version: lead.version,
    });
    expect(converted.statusCode).toBe(409);
    expect(converted.json().errors[0].path).toBe("newCompany.bin");
    expect((await managerA1.request("GET", `/api/v1/leads/${lead.id}`)).json().status).not.toBe("converted");
  });

  it("refuses in an import a row whose BIN another company or an earlier row holds, but not an update of its holder", async () => {
    const csv = [
      "Код 1С;Наименование;БИН",
      `BIN-1;Дубль чужой;${theirBin}`,
      `BIN-2;Новая из 1С;${importBin}`,
      `BIN-3;Вторая с тем же БИН;${importBin}`,
    ].join("\n");
    const run = async () => {
      const boundary = "----bin-import";
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\ncompanies\r\n`),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bins.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        Buffer.from(csv),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const job = (
        await context.app.inject({
          method: "POST",
          url: "/api/v1/imports",
          payload,
          headers: { cookie: headA.cookie, "content-type": `multipart/form-data; boundary=${boundary}` },
        })
      ).json();
      await headA.request("POST", `/api/v1/imports/${job.id}/start`, { mapping: job.suggestedMapping });
      await waitForImports();
      return (await headA.request("GET", `/api/v1/imports/${job.id}`)).json();
    };
    const first = await run();
    expect(first).toMatchObject({ created: 1, failed: 2 });
    expect(first.errors).toEqual([
      { row: 2, field: "bin", code: "binTaken", message: expect.stringMatching(/^bin: .*already registered/) },
      { row: 4, field: "bin", code: "binTaken", message: expect.stringMatching(/^bin: .*already registered/) },
    ]);
    const second = await run();
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 1, failed: 2 });
    const [held] = await rows<{ count: number }>(
      context.handle.db,
      sql`select count(*)::int as count from companies where bin = ${importBin}`,
    );
    expect(held!.count).toBe(1);
  });
});
