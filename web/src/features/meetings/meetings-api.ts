import {
  type MeetingItemKind,
  type MeetingRoom,
  type MeetingTaskInput,
  meetingItemSchema,
  meetingMessageSchema,
  meetingMinutesSchema,
  meetingRoomLookupResultSchema,
  meetingRoomRefSchema,
  meetingRoomSchema,
  meetingTaskSchema,
} from "@planerka/common";
import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, apiVoid } from "../../lib/api";

/** The room as loaded, with when the load started: a peer that joined before it is in its list. */
export type LoadedRoom = MeetingRoom & { loadStartedAt: number };

export function meetingRoomQuery(roomId: string) {
  return queryOptions({
    queryKey: ["meeting-rooms", "one", roomId],
    queryFn: async ({ signal }): Promise<LoadedRoom> => {
      const loadStartedAt = Date.now();
      return { ...(await api(`/meeting-rooms/${roomId}`, meetingRoomSchema, { signal })), loadStartedAt };
    },
  });
}

export type MeetingSubject = { eventId: string } | { groupId: string };

/** The event card's and the group page's view of their room and minutes. */
export function meetingLookupQuery(subject: MeetingSubject) {
  return queryOptions({
    queryKey: ["meeting-rooms", "lookup", subject],
    queryFn: ({ signal }) => api("/meeting-rooms", meetingRoomLookupResultSchema, { signal, query: subject }),
  });
}

export function openMeetingRoom(subject: MeetingSubject) {
  return api("/meeting-rooms", meetingRoomRefSchema, { method: "POST", json: subject });
}

export function addMeetingItem(roomId: string, kind: MeetingItemKind, body: string) {
  return api(`/meeting-rooms/${roomId}/items`, meetingItemSchema, { method: "POST", json: { kind, body } });
}

export function setMeetingItemDone(roomId: string, itemId: string, done: boolean) {
  return api(`/meeting-rooms/${roomId}/items/${itemId}`, meetingItemSchema, { method: "PATCH", json: { done } });
}

export function deleteMeetingItem(roomId: string, itemId: string) {
  return apiVoid(`/meeting-rooms/${roomId}/items/${itemId}`, { method: "DELETE" });
}

export function postMeetingMessage(roomId: string, body: string) {
  return api(`/meeting-rooms/${roomId}/messages`, meetingMessageSchema, { method: "POST", json: { body } });
}

export function addMeetingTask(roomId: string, input: MeetingTaskInput) {
  return api(`/meeting-rooms/${roomId}/tasks`, meetingTaskSchema, { method: "POST", json: input });
}

export function endMeeting(roomId: string) {
  return api(`/meeting-rooms/${roomId}/end`, meetingMinutesSchema, { method: "POST" });
}

export function refreshMeetingRoom(queryClient: QueryClient, roomId: string) {
  void queryClient.invalidateQueries({ queryKey: ["meeting-rooms", "one", roomId] });
  void queryClient.invalidateQueries({ queryKey: ["meeting-rooms", "lookup"] });
}
