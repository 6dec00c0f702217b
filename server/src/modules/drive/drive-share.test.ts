import { createHash } from "node:crypto";
import type { DriveFile, DriveShareLink } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { maxFailuresPerPair } from "../auth/login-throttle";
import { createFolder, ok, roots, uploadFile, useTemporaryStore } from "./drive-test-kit";

const storage = useTemporaryStore();
const context = useTestApp({ blobStore: storage.store });

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const tokenOf = (link: DriveShareLink) => new URL(link.url!).pathname.split("/")[2]!;

describe("links for clients", () => {
  let owner: Client;
  let colleague: Client;
  let admin: Client;
  let myDrive: string;
  let base: string;
  let price: DriveFile;
  let deal: { id: string };
  const priceBytes = Buffer.from("Прайс на сварочные аппараты: инвертор 200 А — 150 000 ₸\n");

  /** A browser of a client: a real request, no session cookie. */
  const visit = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { redirect: "manual", ...init });
  const createLink = (client: Client, body: Record<string, unknown>) =>
    client.request("POST", "/api/v1/drive/links", { expiresAt: inDays(7), ...body });
  const linkState = async (id: string) => {
    const [row] = await rows<{ downloads: number; recorded: number }>(
      context.handle.db,
      sql`select downloads, (select count(*)::int from drive_share_downloads d where d.link_id = l.id) as recorded
          from drive_share_links l where l.id = ${id}`,
    );
    return row!;
  };

  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    await context.handle.db.execute(
      sql`insert into company_settings (id, company_name) values (1, 'ТОО «Сварка-Про»')
          on conflict (id) do update set company_name = excluded.company_name`,
    );
    [owner, colleague, admin] = await loginEach(context.app, ["manager-a1", "manager-a2", "admin-user"] as const);
    myDrive = (await roots(owner)).personal.id;
    price = await uploadFile(owner, myDrive, "Прайс 2026.txt", priceBytes, "text/plain");
    deal = await ok(
      owner.request("POST", "/api/v1/deals", { title: "Сварочные посты для ТОО «Арман»", amount: 1 }),
      201,
    );
    const address = await context.app.listen({ port: 0, host: "127.0.0.1" });
    base = address;
  });

  it("gives a link to a file once, stores only its hash, and the client's page shows the company and the file", async () => {
    const link = await ok<DriveShareLink>(
      createLink(owner, { fileId: price.id, entityType: "deal", entityId: deal.id }),
      201,
    );
    expect(link).toMatchObject({ fileId: price.id, targetName: "Прайс 2026.txt", downloads: 0, hasPassword: false });
    const token = tokenOf(link);
    expect(link.url).toMatch(/^http:\/\/[^/]+\/s\/[A-Za-z0-9_-]{43}$/);
    const [stored] = await rows<{ tokenHash: string }>(
      context.handle.db,
      sql`select token_hash as "tokenHash" from drive_share_links where id = ${link.id}`,
    );
    expect(stored!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    const listed = await ok<{ items: DriveShareLink[] }>(
      owner.request("GET", `/api/v1/drive/links?fileId=${price.id}`),
    );
    expect(listed.items.map((item) => [item.id, item.url])).toEqual([[link.id, null]]);

    const page = await visit(`/s/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("ТОО «Сварка-Про»");
    expect(html).toContain("Прайс 2026.txt");
    expect(html).toContain("Скачать");
    expect(html).not.toContain("<script");
    // The app's CSP allows inline styles and no scripts: the page needs nothing more.
    expect(page.headers.get("content-security-policy")).toContain("style-src 'self' 'unsafe-inline'");
    expect(await linkState(link.id)).toEqual({ downloads: 0, recorded: 0 });

    const file = await visit(`/s/${token}/files/${price.id}`, { headers: { "user-agent": "ClientBrowser/1.0" } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(priceBytes)).toBe(true);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await linkState(link.id)).toEqual({ downloads: 1, recorded: 1 });
    const downloads = await ok(owner.request("GET", `/api/v1/drive/links/${link.id}/downloads`));
    expect(downloads.items).toEqual([{ at: expect.any(String), fileName: "Прайс 2026.txt", address: "127.0.0.1" }]);
    const [agent] = await rows<{ userAgent: string }>(
      context.handle.db,
      sql`select user_agent as "userAgent" from drive_share_downloads where link_id = ${link.id}`,
    );
    expect(agent!.userAgent).toBe("ClientBrowser/1.0");

    // «Клиент скачал файл … по ссылке» on the deal's timeline.
    const timeline = await ok(owner.request("GET", `/api/v1/deals/${deal.id}/timeline`));
    const item = timeline.items.find((entry: { kind: string }) => entry.kind === "download");
    expect(item).toMatchObject({
      title: "Прайс 2026.txt",
      download: { linkId: link.id, fileId: price.id, fileName: "Прайс 2026.txt" },
    });
  });

  it("refuses bad dates, a record the caller may not read, read-only and unseen items", async () => {
    const past = await createLink(owner, { fileId: price.id, expiresAt: inDays(-1) });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors[0].path).toBe("expiresAt");
    const far = await createLink(owner, { fileId: price.id, expiresAt: inDays(400) });
    expect(far.statusCode).toBe(422);
    expect(far.json().errors[0].path).toBe("expiresAt");
    const theirDeal = await ok(colleague.request("POST", "/api/v1/deals", { title: "Чужая сделка", amount: 1 }), 201);
    const foreign = await createLink(owner, { fileId: price.id, entityType: "deal", entityId: theirDeal.id });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0].path).toBe("entityId");
    const both = await createLink(owner, { fileId: price.id, folderId: myDrive });
    expect(both.statusCode).toBe(400);

    const companyDrive = (await roots(admin)).company.id;
    const rules = await uploadFile(admin, companyDrive, "Регламент.txt", Buffer.from("Регламент"), "text/plain");
    expect((await createLink(owner, { fileId: rules.id })).statusCode).toBe(403);
    expect((await createLink(colleague, { fileId: price.id })).statusCode).toBe(404);
    expect((await createLink(colleague, { folderId: myDrive })).statusCode).toBe(404);
  });

  it("keeps another manager out of the links of a personal file", async () => {
    const link = await ok<DriveShareLink>(createLink(owner, { fileId: price.id }), 201);
    expect((await colleague.request("GET", `/api/v1/drive/links?fileId=${price.id}`)).statusCode).toBe(404);
    expect((await colleague.request("GET", `/api/v1/drive/links/${link.id}/downloads`)).statusCode).toBe(404);
    expect((await colleague.request("DELETE", `/api/v1/drive/links/${link.id}`)).statusCode).toBe(404);
    expect((await admin.request("DELETE", `/api/v1/drive/links/${link.id}`)).statusCode).toBe(404);
    expect((await visit(`/s/${tokenOf(link)}`)).status).toBe(200);
  });

  it("stops at the download limit, at expiry and when revoked, and counts nothing then", async () => {
    const once = await ok<DriveShareLink>(createLink(owner, { fileId: price.id, downloadLimit: 1 }), 201);
    expect((await visit(`/s/${tokenOf(once)}/files/${price.id}`)).status).toBe(200);
    const second = await visit(`/s/${tokenOf(once)}/files/${price.id}`);
    expect(second.status).toBe(404);
    expect(await second.text()).toContain("Ссылка недействительна");
    expect(await linkState(once.id)).toEqual({ downloads: 1, recorded: 1 });
    expect((await visit(`/s/${tokenOf(once)}`)).status).toBe(404);

    const expiring = await ok<DriveShareLink>(createLink(owner, { fileId: price.id }), 201);
    await context.handle.db.execute(
      sql`update drive_share_links set expires_at = now() - interval '1 minute' where id = ${expiring.id}`,
    );
    const expired = await visit(`/s/${tokenOf(expiring)}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("Ссылка недействительна");
    expect((await visit(`/s/${tokenOf(expiring)}/files/${price.id}`)).status).toBe(410);
    expect(await linkState(expiring.id)).toEqual({ downloads: 0, recorded: 0 });

    const revoking = await ok<DriveShareLink>(createLink(owner, { fileId: price.id }), 201);
    await ok(owner.request("DELETE", `/api/v1/drive/links/${revoking.id}`), 204);
    expect((await visit(`/s/${tokenOf(revoking)}/files/${price.id}`)).status).toBe(410);
    expect(await linkState(revoking.id)).toEqual({ downloads: 0, recorded: 0 });
    const listed = await ok<{ items: DriveShareLink[] }>(
      owner.request("GET", `/api/v1/drive/links?fileId=${price.id}`),
    );
    expect(listed.items.find((item) => item.id === revoking.id)?.revokedAt).not.toBeNull();
    const [audit] = await rows<{ actions: string[] }>(
      context.handle.db,
      sql`select array_agg(action order by id) as actions from audit_log where entity = 'drive_share_link' and entity_id = ${revoking.id}`,
    );
    expect(audit!.actions).toEqual(["create", "revoke"]);

    expect((await visit("/s/no-such-token-at-all-here-0123456789")).status).toBe(404);
    expect((await visit(`/s/${tokenOf(once)}x`)).status).toBe(404);
  });

  it("asks for the password, refuses a wrong one, and a right one opens the link in that browser", async () => {
    const link = await ok<DriveShareLink>(createLink(owner, { fileId: price.id, password: "секрет-2026" }), 201);
    expect(link.hasPassword).toBe(true);
    const token = tokenOf(link);
    const form = await visit(`/s/${token}`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('type="password"');
    expect(formHtml).not.toContain("Прайс 2026.txt");
    const unproven = await visit(`/s/${token}/files/${price.id}`);
    expect(unproven.status).toBe(303);
    expect(await linkState(link.id)).toEqual({ downloads: 0, recorded: 0 });

    const post = (password: string) =>
      visit(`/s/${token}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ password }).toString(),
      });
    // A form on another site cannot plant a proof in the client's browser.
    const crossSite = await visit(`/s/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: new URLSearchParams({ password: "секрет-2026" }).toString(),
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("set-cookie")).toBeNull();
    const wrong = await post("не тот");
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("Неверный пароль");
    const right = await post("секрет-2026");
    expect(right.status).toBe(303);
    const cookie = right.headers.get("set-cookie")!;
    expect(cookie).toContain(`Path=/s/${token}`);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    const proof = cookie.split(";")[0]!;
    const page = await visit(`/s/${token}`, { headers: { cookie: proof } });
    expect(await page.text()).toContain("Прайс 2026.txt");
    const file = await visit(`/s/${token}/files/${price.id}`, { headers: { cookie: proof } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(priceBytes)).toBe(true);
    // A forged proof opens nothing.
    const forged = proof.replace(/\.[0-9a-f]{64}$/, `.${"0".repeat(64)}`);
    expect((await visit(`/s/${token}/files/${price.id}`, { headers: { cookie: forged } })).status).toBe(303);
    expect(await linkState(link.id)).toEqual({ downloads: 1, recorded: 1 });
  });

  it("throttles password guesses per link and address", async () => {
    const link = await ok<DriveShareLink>(createLink(owner, { fileId: price.id, password: "верный-пароль" }), 201);
    const post = (password: string) =>
      visit(`/s/${tokenOf(link)}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ password }).toString(),
      });
    for (let guess = 0; guess < maxFailuresPerPair; guess++) expect((await post(`попытка ${guess}`)).status).toBe(401);
    const refused = await post("верный-пароль");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Counted in the database, as logins are: another process behind the balancer refuses too.
    const [counted] = await rows<{ failures: number }>(
      context.handle.db,
      sql`select count(*)::int as failures from login_attempts where login = ${`share-link:${link.id}`} and not succeeded`,
    );
    expect(counted!.failures).toBe(maxFailuresPerPair);
  });

  it("opens a folder's tree and nothing outside it, nor what is in the trash", async () => {
    const shared = await createFolder(owner, myDrive, "Для ТОО «Арман»");
    const drawings = await createFolder(owner, shared.id, "Чертежи");
    const offer = await uploadFile(owner, shared.id, "КП.txt", Buffer.from("Коммерческое предложение"), "text/plain");
    const plan = await uploadFile(owner, drawings.id, "План цеха.txt", Buffer.from("План"), "text/plain");
    const trashed = await uploadFile(owner, shared.id, "Черновик.txt", Buffer.from("Черновик"), "text/plain");
    await ok(owner.request("DELETE", `/api/v1/drive/files/${trashed.id}`), 204);
    const link = await ok<DriveShareLink>(createLink(owner, { folderId: shared.id }), 201);
    const token = tokenOf(link);

    const page = await (await visit(`/s/${token}`)).text();
    expect(page).toContain("КП.txt");
    expect(page).toContain("Чертежи");
    expect(page).not.toContain("Черновик.txt");
    expect(page).not.toContain("План цеха.txt");
    const below = await visit(`/s/${token}?folder=${drawings.id}`);
    expect(below.status).toBe(200);
    expect(await below.text()).toContain("План цеха.txt");
    expect((await visit(`/s/${token}?folder=${myDrive}`)).status).toBe(404);

    const inside = await visit(`/s/${token}/files/${plan.id}`);
    expect(inside.status).toBe(200);
    expect(await inside.text()).toBe("План");
    expect((await visit(`/s/${token}/files/${offer.id}`)).status).toBe(200);
    expect((await visit(`/s/${token}/files/${price.id}`)).status).toBe(404);
    expect((await visit(`/s/${token}/files/${trashed.id}`)).status).toBe(404);
    expect(await linkState(link.id)).toEqual({ downloads: 2, recorded: 2 });

    // The folder itself in the trash: the link opens nothing.
    await ok(owner.request("DELETE", `/api/v1/drive/folders/${drawings.id}`), 204);
    expect((await visit(`/s/${token}?folder=${drawings.id}`)).status).toBe(404);
    expect((await visit(`/s/${token}/files/${plan.id}`)).status).toBe(404);
  });
});
