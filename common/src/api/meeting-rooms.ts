import { z } from "zod";
import { instantSchema } from "../calendar";
import { idSchema, text } from "./shared";
import { personRefSchema } from "./tasks";

/**
 * Online meetings (issue #22): a room for a calendar event or a group; video and audio go between
 * the participants' browsers (a WebRTC mesh), the server only relays the signalling over the
 * real-time socket and keeps the agenda, questions, decisions, chat, tasks and the minutes.
 */

/** A mesh: every browser sends its video to every other one, which stops being usable past eight. */
export const meetingRoomMaxPeers = 8;

export const meetingItemKinds = ["agenda", "question", "decision"] as const;
export type MeetingItemKind = (typeof meetingItemKinds)[number];

/** The room of an event or of a group: exactly one of them. */
export const meetingRoomSubjectSchema = z
  .strictObject({ eventId: idSchema.optional(), groupId: idSchema.optional() })
  .refine((value) => (value.eventId === undefined) !== (value.groupId === undefined), {
    path: ["eventId"],
    message: "Name either an event or a group",
  });
export const meetingRoomLookupSchema = z
  .object({ eventId: idSchema.optional(), groupId: idSchema.optional() })
  .refine((value) => (value.eventId === undefined) !== (value.groupId === undefined), {
    path: ["eventId"],
    message: "Name either an event or a group",
  });

export const meetingRoomParamsSchema = z.object({ id: idSchema });
export const meetingItemParamsSchema = z.object({ id: idSchema, itemId: idSchema });

export const meetingRoomRefSchema = z.object({
  id: idSchema,
  kind: z.enum(["event", "group"]),
  /** The event's or the group's id. */
  subjectId: idSchema,
  title: z.string(),
});
export type MeetingRoomRef = z.infer<typeof meetingRoomRefSchema>;

/** One entry of RTCConfiguration.iceServers, as the server's configuration gives it. */
export const iceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;

/** A browser tab in the room now. The peer that joined later (`seq`) makes the WebRTC offer. */
export const meetingPeerSchema = z.object({
  peerId: idSchema,
  user: personRefSchema,
  seq: z.number().int(),
  joinedAt: z.string(),
});
export type MeetingPeer = z.infer<typeof meetingPeerSchema>;

export const meetingItemSchema = z.object({
  id: idSchema,
  kind: z.enum(meetingItemKinds),
  body: z.string(),
  author: personRefSchema,
  /** An agenda item ticked off, a question answered. */
  done: z.boolean(),
  doneBy: personRefSchema.nullable(),
  createdAt: z.string(),
  abilities: z.object({ delete: z.boolean() }),
});
export type MeetingItem = z.infer<typeof meetingItemSchema>;

export const meetingMessageSchema = z.object({
  id: idSchema,
  author: personRefSchema,
  body: z.string(),
  createdAt: z.string(),
});
export type MeetingMessage = z.infer<typeof meetingMessageSchema>;

export const meetingTaskSchema = z.object({
  id: idSchema,
  title: z.string(),
  assignee: personRefSchema,
  deadline: z.string().nullable(),
});
export type MeetingTask = z.infer<typeof meetingTaskSchema>;

/** What «Завершить встречу» records, frozen as it was then. */
export const meetingMinutesSchema = z.object({
  meetingId: idSchema,
  roomId: idSchema,
  title: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  endedBy: personRefSchema,
  attendees: z.array(personRefSchema),
  agenda: z.array(z.object({ body: z.string(), done: z.boolean() })),
  questions: z.array(z.object({ body: z.string(), answered: z.boolean() })),
  decisions: z.array(z.string()),
  tasks: z.array(meetingTaskSchema),
});
export type MeetingMinutes = z.infer<typeof meetingMinutesSchema>;

