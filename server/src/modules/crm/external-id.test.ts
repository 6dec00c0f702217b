import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

const entities = [
  { path: "companies", body: { name: "Запись" } },
  { path: "contacts", body: { name: "Запись" } },
  { path: "deals", body: { title: "Запись" } },
  { path: "leads", body: { title: "Запись" } },
] as const;

/**
 * External ids (1C GUIDs) are unique company-wide, so a taken one is refused; the refusal must not
 * tell whether the holder is visible to the caller, deleted, or whose it is.
 */
describe("a taken external id is no existence oracle", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerB1: Client;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerB1] = await loginEach(context.app, ["manager-a1", "manager-b1"]);
  });

  for (const { path, body } of entities) {
    it(`answers ${path} the same for someone else's, one's own and a deleted record's external id`, async () => {
      const theirs = await managerB1.request("POST", `/api/v1/${path}`, { ...body, externalId: `B-${path}` });
      expect(theirs.statusCode, theirs.body).toBe(201);
      await managerA1.request("POST", `/api/v1/${path}`, { ...body, externalId: `A-${path}` });
      const deleted = (await managerA1.request("POST", `/api/v1/${path}`, { ...body, externalId: `D-${path}` })).json();
      await managerA1.request("DELETE", `/api/v1/${path}/${deleted.id}`);
      const own = (await managerA1.request("POST", `/api/v1/${path}`, body)).json();

      const answers = [];
      for (const externalId of [`B-${path}`, `A-${path}`, `D-${path}`]) {
        answers.push(await managerA1.request("POST", `/api/v1/${path}`, { ...body, externalId }));
        answers.push(
          await managerA1.request("PATCH", `/api/v1/${path}/${own.id}`, { externalId, version: own.version }),
        );
      }
      for (const answer of answers) {
        expect(answer.statusCode).toBe(409);
        expect(answer.body).toBe(answers[0]!.body);
      }
      expect(answers[0]!.json().errors).toEqual([{ path: "externalId", message: "This external id is already used" }]);
      for (const secret of [theirs.json().id, fixture.managerB1.id, "manager-b1", `B-${path}`]) {
        expect(answers[0]!.body).not.toContain(secret);
      }
      const list = (await managerA1.request("GET", `/api/v1/${path}?limit=100`)).json();
      expect(list.items.some((item: { externalId: string | null }) => item.externalId === `B-${path}`)).toBe(false);
    });
  }
});
