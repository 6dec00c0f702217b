import type { Attempt } from "@planerka/common";
import type { Actor } from "../../platform/auth/authenticate";
import { mayManageTraining } from "../../policies/training";
import { percentOf } from "./course.presenter";
import type { AnswerRow, AttemptRow, DrawnQuestionRow } from "./course-attempt.queries";

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

/**
 * An attempt as drawn: questions in the order shown, each one's options in their shuffled order —
 * and never which option is correct, to anyone (the answer key stays in the editor). Points per
 * question appear once the attempt is submitted.
 */
export function presentAttempt(
  row: AttemptRow,
  questions: readonly DrawnQuestionRow[],
  answers: readonly AnswerRow[],
  actor: Actor,
): Attempt {
  const byId = new Map(questions.map((question) => [question.id, question]));
  const answerOf = new Map(answers.map((answer) => [answer.questionId, answer]));
  const submitted = row.status !== "in_progress";
  const mine = row.userId === actor.user.id;
  return {
    id: row.id,
    course: { id: row.courseId, title: row.courseTitle, passPercent: row.passPercent },
    learner: { id: row.userId, name: row.userName },
    attestationId: row.attestationId,
    status: row.status,
    startedAt: iso(row.startedAt),
    deadlineAt: isoOrNull(row.deadlineAt),
    submittedAt: isoOrNull(row.submittedAt),
    secondsLeft: submitted ? null : row.secondsLeft,
    score: row.score,
    maxScore: row.maxScore,
    percent: row.status === "passed" || row.status === "failed" ? percentOf(row.score, row.maxScore) : null,
    questions: row.questions.flatMap((drawn) => {
      const question = byId.get(drawn.questionId);
      if (!question) return [];
      const optionText = new Map(question.options.map((option) => [option.id, option.text]));
      const answer = answerOf.get(question.id);
      return [
        {
          id: question.id,
          kind: question.kind,
          text: question.text,
          points: question.points,
          options: drawn.optionIds.flatMap((id) => {
            const text = optionText.get(id);
            return text === undefined ? [] : [{ id, text }];
          }),
          answer: answer
            ? { optionIds: answer.optionIds, text: answer.text, answeredAt: iso(answer.answeredAt), late: answer.late }
            : null,
          earned: submitted ? (answer ? answer.points : 0) : null,
          gradedBy:
            answer?.gradedById && answer.gradedByName ? { id: answer.gradedById, name: answer.gradedByName } : null,
        },
      ];
    }),
    abilities: {
      answer: mine && row.status === "in_progress",
      grade: !mine && row.status === "grading" && mayManageTraining(actor),
    },
  };
}
