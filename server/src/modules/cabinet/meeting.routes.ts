import {
  hangingDealsQuerySchema,
  hangingDealsSchema,
  meetingNoteParamsSchema,
  meetingNoteSchema,
  meetingNotesParamsSchema,
  meetingNotesQuerySchema,
  meetingNotesSchema,
  meetingNoteWriteSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { hangingDealsOrThrow } from "./hanging-deals.service";
import { deleteMeetingNoteOrThrow, listMeetingNotesOrThrow, saveMeetingNoteOrThrow } from "./meeting-note.service";

/**
 * «Планёрка» in the head cabinet: the person's hanging deals and the heads' notes about the person
 * per week. The rest of what the meeting shows comes from the cabinet's, deals', tasks' and
 * workflows' own reads.
 */
export function meetingRoutes(app: ApiApp, { db }: ModuleDeps) {
  const tags = ["cabinet"];
  const notes = "/api/v1/cabinet/manager/:userId/meeting-notes";
  app.get(
    "/api/v1/cabinet/manager/:userId/hanging-deals",
    {
      config: { permission: "plans:read" },
      schema: {
        tags,
        description:
          "The person's open deals with no activity for the company's number of days (`hangingDealDays`), longest idle first",
        params: meetingNotesParamsSchema,
        querystring: hangingDealsQuerySchema,
        response: { 200: hangingDealsSchema },
      },
    },
    async (request) => hangingDealsOrThrow(db, actorOf(request), request.params.userId, request.query),
  );
  app.get(
    notes,
    {
      config: { permission: "meeting-notes:read" },
      schema: {
        tags,
        description: "The notes about the person for the week, and those of the latest earlier week that has any",
        params: meetingNotesParamsSchema,
        querystring: meetingNotesQuerySchema,
        response: { 200: meetingNotesSchema },
      },
    },
    async (request) => listMeetingNotesOrThrow(db, actorOf(request), request.params.userId, request.query.week),
  );
  app.put(
    `${notes}/:week`,
    {
      config: { permission: "meeting-notes:write" },
      schema: {
        tags,
        description: "Writes the caller's own note on the person for the week (send the `version` read to change it)",
        params: meetingNoteParamsSchema,
        body: meetingNoteWriteSchema,
        response: { 200: meetingNoteSchema, 201: meetingNoteSchema },
      },
    },
    async (request, reply) => {
      const { note, created } = await saveMeetingNoteOrThrow(
        db,
        actorOf(request),
        request.params.userId,
        request.params.week,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(note);
    },
  );
  app.delete(
    `${notes}/:week`,
    {
      config: { permission: "meeting-notes:write" },
      schema: { tags, params: meetingNoteParamsSchema, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteMeetingNoteOrThrow(db, actorOf(request), request.params.userId, request.params.week);
      return reply.status(204).send(null);
    },
  );
}
