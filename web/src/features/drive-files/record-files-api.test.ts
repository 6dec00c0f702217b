import { afterEach, describe, expect, it, vi } from "vitest";
import { attachmentsFolderIdOrThrow } from "./record-files-api";

const personal = "00000000-0000-4000-8000-000000000001";
const existing = "00000000-0000-4000-8000-000000000002";
const created = "00000000-0000-4000-8000-000000000003";
const when = "2026-12-01T10:00:00.000Z";

function folder(id: string, name: string, parentId: string | null) {
  return {
    id,
    kind: "personal",
    name,
    parentId,
    path: parentId ? [{ id: parentId, name: "Мой диск" }] : [],
    groupId: null,
    level: "edit",
    abilities: { edit: true, manage: true },
    version: 1,
    createdAt: when,
    updatedAt: when,
    deletedAt: null,
  };
}

const roots = {
  personal: folder(personal, "Мой диск", null),
  company: folder("00000000-0000-4000-8000-000000000009", "Компания", null),
  groups: [],
  shared: [],
  usage: { userBytes: 0, userQuotaBytes: 1, maxFileBytes: 1 },
};
const listing = (names: [string, string][]) => ({
  folder: roots.personal,
  folders: names.map(([id, name]) => folder(id, name, personal)),
  files: [],
  fileCount: 0,
  nextCursor: null,
});

/** A fake server: answers by method and path; records what was asked. */
function serve(answers: ((method: string, path: string) => { status: number; body: unknown } | undefined)[]) {
  const calls: string[] = [];
  let turn = 0;
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const method = init.method ?? "GET";
    const path = new URL(url, "http://x").pathname.replace("/api/v1", "");
    calls.push(`${method} ${path}`);
    for (const answer of answers.slice(turn)) {
      turn++;
      const result = answer(method, path);
      if (result) return new Response(JSON.stringify(result.body), { status: result.status });
    }
    throw new Error(`unexpected ${method} ${path}`);
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("the «Вложения» folder in «Мой диск»", () => {
  it("uses the folder that is already there, whatever the case of its name", async () => {
    const calls = serve([
      () => ({ status: 200, body: roots }),
      () => ({ status: 200, body: listing([[existing, "вложения"]]) }),
    ]);
    expect(await attachmentsFolderIdOrThrow("Вложения")).toBe(existing);
    expect(calls).toEqual(["GET /drive/roots", `GET /drive/folders/${personal}`]);
  });

  it("creates it when missing", async () => {
    const calls = serve([
      () => ({ status: 200, body: roots }),
      () => ({ status: 200, body: listing([[existing, "Договоры"]]) }),
      () => ({ status: 201, body: folder(created, "Вложения", personal) }),
    ]);
    expect(await attachmentsFolderIdOrThrow("Вложения")).toBe(created);
    expect(calls.at(-1)).toBe("POST /drive/folders");
  });

  it("finds it after a 409: another tab created it in between", async () => {
    const calls = serve([
      () => ({ status: 200, body: roots }),
      () => ({ status: 200, body: listing([]) }),
      () => ({ status: 409, body: { type: "about:blank", title: "Conflict", status: 409 } }),
      () => ({ status: 200, body: listing([[created, "Вложения"]]) }),
    ]);
    expect(await attachmentsFolderIdOrThrow("Вложения")).toBe(created);
    expect(calls).toHaveLength(4);
  });

  it("passes on a refusal that is not a name conflict", async () => {
    serve([
      () => ({ status: 200, body: roots }),
      () => ({ status: 200, body: listing([]) }),
      () => ({ status: 403, body: { type: "about:blank", title: "Forbidden", status: 403 } }),
    ]);
    await expect(attachmentsFolderIdOrThrow("Вложения")).rejects.toMatchObject({ status: 403 });
  });
});
