import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";
import { conversationSearchSchema } from "./chat-search";

export type { ConversationSearch } from "./chat-search";

const chatRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/chat",
  component: lazyRouteComponent(() => import("./chat-page"), "ChatPage"),
});

const chatIndexRoute = createRoute({
  getParentRoute: () => chatRoute,
  path: "/",
  component: lazyRouteComponent(() => import("./chat-page"), "NoChatChosen"),
});

const conversationRoute = createRoute({
  getParentRoute: () => chatRoute,
  path: "$chatId",
  validateSearch: conversationSearchSchema,
  component: lazyRouteComponent(() => import("./chat-page"), "ConversationPage"),
});

/** The chat: the list with the chosen conversation beside it (one at a time on a phone). */
export const chatRoutes = [chatRoute.addChildren([chatIndexRoute, conversationRoute])] as const;
