import { type Coverage, missingId } from "./coverage-kit";
import { marker, type World } from "./world";

/** Who sees A1's attempts: A1 and those whose `reports` read level reaches A1. */
const learnerReaders = ["managerA1", "headA", "regionHead", "top", "admin"] as const;

/**
 * A course is the company's teaching material, not anyone's record: heads, tops and admins write
 * courses (403 to managers by the permission) and change the ones they may edit (403 to other heads,
 * who see drafts anyway). course-authoring.test.ts checks both, and a deleted course's 404.
 */
const material = (what: string): Coverage => ({
  kind: "exempt",
  reason: `${what}; course-authoring.test.ts checks a manager's and another head's 403`,
});

const attemptUrl = (world: World) => `/api/v1/attempts/${world.ids.courseAttempt}`;

/**
 * Courses and their tests. A1 has two attempts at a company course with a free-text question: one
 * waiting for a grade, one open; both carry A1's answers with the marker.
 */
export const courseCoverage: Record<string, Coverage | readonly Coverage[]> = {
  "GET /api/v1/courses": { kind: "listing", readers: ["managerA1"] },
  "POST /api/v1/courses": material("creates a draft course of the company"),
  "GET /api/v1/courses/{id}": {
    kind: "listing",
    url: (world) => `/api/v1/courses/${world.ids.course}`,
    readers: ["managerA1"],
  },
  "GET /api/v1/courses/{id}/authoring": material("the course editor, with the answer key"),
  "PATCH /api/v1/courses/{id}": material("changes a course's settings"),
  "DELETE /api/v1/courses/{id}": material("removes a course from the catalogue"),
  "POST /api/v1/courses/{id}/publish": material("publishes a course"),
  "POST /api/v1/courses/{id}/unpublish": material("takes a course back to drafts"),
  "POST /api/v1/courses/{id}/lessons": material("adds a lesson"),
  "PUT /api/v1/courses/{id}/lessons/order": material("orders a course's lessons"),
  "PATCH /api/v1/courses/{id}/lessons/{lessonId}": material("changes a lesson"),
  "DELETE /api/v1/courses/{id}/lessons/{lessonId}": material("removes a lesson"),
  "POST /api/v1/courses/{id}/questions": material("adds a question to the pool"),
  "PUT /api/v1/courses/{id}/questions/order": material("orders the pool"),
  "PUT /api/v1/courses/{id}/questions/{questionId}": material("rewrites a question"),
  "DELETE /api/v1/courses/{id}/questions/{questionId}": material("removes a question from the pool"),
  "POST /api/v1/courses/{id}/lessons/{lessonId}/complete": {
    kind: "exempt",
    reason: "marks the caller's own lesson done; a draft's lessons are 404 to managers (course-authoring.test.ts)",
  },
  "GET /api/v1/courses/{id}/lessons/{lessonId}/files/{fileId}": {
    kind: "exempt",
    reason: "a published lesson's documents are read by every employee, like the lesson (course-authoring.test.ts)",
  },
  // Naming A1's attestation to start an attempt is refused exactly like naming none.
  "POST /api/v1/courses/{id}/attempts": {
    kind: "reference",
    url: (world) => `/api/v1/courses/${world.ids.trainingCourse}/attempts`,
    cases: [
      { body: (world) => ({ attestationId: world.ids.attestation }), missing: () => ({ attestationId: missingId }) },
    ],
  },
  "GET /api/v1/courses/grading": { kind: "listing", readers: ["headA", "regionHead", "top", "admin"] },
  "GET /api/v1/attempts/{id}": { kind: "record", url: attemptUrl, readers: learnerReaders },
  "PUT /api/v1/attempts/{id}/answers/{questionId}": {
    kind: "record",
    url: (world) => `${attemptUrl(world)}/answers/${world.ids.courseQuestion}`,
    body: () => ({ text: `Ответ ${marker} ещё` }),
  },
  "POST /api/v1/attempts/{id}/submit": { kind: "record", url: (world) => `${attemptUrl(world)}/submit`, phase: 1 },
  "PUT /api/v1/attempts/{id}/answers/{questionId}/grade": {
    kind: "record",
    url: (world) => `/api/v1/attempts/${world.ids.courseGradingAttempt}/answers/${world.ids.courseQuestion}/grade`,
    body: () => ({ points: 1 }),
    actor: "headA",
  },
};
