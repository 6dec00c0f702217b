import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { z } from "zod";
import { appRoute } from "../../lib/route-base";
import { optionalId } from "../../lib/search-params";

/** A room's page; `?minutes=<meeting id>` opens that meeting's minutes (a notification links there). */
export const meetingRoomSearchSchema = z.object({ minutes: optionalId });

const meetingRoomRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/meetings/$roomId",
  validateSearch: meetingRoomSearchSchema,
  component: lazyRouteComponent(() => import("./meeting-room-page"), "MeetingRoomPage"),
});

/** Online meetings: the room of an event or a group. */
export const meetingRoutes = [meetingRoomRoute] as const;
