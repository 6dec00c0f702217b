import {
  type Attestation,
  type AttestationDetail,
  type AttestationResult,
  type attestationWriteSchema,
  dayInTimeZone,
  type LearnerCourseStatus,
  type PersonAttestation,
} from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { companyTimeZoneOrThrow } from "../../platform/db/company-zone";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { conflict, invalid, notFound } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import { unitsBelow } from "../../platform/scope/units-below";
import { learnerCondition, mayManageTraining } from "../../policies/training";
import { closeExpiredAttempts } from "./course-attempt.service";
import { attemptMinutes } from "./course-progress.queries";

type AttestationWrite = z.infer<typeof attestationWriteSchema>;

// An attestation is a test for a unit's people at a date. Its people are fixed when it is made
// (who was in the unit then), each takes one attempt tied to it, and a repeat is a new attestation
// for those who failed. Heads see the attestations of units they reach and the results of people
// their `reports` scope reaches; a learner sees the attestations they are in and their own result.

/** A person's standing in one attestation: from the attempt tied to it. */
const attemptStatus = sql`case when att.id is null then 'not_started' else att.status end`;

/** The attestation's people joined to their attempt (`att`), for `from attestation_people ap ${…}`. */
const withAttempt = sql`left join lateral (select a.* from course_attempts a
    where a.attestation_id = ap.attestation_id and a.user_id = ap.user_id order by a.started_at desc limit 1) att on true`;

interface AttestationRow {
  id: string;
  title: string;
  courseId: string;
  courseTitle: string;
  passPercent: number;
  unitId: string;
  unitName: string;
  heldOn: string;
  repeatOf: string | null;
  createdById: string;
  createdByName: string;
  cancelled: boolean;
  people: number;
  passed: number;
  failed: number;
  mine: LearnerCourseStatus | null;
}

/** The attestations the caller manages (their unit is within reach) or takes part in. */
function visibleCondition(actor: Actor): SQL {
  const level = actor.scope.level("reports", "read");
  const reachable =
    level === "all"
      ? sql`true`
      : level === "subtree" && actor.scope.subtreeUnitIds.length > 0
        ? sql`t.unit_id in (${sql.join(
            actor.scope.subtreeUnitIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`
        : sql`false`;
  const managed = mayManageTraining(actor) ? reachable : sql`false`;
  return sql`(${managed} or t.created_by = ${actor.user.id} or exists (select 1 from attestation_people me
    where me.attestation_id = t.id and me.user_id = ${actor.user.id}))`;
}

async function loadAttestations(executor: Executor, actor: Actor, condition: SQL): Promise<AttestationRow[]> {
  const seen = learnerCondition(actor, sql`ap.user_id`);
  return rows<AttestationRow>(
    executor,
    sql`select t.id, t.title, t.course_id as "courseId", c.title as "courseTitle", c.pass_percent as "passPercent",
          t.unit_id as "unitId", un.name as "unitName", t.held_on::text as "heldOn", t.repeat_of as "repeatOf",
          t.created_by as "createdById", creator.name as "createdByName", t.cancelled_at is not null as cancelled,
          (select count(*)::int from attestation_people ap where ap.attestation_id = t.id and ${seen}) as people,
          (select count(*)::int from attestation_people ap ${withAttempt}
            where ap.attestation_id = t.id and ${seen} and att.status = 'passed') as passed,
          (select count(*)::int from attestation_people ap ${withAttempt}
            where ap.attestation_id = t.id and ${seen} and att.status = 'failed') as failed,
          (select ${attemptStatus} from attestation_people ap ${withAttempt}
            where ap.attestation_id = t.id and ap.user_id = ${actor.user.id}) as mine
        from attestations t
        join courses c on c.id = t.course_id
        join units un on un.id = t.unit_id
        join users creator on creator.id = t.created_by
        where ${visibleCondition(actor)} and ${condition}
        order by t.held_on desc, t.created_at desc`,
  );
}

