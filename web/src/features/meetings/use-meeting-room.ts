import type { IceServer } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, useSyncExternalStore } from "react";
import { realtime } from "../../lib/realtime";
import { MeetingMesh } from "./meeting-mesh";
import { refreshMeetingRoom } from "./meetings-api";

/**
 * While a room's page is open it watches the room over the socket (again after a reconnect) and
 * reloads it on every change: who joined or left, the agenda, the chat, the tasks, the end.
 */
export function useMeetingRoomWatch(roomId: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const watch = () => realtime.send({ type: "meeting_watch", roomId });
    watch();
    const offStatus = realtime.onStatus((connected) => {
      if (connected) {
        watch();
        refreshMeetingRoom(queryClient, roomId);
      }
    });
    const offFrames = realtime.subscribe((frame) => {
      if (frame.type === "meeting_changed" && frame.roomId === roomId) refreshMeetingRoom(queryClient, roomId);
    });
    return () => {
      offStatus();
      offFrames();
      realtime.send({ type: "meeting_unwatch", roomId });
    };
  }, [roomId, queryClient]);
}

/** The tab's WebRTC mesh in the room, left (camera and microphone let go) when the page closes. */
export function useMeetingMesh(roomId: string, iceServers: IceServer[]): MeetingMesh {
  const [mesh] = useState(() => new MeetingMesh(roomId, iceServers));
  useSyncExternalStore(
    (listener) => mesh.onChange(listener),
    () => mesh.version,
  );
  useEffect(() => {
    const leave = () => mesh.leave();
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      mesh.leave();
    };
  }, [mesh]);
  return mesh;
}
