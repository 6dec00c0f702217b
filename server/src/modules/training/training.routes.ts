import {
  attestationDetailSchema,
  attestationRepeatSchema,
  attestationSchema,
  attestationWriteSchema,
  courseAssignmentQuerySchema,
  courseAssignmentSchema,
  courseAssignmentWriteSchema,
  idParamsSchema,
  personAttestationSchema,
  progressQuerySchema,
  progressSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import {
  attestationOrThrow,
  cancelAttestationOrThrow,
  createAttestationOrThrow,
  listAttestationsOrThrow,
  personAttestationsOrThrow,
  repeatAttestationOrThrow,
} from "./attestation.service";
import { cancelAssignmentOrThrow, createAssignmentOrThrow, listAssignmentsOrThrow } from "./course-assignment.service";
import { progressOrThrow } from "./training-progress.service";
import { progressWorkbook } from "./training-progress.xlsx";

const read = { config: { permission: "training:read" as const } };
const write = { config: { permission: "training:write" as const } };
const manage = { config: { permission: "training:manage" as const } };

/**
 * Assignments, attestations and people's progress: whose learning one sees follows the `reports`
 * scope. Creating needs `training:manage`; acting on an existing one is `training:write` and the
 * service answers 404 to whoever may not manage that record, as for any record out of reach.
 */
export function trainingRoutes(app: ApiApp, { db }: ModuleDeps) {
  const tags = ["training"];
  app.get(
    "/api/v1/training/assignments",
    {
      ...read,
      schema: { tags, querystring: courseAssignmentQuerySchema, response: { 200: z.array(courseAssignmentSchema) } },
    },
    (request) => listAssignmentsOrThrow(db, actorOf(request), request.query),
  );
  app.post(
    "/api/v1/training/assignments",
    { ...manage, schema: { tags, body: courseAssignmentWriteSchema, response: { 201: courseAssignmentSchema } } },
    async (request, reply) => reply.status(201).send(await createAssignmentOrThrow(db, actorOf(request), request.body)),
  );
  app.delete(
    "/api/v1/training/assignments/:id",
    { ...write, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await cancelAssignmentOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/training/attestations",
    { ...read, schema: { tags, response: { 200: z.array(attestationSchema) } } },
    (request) => listAttestationsOrThrow(db, actorOf(request)),
  );
  app.post(
    "/api/v1/training/attestations",
    { ...manage, schema: { tags, body: attestationWriteSchema, response: { 201: attestationDetailSchema } } },
    async (request, reply) =>
      reply.status(201).send(await createAttestationOrThrow(db, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/training/attestations/:id",
    { ...read, schema: { tags, params: idParamsSchema, response: { 200: attestationDetailSchema } } },
    (request) => attestationOrThrow(db, actorOf(request), request.params.id),
  );
  app.post(
    "/api/v1/training/attestations/:id/repeat",
    {
      ...write,
      schema: {
        tags,
        params: idParamsSchema,
        body: attestationRepeatSchema,
        response: { 201: attestationDetailSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await repeatAttestationOrThrow(db, actorOf(request), request.params.id, request.body)),
  );
  app.delete(
    "/api/v1/training/attestations/:id",
    { ...write, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await cancelAttestationOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/users/:id/attestations",
    {
      ...read,
      schema: {
        tags,
        description: "A person's attestation history: themselves, or people the caller's reports scope reaches",
        params: idParamsSchema,
        response: { 200: z.array(personAttestationSchema) },
      },
    },
    (request) => personAttestationsOrThrow(db, actorOf(request), request.params.id),
  );
  app.get(
    "/api/v1/training/progress",
    { ...read, schema: { tags, querystring: progressQuerySchema, response: { 200: progressSchema } } },
    (request) => progressOrThrow(db, actorOf(request), request.query),
  );
  app.get(
    "/api/v1/training/progress.xlsx",
    { ...read, schema: { tags, querystring: progressQuerySchema } },
    async (request, reply) => {
      const progress = await progressOrThrow(db, actorOf(request), request.query);
      const file = await progressWorkbook(progress, "Прогресс обучения");
      return reply
        .header("content-disposition", `attachment; filename="planerka-training.xlsx"`)
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .send(file);
    },
  );
}
