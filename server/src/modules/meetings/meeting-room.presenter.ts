import type {
  IceServer,
  MeetingItem,
  MeetingMessage,
  MeetingMinutes,
  MeetingPeer,
  MeetingRoom,
  MeetingRoomRef,
  MeetingTask,
} from "@planerka/common";
import { meetingRoomMaxPeers } from "@planerka/common";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";
import type { ItemRow, MeetingContent, MessageRow, PeerRow, RoomRow, TaskRow } from "./meeting-room.queries";

export function presentRoomRef(room: RoomRow): MeetingRoomRef {
  return { id: room.id, kind: room.kind, subjectId: room.subjectId, title: room.title };
}

export function presentPeer(peer: PeerRow): MeetingPeer {
  return { peerId: peer.peerId, user: peer.user, seq: Number(peer.seq), joinedAt: toIso(peer.joinedAt) };
}

/** Anyone in the room removes their own lines; the chair removes anyone's. */
export function presentItem(item: ItemRow, viewer: { id: string; chair: boolean }): MeetingItem {
  return {
    id: item.id,
    kind: item.kind,
    body: item.body,
    author: item.author,
    done: item.done,
    doneBy: item.doneBy,
    createdAt: toIso(item.createdAt),
    abilities: { delete: viewer.chair || item.author.id === viewer.id },
  };
}

export function presentMessage(message: MessageRow): MeetingMessage {
  return { id: message.id, author: message.author, body: message.body, createdAt: toIso(message.createdAt) };
}

export function presentTask(task: TaskRow): MeetingTask {
  return { id: task.id, title: task.title, assignee: task.assignee, deadline: toIsoOrNull(task.deadline) };
}

export function presentRoom(
  room: RoomRow,
  content: MeetingContent,
  viewerId: string,
  iceServers: IceServer[],
): MeetingRoom {
  const viewer = { id: viewerId, chair: room.chair };
  return {
    room: presentRoomRef(room),
    meeting:
      room.openMeetingId === null || room.openMeetingStartedAt === null
        ? null
        : {
            id: room.openMeetingId,
            startedAt: toIso(room.openMeetingStartedAt),
            items: content.items.map((item) => presentItem(item, viewer)),
            messages: content.messages.map(presentMessage),
            tasks: content.tasks.map(presentTask),
            attendees: content.attendees,
          },
    peers: content.peers.map(presentPeer),
    iceServers,
    maxPeers: meetingRoomMaxPeers,
    abilities: { end: room.chair },
    minutes: content.minutes.map((entry) => entry.minutes as MeetingMinutes),
  };
}
