import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { unitsBelow } from "../../platform/scope/units-below";
import { sanitizeRichText } from "../../platform/text/rich-text";
import { type DemoCourse, starterCourse, weldingCheck } from "./demo-training-content";

async function insertDemoCourse(tx: Executor, course: DemoCourse, authorId: string): Promise<string> {
  const [created] = await rows<{ id: string }>(
    tx,
    sql`insert into courses (title, description, author_id, published, pass_percent, attempts_allowed,
          time_limit_minutes, onboarding, onboarding_due_days)
        values (${course.title}, ${course.description}, ${authorId}, true, ${course.passPercent},
          ${course.attemptsAllowed}, ${course.timeLimitMinutes}, ${course.onboarding}, 14)
        returning id`,
  );
  const courseId = created!.id;
  for (const [position, lesson] of course.lessons.entries()) {
    await tx.execute(
      sql`insert into course_lessons (course_id, position, title, body)
          values (${courseId}, ${position}, ${lesson.title}, ${sanitizeRichText(lesson.body)})`,
    );
  }
  for (const [position, question] of course.questions.entries()) {
    const [stored] = await rows<{ id: string }>(
      tx,
      sql`insert into course_questions (course_id, position, kind, text, points)
          values (${courseId}, ${position}, ${question.kind}, ${question.text}, 1) returning id`,
    );
    for (const [optionPosition, option] of question.options.entries()) {
      const correct = option.startsWith("+");
      await tx.execute(
        sql`insert into course_question_options (question_id, position, text, correct)
            values (${stored!.id}, ${optionPosition}, ${correct ? option.slice(1) : option}, ${correct})`,
      );
    }
  }
  return courseId;
}

/**
 * The demo's training: the starter course (every manager's, due in two weeks; new employees get
 * it by themselves) and the welding check, assigned to the Almaty office and attested there.
 */
export async function seedDemoTraining(db: Database): Promise<{ courses: number; assignments: number }> {
  return db.transaction(async (tx) => {
    const [director] = await rows<{ id: string }>(
      tx,
      sql`select id from users where role = 'top' order by login limit 1`,
    );
    const [almaty] = await rows<{ unitId: string; headId: string | null }>(
      tx,
      sql`select id as "unitId", head_user_id as "headId" from units where name = 'Алматы' and deleted_at is null limit 1`,
    );
    if (!director) return { courses: 0, assignments: 0 };
    const starterId = await insertDemoCourse(tx, starterCourse, director.id);
    const weldingId = await insertDemoCourse(tx, weldingCheck, director.id);
    const today = sql`(now() at time zone (select time_zone from company_settings where id = 1))::date`;
    await tx.execute(
      sql`insert into course_assignments (course_id, subject_type, role, due_on, assigned_by)
          values (${starterId}, 'role', 'manager', ${today} + 14, ${director.id})`,
    );
    let assignments = 1;
    if (almaty?.headId) {
      await tx.execute(
        sql`insert into course_assignments (course_id, subject_type, subject_id, due_on, assigned_by)
            values (${weldingId}, 'unit', ${almaty.unitId}, ${today} + 7, ${almaty.headId})`,
      );
      assignments += 1;
      const [attestation] = await rows<{ id: string }>(
        tx,
        sql`insert into attestations (course_id, unit_id, title, held_on, created_by)
            values (${weldingId}, ${almaty.unitId}, 'Аттестация Алматы: сварочное оборудование', ${today} + 3, ${almaty.headId})
            returning id`,
      );
      await tx.execute(
        sql`insert into attestation_people (attestation_id, user_id)
            select ${attestation!.id}, id from users where active and id <> ${almaty.headId}
              and unit_id in ${unitsBelow(sql`${almaty.unitId}::uuid`)}`,
      );
    }
    return { courses: 2, assignments };
  });
}
