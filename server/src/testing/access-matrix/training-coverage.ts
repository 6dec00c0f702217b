import { type Coverage, missingId } from "./coverage-kit";
import type { World } from "./world";

/** Who sees A1's learning: A1 and the heads above (the `reports` scope); an attestation also its maker. */
const learnerReaders = ["managerA1", "headA", "regionHead", "top", "admin"] as const;
const attestationUrl = (world: World) => `/api/v1/training/attestations/${world.ids.attestation}`;

/** Assignments, attestations and progress: head A assigned a course to A1 and attested A1 alone. */
export const trainingCoverage: Record<string, Coverage | readonly Coverage[]> = {
  "GET /api/v1/training/assignments": {
    kind: "listing",
    readers: ["managerA1", "headA", "regionHead", "top", "admin"],
  },
  "POST /api/v1/training/assignments": {
    kind: "reference",
    cases: [
      {
        body: (world) => ({
          courseId: world.ids.trainingCourse,
          subject: { type: "user", id: world.fixture.managerA1.id },
        }),
        missing: (world) => ({ courseId: world.ids.trainingCourse, subject: { type: "user", id: missingId } }),
      },
      {
        body: (world) => ({
          courseId: world.ids.trainingCourse,
          subject: { type: "unit", id: world.fixture.departmentA },
        }),
        missing: (world) => ({ courseId: world.ids.trainingCourse, subject: { type: "unit", id: missingId } }),
      },
    ],
  },
  "DELETE /api/v1/training/assignments/{id}": {
    kind: "record",
    url: (world) => `/api/v1/training/assignments/${world.ids.courseAssignment}`,
    actor: "headA",
  },
  "GET /api/v1/training/attestations": { kind: "listing", readers: learnerReaders },
  "POST /api/v1/training/attestations": {
    kind: "reference",
    cases: [
      {
        body: (world) => ({
          courseId: world.ids.trainingCourse,
          unitId: world.fixture.departmentA,
          title: "Аттестация",
          heldOn: world.today,
        }),
        missing: (world) => ({
          courseId: world.ids.trainingCourse,
          unitId: missingId,
          title: "Аттестация",
          heldOn: world.today,
        }),
      },
    ],
  },
  "GET /api/v1/training/attestations/{id}": { kind: "record", url: attestationUrl, readers: learnerReaders },
  "POST /api/v1/training/attestations/{id}/repeat": {
    kind: "record",
    url: (world) => `${attestationUrl(world)}/repeat`,
    body: (world) => ({ heldOn: world.today }),
    actor: "headA",
  },
  "DELETE /api/v1/training/attestations/{id}": { kind: "record", url: attestationUrl, actor: "headA" },
  "GET /api/v1/users/{id}/attestations": { kind: "record", readers: learnerReaders },
  "GET /api/v1/training/progress": [
    { kind: "listing" },
    {
      kind: "record",
      url: (world) => `/api/v1/training/progress?userId=${world.fixture.managerA1.id}`,
      readers: learnerReaders,
    },
    {
      kind: "record",
      url: (world) => `/api/v1/training/progress?unitId=${world.fixture.departmentA}`,
      readers: ["headA", "regionHead", "top", "admin"],
    },
  ],
  "GET /api/v1/training/progress.xlsx": [
    { kind: "listing" },
    {
      kind: "record",
      url: (world) => `/api/v1/training/progress.xlsx?userId=${world.fixture.managerA1.id}`,
      readers: learnerReaders,
    },
  ],
};
