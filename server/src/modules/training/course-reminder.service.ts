import { dayInTimeZone } from "@planerka/common";
import { sql } from "drizzle-orm";
import { companyZone } from "../../platform/db/company-zone";
import { type Database, rows } from "../../platform/db/database";
import { type PollingWorker, startPollingWorker } from "../../platform/jobs/polling-worker";
import { notify } from "../../platform/notifications/notify";
import { assignedLearners } from "./course-assignment.queries";
import { learnerCourseProgress } from "./course-progress.queries";

/** Days before the deadline when a learner who has not passed is reminded. */
export const remindDaysBefore = 3;

/**
 * Reminds learners of assigned courses they have not passed: once when the deadline is
 * `remindDaysBefore` days away or nearer, once when it has passed («просрочено», in the
 * notification centre). Each (assignment, person, kind) is claimed once, so two processes or two
 * passes never remind twice. `today` is the company's day (tests pass their own).
 */
export async function runCourseReminderPass(db: Database, options: { today?: string } = {}): Promise<number> {
  return db.transaction(async (tx) => {
    const [company] = await rows<{ timeZone: string | null }>(tx, sql`select ${companyZone} as "timeZone"`);
    if (!company?.timeZone) return 0; // before the first-run setup
    const today = options.today ?? dayInTimeZone(new Date(), company.timeZone);
    const reminded = await rows<{ userId: string; courseId: string; title: string; dueOn: string; kind: string }>(
      tx,
      sql`with due as (
            select learner.assignment_id, learner.user_id, learner.course_id, learner.due_on, c.title,
              case when learner.due_on < ${today}::date then 'overdue' else 'soon' end as kind
            from ${assignedLearners()} learner
            join courses c on c.id = learner.course_id and c.published
            cross join lateral ${learnerCourseProgress(sql`learner.course_id`, sql`learner.user_id`)} progress
            where learner.due_on is not null and learner.due_on <= ${today}::date + ${remindDaysBefore}::int
              and progress.status <> 'passed'
          ), claimed as (
            insert into course_assignment_reminders (assignment_id, user_id, kind)
            select distinct assignment_id, user_id, kind from due on conflict do nothing
            returning assignment_id, user_id, kind
          )
          select distinct due.user_id as "userId", due.course_id as "courseId", due.title, due.due_on::text as "dueOn", due.kind
          from due join claimed on claimed.assignment_id = due.assignment_id and claimed.user_id = due.user_id
            and claimed.kind = due.kind`,
    );
    await notify(
      tx,
      reminded.map((item) => ({
        userId: item.userId,
        kind: item.kind === "overdue" ? "course_overdue" : "course_due",
        title: item.kind === "overdue" ? `Просрочен курс «${item.title}»` : `Скоро срок курса «${item.title}»`,
        body: `Срок: ${item.dueOn}`,
        link: `/training/courses/${item.courseId}`,
      })),
    );
    return reminded.length;
  });
}

/** Deadlines are days: a pass an hour is timely enough. */
export function startCourseReminderWorker(
  db: Database,
  options: { onError?: (error: unknown) => void } = {},
): PollingWorker {
  return startPollingWorker(
    async () => {
      await runCourseReminderPass(db);
      return 0;
    },
    { pollMs: 60 * 60 * 1000, onError: options.onError },
  );
}
