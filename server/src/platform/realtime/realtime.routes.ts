import { forbidden } from "../errors/problem";
import type { ApiApp } from "../http/api-app";
import { actorOf, isOwnOrigin } from "../http/guard";
import type { RealtimeGateway } from "./realtime-gateway";

/**
 * GET /api/v1/realtime upgrades to a WebSocket for the logged-in user (the guard has checked the
 * session). A page of another site cannot open it with our cookie: a foreign Origin is refused.
 */
export function realtimeRoutes(app: ApiApp, gateway: RealtimeGateway, options: { publicUrl?: string }) {
  // @fastify/websocket hides socket routes from the API description; this one is part of the API.
  app.addHook("onRoute", (route) => {
    if (route.url === "/api/v1/realtime" && route.schema) route.schema.hide = false;
  });
  app.get(
    "/api/v1/realtime",
    {
      websocket: true,
      config: { permission: "notifications" },
      schema: { tags: ["realtime"], description: "WebSocket: chat messages, notifications and their changes, pushed" },
      preValidation: async (request) => {
        const origin = request.headers.origin;
        if (origin && !isOwnOrigin(request, origin, options.publicUrl)) throw forbidden("Cross-site socket refused");
      },
    },
    (socket, request) => {
      void gateway.attach(socket, actorOf(request)).catch(() => socket.close(1011, "server error"));
    },
  );
}
