import {
  meetingItemParamsSchema,
  meetingItemPatchSchema,
  meetingItemSchema,
  meetingItemWriteSchema,
  meetingMessageSchema,
  meetingMessageWriteSchema,
  meetingMinutesSchema,
  meetingRoomLookupResultSchema,
  meetingRoomLookupSchema,
  meetingRoomParamsSchema,
  meetingRoomRefSchema,
  meetingRoomSchema,
  meetingRoomSubjectSchema,
  meetingTaskSchema,
  meetingTaskWriteSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import type { IceSettings } from "./meeting-ice";
import { endMeetingOrThrow } from "./meeting-minutes.service";
import {
  addItemOrThrow,
  addTaskOrThrow,
  deleteItemOrThrow,
  lookupRoomOrThrow,
  openRoomOrThrow,
  postMessageOrThrow,
  roomStateOrThrow,
  setItemDoneOrThrow,
} from "./meeting-room.service";

const read = { config: { permission: "meetings:read" as const } };
const write = { config: { permission: "meetings:write" as const } };

/**
 * Online meeting rooms of events and groups: every route answers 404 to whoever may not be in the
 * room. Joining, who is in the room and the WebRTC signalling go over the real-time socket
 * (`meeting-signalling.ts`).
 */
export function meetingRoomRoutes(app: ApiApp, { db, ice }: ModuleDeps & { ice: IceSettings }) {
  const tags = ["meetings"];
  const room = "/api/v1/meeting-rooms/:id";
  app.get(
    "/api/v1/meeting-rooms",
    {
      ...read,
      schema: {
        tags,
        description:
          "An event's or a group's room (null until someone opens it) with how many are in it, and its minutes",
        querystring: meetingRoomLookupSchema,
        response: { 200: meetingRoomLookupResultSchema },
      },
    },
    async (request) => lookupRoomOrThrow(db, actorOf(request), request.query),
  );
  app.post(
    "/api/v1/meeting-rooms",
    {
      ...write,
      schema: {
        tags,
        description: "The room of an event or a group, made on first use",
        body: meetingRoomSubjectSchema,
        response: { 200: meetingRoomRefSchema },
      },
    },
    async (request) => openRoomOrThrow(db, actorOf(request), request.body),
  );
  app.get(
    room,
    {
      ...read,
      schema: {
        tags,
        description:
          "The room: the meeting going on (agenda, questions, decisions, chat, tasks), who is in it, ICE servers, earlier minutes",
        params: meetingRoomParamsSchema,
        response: { 200: meetingRoomSchema },
      },
    },
    async (request) => roomStateOrThrow(db, actorOf(request), request.params.id, ice),
  );
  app.post(
    `${room}/items`,
    {
      ...write,
      schema: {
        tags,
        description: "An agenda item, a question or a decision (starts a meeting if none is going on)",
        params: meetingRoomParamsSchema,
        body: meetingItemWriteSchema,
        response: { 201: meetingItemSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addItemOrThrow(db, actorOf(request), request.params.id, request.body)),
  );
  app.patch(
    `${room}/items/:itemId`,
    {
      ...write,
      schema: {
        tags,
        description: "Ticks an agenda item off (a question answered), or takes the tick back",
        params: meetingItemParamsSchema,
        body: meetingItemPatchSchema,
        response: { 200: meetingItemSchema },
      },
    },
    async (request) =>
      setItemDoneOrThrow(db, actorOf(request), request.params.id, request.params.itemId, request.body.done),
  );
  app.delete(
    `${room}/items/:itemId`,
    { ...write, schema: { tags, params: meetingItemParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteItemOrThrow(db, actorOf(request), request.params.id, request.params.itemId);
      return reply.status(204).send(null);
    },
  );
  app.post(
    `${room}/messages`,
    {
      ...write,
      schema: {
        tags,
        params: meetingRoomParamsSchema,
        body: meetingMessageWriteSchema,
        response: { 201: meetingMessageSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await postMessageOrThrow(db, actorOf(request), request.params.id, request.body.body)),
  );
  app.post(
    `${room}/tasks`,
    {
      ...write,
      schema: {
        tags,
        description: "A task set in the meeting (the tasks service makes it; the minutes list it)",
        params: meetingRoomParamsSchema,
        body: meetingTaskWriteSchema,
        response: { 201: meetingTaskSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addTaskOrThrow(db, actorOf(request), request.params.id, request.body)),
  );
  app.post(
    `${room}/end`,
    {
      ...write,
      schema: {
        tags,
        description:
          "«Завершить встречу»: saves the minutes on the event or group (a group's feed gets them too) and notifies the participants",
        params: meetingRoomParamsSchema,
        response: { 200: meetingMinutesSchema },
      },
    },
    async (request) => endMeetingOrThrow(db, actorOf(request), request.params.id),
  );
}
