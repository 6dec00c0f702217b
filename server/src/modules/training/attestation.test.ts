import { type Attestation, type AttestationDetail, dayInTimeZone, type PersonAttestation } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { ok } from "../drive/drive-test-kit";
import { insertAttempt, insertCourse } from "./training-test-kit";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;

/** Attestations: a unit's people fixed at the start, results seen by the right heads, repeats for those who failed. */
describe("attestations", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let regionHead: Client;
  let headA: Client;
  let headB: Client;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  let heldOn: string;

  const attestationCount = async () =>
    (await rows<{ n: number }>(context.handle.db, sql`select count(*)::int as n from attestations`))[0]!.n;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [regionHead, headA, headB, managerA1, managerA2, managerB1] = (await loginEach(context.app, [
      "region-head",
      "head-a",
      "head-b",
      "manager-a1",
      "manager-a2",
      "manager-b1",
    ])) as [Client, Client, Client, Client, Client, Client];
    heldOn = dayInTimeZone(new Date(), "Asia/Almaty");
  });

  it("attests a unit: results per person for the heads above, each learner sees their own, others 404", async () => {
    const course = await insertCourse(context.handle.db, { authorId: fixture.headA.id, title: "Электроды" });
    const untested = await insertCourse(context.handle.db, { authorId: fixture.headA.id, questions: 0 });
    const before = await attestationCount();
    for (const [body, field] of [
      [{ courseId: untested.id, unitId: fixture.departmentA, title: "Без теста", heldOn }, "courseId"],
      [{ courseId: course.id, unitId: fixture.departmentB, title: "Чужой отдел", heldOn }, "unitId"],
      [{ courseId: course.id, unitId: fixture.departmentA, title: "Вчера", heldOn: "2020-01-01" }, "heldOn"],
    ] as const) {
      const refused = await headA.request("POST", "/api/v1/training/attestations", body);
      expect(refused.statusCode, field).toBe(422);
      expect(refused.body).toContain(field);
    }
    expect(
      (
        await managerA1.request("POST", "/api/v1/training/attestations", {
          courseId: course.id,
          unitId: fixture.departmentA,
          title: "x",
          heldOn,
        })
      ).statusCode,
    ).toBe(403);
    expect(await attestationCount()).toBe(before);

    const created = await ok<AttestationDetail>(
      headA.request("POST", "/api/v1/training/attestations", {
        courseId: course.id,
        unitId: fixture.departmentA,
        title: "Аттестация по электродам",
        heldOn,
      }),
      201,
    );
    // The head who attests is not among its people.
    expect(created.results.map((result) => result.user.id).sort()).toEqual(
      [fixture.managerA1.id, fixture.managerA2.id].sort(),
    );
    const notices = await rows<{ userId: string }>(
      context.handle.db,
      sql`select user_id as "userId" from notifications where kind = 'attestation' and link = ${`/training/attestations/${created.id}`}`,
    );
    expect(notices.map((notice) => notice.userId).sort()).toEqual([fixture.managerA1.id, fixture.managerA2.id].sort());

    const db = context.handle.db;
    await insertAttempt(db, {
      courseId: course.id,
      userId: fixture.managerA1.id,
      status: "passed",
      score: 9,
      attestationId: created.id,
      minutes: 14,
    });
    await insertAttempt(db, {
      courseId: course.id,
      userId: fixture.managerA2.id,
      status: "failed",
      score: 6,
      attestationId: created.id,
    });
    // An attempt outside the attestation does not count as its result.
    await insertAttempt(db, { courseId: course.id, userId: fixture.managerA2.id, status: "passed", score: 10 });

    const seenByHead = await ok<AttestationDetail>(headA.request("GET", `/api/v1/training/attestations/${created.id}`));
    expect(seenByHead).toMatchObject({ people: 2, passed: 1, failed: 1 });
    expect(
      Object.fromEntries(seenByHead.results.map((result) => [result.user.id, [result.status, result.percent]])),
    ).toEqual({
      [fixture.managerA1.id]: ["passed", 90],
      [fixture.managerA2.id]: ["failed", 60],
    });
    expect(seenByHead.results.find((result) => result.user.id === fixture.managerA1.id)?.minutesSpent).toBe(14);
    const seenByRegion = await ok<AttestationDetail>(
      regionHead.request("GET", `/api/v1/training/attestations/${created.id}`),
    );
    expect(seenByRegion.results).toHaveLength(2);
    const seenByLearner = await ok<AttestationDetail>(
      managerA1.request("GET", `/api/v1/training/attestations/${created.id}`),
    );
    expect(seenByLearner).toMatchObject({ mine: "passed", people: 1, abilities: { manage: false } });
    expect(seenByLearner.results.map((result) => result.user.id)).toEqual([fixture.managerA1.id]);
    for (const outsider of [headB, managerB1]) {
      expect((await outsider.request("GET", `/api/v1/training/attestations/${created.id}`)).statusCode).toBe(404);
      const listed = await ok<Attestation[]>(outsider.request("GET", "/api/v1/training/attestations"));
      expect(listed.map((item) => item.id)).not.toContain(created.id);
    }
    expect((await headB.request("DELETE", `/api/v1/training/attestations/${created.id}`)).statusCode).toBe(404);
    expect(
      (await headB.request("POST", `/api/v1/training/attestations/${created.id}/repeat`, { heldOn })).statusCode,
    ).toBe(404);

    // The repeat is for those who failed only; a repeat of the repeat once everyone passed is refused.
    const repeat = await ok<AttestationDetail>(
      headA.request("POST", `/api/v1/training/attestations/${created.id}/repeat`, { heldOn }),
      201,
    );
    expect(repeat).toMatchObject({ repeatOf: created.id, title: "Аттестация по электродам (пересдача)" });
    expect(repeat.results.map((result) => [result.user.id, result.status])).toEqual([
      [fixture.managerA2.id, "not_started"],
    ]);
    await insertAttempt(db, {
      courseId: course.id,
      userId: fixture.managerA2.id,
      status: "passed",
      score: 8,
      attestationId: repeat.id,
    });
    expect(
      (await headA.request("POST", `/api/v1/training/attestations/${repeat.id}/repeat`, { heldOn })).statusCode,
    ).toBe(409);

    // A person's history on their profile: the heads above and themselves, nobody else.
    const history = await ok<PersonAttestation[]>(
      headA.request("GET", `/api/v1/users/${fixture.managerA2.id}/attestations`),
    );
    expect(history.map((item) => [item.attestation.id, item.status, item.percent]).sort()).toEqual(
      [
        [created.id, "failed", 60],
        [repeat.id, "passed", 80],
      ].sort(),
    );
    expect((await managerA2.request("GET", `/api/v1/users/${fixture.managerA2.id}/attestations`)).statusCode).toBe(200);
    expect((await managerA1.request("GET", `/api/v1/users/${fixture.managerA2.id}/attestations`)).statusCode).toBe(404);
    expect((await headB.request("GET", `/api/v1/users/${fixture.managerA2.id}/attestations`)).statusCode).toBe(404);

    expect((await headA.request("DELETE", `/api/v1/training/attestations/${repeat.id}`)).statusCode).toBe(204);
    const cancelled = await ok<AttestationDetail>(headA.request("GET", `/api/v1/training/attestations/${repeat.id}`));
    expect(cancelled).toMatchObject({ cancelled: true, abilities: { manage: false } });
  });
});
