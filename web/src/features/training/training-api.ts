import {
  type AttestationInput,
  attestationDetailSchema,
  attestationSchema,
  type CourseAssignmentInput,
  courseAssignmentSchema,
  courseListSchema,
  personAttestationSchema,
  progressSchema,
} from "@planerka/common";
import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { api, apiUrl, apiVoid } from "../../lib/api";

export interface ProgressFilter {
  unitId?: string;
  courseId?: string;
  userId?: string;
}

export const progressQuery = (filter: ProgressFilter) =>
  queryOptions({
    queryKey: ["training", "progress", filter],
    queryFn: ({ signal }) => api("/training/progress", progressSchema, { signal, query: { ...filter } }),
  });

export const progressExportUrl = (filter: ProgressFilter) => apiUrl("/training/progress.xlsx", { ...filter });

export const assignmentsQuery = (courseId?: string) =>
  queryOptions({
    queryKey: ["training", "assignments", courseId ?? null],
    queryFn: ({ signal }) =>
      api("/training/assignments", z.array(courseAssignmentSchema), { signal, query: { courseId } }),
  });

/** The courses to pick from when assigning or attesting (published ones; the server refuses drafts). */
export const courseChoicesQuery = queryOptions({
  queryKey: ["training", "course-choices"],
  queryFn: ({ signal }) => api("/courses", courseListSchema, { signal }),
  select: (list) => list.items.filter((course) => course.published),
});

export const createAssignment = (input: CourseAssignmentInput) =>
  api("/training/assignments", courseAssignmentSchema, { method: "POST", json: input });

export const cancelAssignment = (id: string) => apiVoid(`/training/assignments/${id}`, { method: "DELETE" });

export const attestationsQuery = queryOptions({
  queryKey: ["training", "attestations"],
  queryFn: ({ signal }) => api("/training/attestations", z.array(attestationSchema), { signal }),
});

export const attestationQuery = (id: string) =>
  queryOptions({
    queryKey: ["training", "attestation", id],
    queryFn: ({ signal }) => api(`/training/attestations/${id}`, attestationDetailSchema, { signal }),
  });

export const personAttestationsQuery = (userId: string) =>
  queryOptions({
    queryKey: ["training", "person-attestations", userId],
    queryFn: ({ signal }) => api(`/users/${userId}/attestations`, z.array(personAttestationSchema), { signal }),
  });

export const createAttestation = (input: AttestationInput) =>
  api("/training/attestations", attestationDetailSchema, { method: "POST", json: input });

export const repeatAttestation = (id: string, heldOn: string) =>
  api(`/training/attestations/${id}/repeat`, attestationDetailSchema, { method: "POST", json: { heldOn } });

export const cancelAttestation = (id: string) => apiVoid(`/training/attestations/${id}`, { method: "DELETE" });

/** Starts (or continues) the attestation's test: the course's attempt tied to it. */
export const startAttestationAttempt = (courseId: string, attestationId: string) =>
  api(`/courses/${courseId}/attempts`, z.looseObject({ id: z.string() }), {
    method: "POST",
    json: { attestationId },
  });

/** After a change: every training list may show it (progress, assignments, attestations, courses). */
export function refreshTraining(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: ["training"] });
}
