import { z } from "zod";
import { isoDateSchema } from "../calendar";
import { roleSchema } from "../roles";
import { idSchema } from "./shared";
import { personRefSchema } from "./tasks";

/** «Обучение»: assignments of courses, attestations of units, and people's progress. */

/** A day in the company's zone, within the years the calendar knows. */
const dayString = isoDateSchema;

/** Where a learner stands on a course; one definition (`course-progress.queries.ts`). */
export const learnerCourseStatusSchema = z.enum(["not_started", "in_progress", "grading", "passed", "failed"]);
export type LearnerCourseStatus = z.infer<typeof learnerCourseStatusSchema>;

export const assignmentSubjectWriteSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("user"), id: idSchema }),
  z.strictObject({ type: z.literal("unit"), id: idSchema }),
  z.strictObject({ type: z.literal("role"), role: roleSchema }),
]);

export const courseAssignmentWriteSchema = z.strictObject({
  courseId: idSchema,
  /** A person, a unit with everything below it, or everyone holding a role. */
  subject: assignmentSubjectWriteSchema,
  /** The deadline, a day in the company's zone; none: no deadline. */
  dueOn: dayString.nullable().default(null),
});
export type CourseAssignmentInput = z.input<typeof courseAssignmentWriteSchema>;

export const courseAssignmentSchema = z.object({
  id: idSchema,
  course: z.object({ id: idSchema, title: z.string() }),
  subject: z.object({
    type: z.enum(["user", "unit", "role"]),
    id: idSchema.nullable(),
    role: roleSchema.nullable(),
    /** The person's or unit's name; for a role, null (the web names the role). */
    name: z.string().nullable(),
  }),
  dueOn: z.string().nullable(),
  onboarding: z.boolean(),
  assignedBy: personRefSchema.nullable(),
  createdAt: z.string(),
  /** Of the people it reaches that the caller may see: how many, and how many passed. */
  learners: z.number().int(),
  passed: z.number().int(),
  abilities: z.object({ cancel: z.boolean() }),
});
export type CourseAssignment = z.infer<typeof courseAssignmentSchema>;

export const courseAssignmentQuerySchema = z.object({ courseId: idSchema.optional() });

export const attestationWriteSchema = z.strictObject({
  courseId: idSchema,
  /** The unit whose people (with everything below it) take the test. */
  unitId: idSchema,
  title: z.string().trim().min(1).max(200),
  heldOn: dayString,
});
export type AttestationInput = z.input<typeof attestationWriteSchema>;

export const attestationRepeatSchema = z.strictObject({ heldOn: dayString });

export const attestationResultSchema = z.object({
  user: personRefSchema,
  unitName: z.string(),
  status: learnerCourseStatusSchema,
  /** Of the attestation's attempt: null until scored. */
  percent: z.number().int().nullable(),
  attemptId: idSchema.nullable(),
  minutesSpent: z.number().int().nullable(),
  finishedAt: z.string().nullable(),
});
export type AttestationResult = z.infer<typeof attestationResultSchema>;

export const attestationSchema = z.object({
  id: idSchema,
  title: z.string(),
  course: z.object({ id: idSchema, title: z.string(), passPercent: z.number().int() }),
  unit: z.object({ id: idSchema, name: z.string() }),
  heldOn: z.string(),
  repeatOf: idSchema.nullable(),
  createdBy: personRefSchema,
  cancelled: z.boolean(),
  /** Counts over the people the caller may see. */
  people: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  /** Whether the caller is one of its people, and their own status. */
  mine: learnerCourseStatusSchema.nullable(),
  abilities: z.object({ manage: z.boolean() }),
});
export type Attestation = z.infer<typeof attestationSchema>;

export const attestationDetailSchema = attestationSchema.extend({ results: z.array(attestationResultSchema) });
export type AttestationDetail = z.infer<typeof attestationDetailSchema>;

export const progressQuerySchema = z.object({
  unitId: idSchema.optional(),
  courseId: idSchema.optional(),
  userId: idSchema.optional(),
});

export const progressRowSchema = z.object({
  user: personRefSchema,
  unitName: z.string(),
  course: z.object({ id: idSchema, title: z.string() }),
  assigned: z.boolean(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  status: learnerCourseStatusSchema,
  lessonsDone: z.number().int(),
  lessonsTotal: z.number().int(),
  attempts: z.number().int(),
  /** The best scored attempt's share of points, 0–100 (rounded down). */
  bestPercent: z.number().int().nullable(),
  /** Minutes in finished and open attempts, each counted up to its deadline. */
  minutesSpent: z.number().int(),
  passedAt: z.string().nullable(),
});
export type ProgressRow = z.infer<typeof progressRowSchema>;

export const progressSchema = z.object({
  rows: z.array(progressRowSchema),
  totals: z.object({
    assigned: z.number().int(),
    inProgress: z.number().int(),
    passed: z.number().int(),
    failed: z.number().int(),
    overdue: z.number().int(),
  }),
});
export type Progress = z.infer<typeof progressSchema>;

export const personAttestationSchema = z.object({
  attestation: z.object({ id: idSchema, title: z.string(), heldOn: z.string() }),
  course: z.object({ id: idSchema, title: z.string() }),
  status: learnerCourseStatusSchema,
  percent: z.number().int().nullable(),
  finishedAt: z.string().nullable(),
});
export type PersonAttestation = z.infer<typeof personAttestationSchema>;