function presentAttestation(actor: Actor, row: AttestationRow): Attestation {
  return {
    id: row.id,
    title: row.title,
    course: { id: row.courseId, title: row.courseTitle, passPercent: row.passPercent },
    unit: { id: row.unitId, name: row.unitName },
    heldOn: row.heldOn,
    repeatOf: row.repeatOf,
    createdBy: { id: row.createdById, name: row.createdByName },
    cancelled: row.cancelled,
    people: row.people,
    passed: row.passed,
    failed: row.failed,
    mine: row.mine,
    abilities: {
      manage:
        !row.cancelled &&
        mayManageTraining(actor) &&
        (row.createdById === actor.user.id || actor.scope.canReachUnit("reports", "read", row.unitId)),
    },
  };
}

export async function listAttestationsOrThrow(db: Database, actor: Actor): Promise<Attestation[]> {
  const found = await loadAttestations(db, actor, sql`true`);
  return found.map((row) => presentAttestation(actor, row));
}

/** One attestation with the results of the people the caller may see (a learner: their own). */
export async function attestationOrThrow(executor: Executor, actor: Actor, id: string): Promise<AttestationDetail> {
  const [row] = await loadAttestations(executor, actor, sql`t.id = ${id}`);
  if (!row) throw notFound();
  await closeExpiredAttempts(executor, sql`a.attestation_id = ${id}`);
  const results = await rows<{
    userId: string;
    userName: string;
    unitName: string;
    status: LearnerCourseStatus;
    percent: number | null;
    attemptId: string | null;
    minutesSpent: number | null;
    finishedAt: string | null;
  }>(
    executor,
    sql`select u.id as "userId", u.name as "userName", un.name as "unitName", ${attemptStatus} as status,
          case when att.status in ('passed', 'failed') and att.max_score > 0 then (att.score * 100 / att.max_score)::int end as percent,
          att.id as "attemptId",
          case when att.id is not null then (select ${attemptMinutes(sql`one`)} from course_attempts one where one.id = att.id) end as "minutesSpent",
          att.submitted_at as "finishedAt"
        from attestation_people ap ${withAttempt}
        join users u on u.id = ap.user_id
        join units un on un.id = u.unit_id
        where ap.attestation_id = ${id} and ${learnerCondition(actor, sql`ap.user_id`)}
        order by un.name, u.name`,
  );
  return {
    ...presentAttestation(actor, row),
    results: results.map(
      (result): AttestationResult => ({
        user: { id: result.userId, name: result.userName },
        unitName: result.unitName,
        status: result.status,
        percent: result.percent,
        attemptId: result.attemptId,
        minutesSpent: result.minutesSpent,
        finishedAt: result.finishedAt ? new Date(result.finishedAt).toISOString() : null,
      }),
    ),
  };
}

async function courseForTestOrThrow(executor: Executor, courseId: string) {
  const [course] = await rows<{ title: string; published: boolean; questions: number }>(
    executor,
    sql`select title, published, (select count(*)::int from course_questions q where q.course_id = c.id and q.deleted_at is null) as questions
        from courses c where id = ${courseId} and deleted_at is null`,
  );
  if (!course) throw invalid("courseId", "No such course");
  if (!course.published) throw invalid("courseId", "Publish the course before an attestation");
  if (course.questions === 0) throw invalid("courseId", "The course has no test");
  return course;
}

async function insertAttestationOrThrow(
  tx: Executor,
  actor: Actor,
  input: AttestationWrite & { repeatOf: string | null },
  people: SQL,
): Promise<string> {
  const course = await courseForTestOrThrow(tx, input.courseId);
  const today = dayInTimeZone(new Date(), await companyTimeZoneOrThrow(tx));
  if (input.heldOn < today) throw invalid("heldOn", "The date is in the past");
  const [created] = await rows<{ id: string }>(
    tx,
    sql`insert into attestations (course_id, unit_id, title, held_on, repeat_of, created_by)
        values (${input.courseId}, ${input.unitId}, ${input.title}, ${input.heldOn}, ${input.repeatOf}, ${actor.user.id})
        returning id`,
  );
  const id = created!.id;
  const added = await rows<{ userId: string }>(
    tx,
    sql`insert into attestation_people (attestation_id, user_id) select ${id}, people.id from ${people} people
        returning user_id as "userId"`,
  );
  if (added.length === 0) throw invalid("unitId", "Nobody to attest: the unit has no employees you may see");
  await notify(
    tx,
    added.map((person) => ({
      userId: person.userId,
      kind: "attestation",
      title: `Аттестация «${input.title}» ${input.heldOn}`,
      body: `Тест по курсу «${course.title}»`,
      link: `/training/attestations/${id}`,
      actorId: actor.user.id,
    })),
  );
  await recordAudit(tx, { actorId: actor.user.id, entity: "attestation", entityId: id, action: "create" });
  return id;
}

