import { courseLimits, type QuestionKind } from "@planerka/common";
import { invalid } from "../../platform/errors/problem";

/**
 * The rules a course's settings, lessons and questions keep. Each refusal is a 422 naming the field
 * (the request's own field name), so the editor puts the message next to it; nothing is stored.
 */

function assertRangeOrThrow(field: string, value: number, range: { min: number; max: number }, what: string) {
  if (value < range.min || value > range.max) throw invalid(field, `${what}: from ${range.min} to ${range.max}`);
}

export interface CourseSettings {
  passPercent: number;
  attemptsAllowed: number | null;
  timeLimitMinutes: number | null;
  questionsPerAttempt: number | null;
  onboardingDueDays: number;
}

/**
 * Settings of a course. `poolSize` is given when the course is (or is being) published: then an
 * attempt must be able to draw `questionsPerAttempt` distinct questions.
 */
export function assertCourseSettingsOrThrow(settings: CourseSettings, poolSize: number | null): void {
  assertRangeOrThrow("passPercent", settings.passPercent, courseLimits.passPercent, "The pass mark is a percentage");
  if (settings.attemptsAllowed !== null)
    assertRangeOrThrow("attemptsAllowed", settings.attemptsAllowed, courseLimits.attempts, "Attempts");
  if (settings.timeLimitMinutes !== null)
    assertRangeOrThrow("timeLimitMinutes", settings.timeLimitMinutes, courseLimits.timeLimitMinutes, "Minutes");
  assertRangeOrThrow(
    "onboardingDueDays",
    settings.onboardingDueDays,
    courseLimits.onboardingDueDays,
    "Days to complete an onboarding course",
  );
  if (settings.questionsPerAttempt !== null) {
    if (settings.questionsPerAttempt < 1) throw invalid("questionsPerAttempt", "An attempt asks at least one question");
    if (poolSize !== null && settings.questionsPerAttempt > poolSize)
      throw invalid(
        "questionsPerAttempt",
        `An attempt cannot ask ${settings.questionsPerAttempt} questions: the pool holds ${poolSize}`,
      );
  }
}

/** A video link: http or https only (no javascript:, data: or file: address reaches a learner's page). */
export function videoUrlOrThrow(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalid("videoUrl", "Not a web address");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw invalid("videoUrl", "A video link starts with http:// or https://");
  return url.toString();
}

/**
 * A question of the test: its points, and options that make sense for its kind — one correct for
 * single choice, at least one for multiple choice, none for free text.
 */
export function assertQuestionOrThrow(question: {
  kind: QuestionKind;
  points: number;
  options: readonly { text: string; correct: boolean }[];
}): void {
  assertRangeOrThrow("points", question.points, courseLimits.points, "Points for a question");
  const { options } = question;
  if (question.kind === "text") {
    if (options.length > 0) throw invalid("options", "A free-text question has no options");
    return;
  }
  if (options.length < courseLimits.options.min || options.length > courseLimits.options.max)
    throw invalid(
      "options",
      `A choice question has from ${courseLimits.options.min} to ${courseLimits.options.max} options`,
    );
  const texts = new Set(options.map((option) => option.text.trim().toLocaleLowerCase("ru")));
  if (texts.size < options.length) throw invalid("options", "Two options have the same text");
  const correct = options.filter((option) => option.correct).length;
  if (question.kind === "single" && correct !== 1)
    throw invalid("options", "A single-choice question has exactly one correct option");
  if (question.kind === "multiple" && correct < 1)
    throw invalid("options", "A multiple-choice question has at least one correct option");
}