export const meetingRoomSchema = z.object({
  room: meetingRoomRefSchema,
  /** The meeting going on (null between meetings: the next join or agenda item starts one). */
  meeting: z
    .object({
      id: idSchema,
      startedAt: z.string(),
      items: z.array(meetingItemSchema),
      messages: z.array(meetingMessageSchema),
      tasks: z.array(meetingTaskSchema),
      attendees: z.array(personRefSchema),
    })
    .nullable(),
  peers: z.array(meetingPeerSchema),
  iceServers: z.array(iceServerSchema),
  maxPeers: z.number().int(),
  abilities: z.object({ end: z.boolean() }),
  /** Earlier meetings' minutes, newest first (the last 20). */
  minutes: z.array(meetingMinutesSchema),
});
export type MeetingRoom = z.infer<typeof meetingRoomSchema>;

/** The event card's and the group page's view: the room if there is one, and its minutes. */
export const meetingRoomLookupResultSchema = z.object({
  room: meetingRoomRefSchema.extend({ peerCount: z.number().int() }).nullable(),
  minutes: z.array(meetingMinutesSchema),
});
export type MeetingRoomLookup = z.infer<typeof meetingRoomLookupResultSchema>;

export const meetingItemWriteSchema = z.strictObject({ kind: z.enum(meetingItemKinds), body: text(1000) });
export const meetingItemPatchSchema = z.strictObject({ done: z.boolean() });
export const meetingMessageWriteSchema = z.strictObject({ body: text(4000) });
export const meetingTaskWriteSchema = z.strictObject({
  title: text(300),
  assigneeId: idSchema,
  deadline: instantSchema.nullable().optional(),
});
export type MeetingTaskInput = z.infer<typeof meetingTaskWriteSchema>;

// Signalling over /api/v1/realtime. The server checks on every frame that the sender may be in the
// room and has joined it, and that the addressee is in the same room.

const sdpMaxChars = 30_000;
export const meetingSignalSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("description"),
    description: z.strictObject({ type: z.enum(["offer", "answer"]), sdp: z.string().min(1).max(sdpMaxChars) }),
  }),
  z.strictObject({
    kind: z.literal("candidate"),
    candidate: z.strictObject({
      candidate: z.string().max(2000),
      sdpMid: z.string().max(64).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(255).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
]);
export type MeetingSignal = z.infer<typeof meetingSignalSchema>;

/** Client → server frames of a meeting room. */
export const meetingClientFrameSchema = z.discriminatedUnion("type", [
  /** The room's page is open: hear of its changes (who is in it, agenda, chat, the end). */
  z.strictObject({ type: z.literal("meeting_watch"), roomId: idSchema }),
  z.strictObject({ type: z.literal("meeting_unwatch"), roomId: idSchema }),
  /** Camera and microphone on: become a peer of the room. */
  z.strictObject({ type: z.literal("meeting_join"), roomId: idSchema }),
  z.strictObject({ type: z.literal("meeting_leave"), roomId: idSchema }),
  z.strictObject({
    type: z.literal("meeting_signal"),
    roomId: idSchema,
    toPeerId: idSchema,
    signal: meetingSignalSchema,
  }),
]);
export type MeetingClientFrame = z.infer<typeof meetingClientFrameSchema>;

/** Why a frame was refused: no such room for the caller (or a peer not in it), the room is full, a malformed frame. */
export type MeetingRefusal = "not_found" | "full" | "invalid";

/** Server → client frames of a meeting room (part of `RealtimeFrame`). */
export type MeetingRealtimeFrame =
  | { type: "meeting_joined"; roomId: string; peerId: string; peers: MeetingPeer[] }
  | { type: "meeting_refused"; roomId: string | null; reason: MeetingRefusal }
  /** Someone joined or left, or the agenda, chat, tasks or the meeting itself changed: reload. */
  | { type: "meeting_changed"; roomId: string; peers: MeetingPeer[] }
  | { type: "meeting_signal"; roomId: string; fromPeerId: string; toPeerId: string; signal: MeetingSignal };