/** Attests a unit's people (with everything below it) whom the caller's scope reaches, the caller excluded. */
export async function createAttestationOrThrow(
  db: Database,
  actor: Actor,
  input: AttestationWrite,
): Promise<AttestationDetail> {
  return db.transaction(async (tx) => {
    const [unit] = await rows(tx, sql`select 1 from units where id = ${input.unitId} and deleted_at is null`);
    if (!unit || !actor.scope.canReachUnit("reports", "read", input.unitId))
      throw invalid("unitId", "Attest your own people's units");
    const people = sql`(select u.id from users u where u.active and u.id <> ${actor.user.id}
      and u.unit_id in ${unitsBelow(sql`${input.unitId}::uuid`)} and ${learnerCondition(actor, sql`u.id`)})`;
    const id = await insertAttestationOrThrow(tx, actor, { ...input, repeatOf: null }, people);
    return attestationOrThrow(tx, actor, id);
  });
}

/** A repeat for those of its people who failed (and are still employed). */
export async function repeatAttestationOrThrow(
  db: Database,
  actor: Actor,
  id: string,
  input: { heldOn: string },
): Promise<AttestationDetail> {
  return db.transaction(async (tx) => {
    const original = await attestationOrThrow(tx, actor, id);
    if (!original.abilities.manage) throw notFound();
    const people = sql`(select ap.user_id as id from attestation_people ap ${withAttempt}
      join users u on u.id = ap.user_id and u.active
      where ap.attestation_id = ${id} and att.status = 'failed' and ${learnerCondition(actor, sql`ap.user_id`)})`;
    const [failed] = await rows<{ count: number }>(tx, sql`select count(*)::int as count from ${people} people`);
    if (!failed?.count) throw conflict("Nobody failed this attestation");
    const newId = await insertAttestationOrThrow(
      tx,
      actor,
      {
        courseId: original.course.id,
        unitId: original.unit.id,
        title: `${original.title} (пересдача)`.slice(0, 200),
        heldOn: input.heldOn,
        repeatOf: id,
      },
      people,
    );
    return attestationOrThrow(tx, actor, newId);
  });
}

/** Cancels an attestation: its people may no longer start its test; results already in stay. */
export async function cancelAttestationOrThrow(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const attestation = await attestationOrThrow(tx, actor, id);
    if (!attestation.abilities.manage) throw notFound();
    await tx.execute(sql`update attestations set cancelled_at = now() where id = ${id}`);
    await recordAudit(tx, { actorId: actor.user.id, entity: "attestation", entityId: id, action: "delete" });
  });
}

/** A person's attestation history (their profile): themselves, or those whose scope reaches them. */
export async function personAttestationsOrThrow(
  db: Database,
  actor: Actor,
  userId: string,
): Promise<PersonAttestation[]> {
  const [person] = await rows(
    db,
    sql`select 1 from users u where u.id = ${userId} and ${learnerCondition(actor, sql`u.id`)}`,
  );
  if (!person) throw notFound();
  const found = await rows<{
    id: string;
    title: string;
    heldOn: string;
    courseId: string;
    courseTitle: string;
    status: LearnerCourseStatus;
    percent: number | null;
    finishedAt: string | null;
  }>(
    db,
    sql`select t.id, t.title, t.held_on::text as "heldOn", c.id as "courseId", c.title as "courseTitle",
          ${attemptStatus} as status,
          case when att.status in ('passed', 'failed') and att.max_score > 0 then (att.score * 100 / att.max_score)::int end as percent,
          att.submitted_at as "finishedAt"
        from attestation_people ap ${withAttempt}
        join attestations t on t.id = ap.attestation_id and t.cancelled_at is null
        join courses c on c.id = t.course_id
        where ap.user_id = ${userId}
        order by t.held_on desc, t.created_at desc`,
  );
  return found.map((row) => ({
    attestation: { id: row.id, title: row.title, heldOn: row.heldOn },
    course: { id: row.courseId, title: row.courseTitle },
    status: row.status,
    percent: row.percent,
    finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
  }));
}
