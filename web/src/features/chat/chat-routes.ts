import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute, optionalString } from "../../lib/route-base";

export interface ConversationSearch {
  /** A message to scroll to and highlight (a search result). */
  m?: string;
}

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
  validateSearch: (search: Record<string, unknown>): ConversationSearch => ({ m: optionalString(search.m) }),
  component: lazyRouteComponent(() => import("./chat-page"), "ConversationPage"),
});

/** The chat: the list with the chosen conversation beside it (one at a time on a phone). */
export const chatRoutes = [chatRoute.addChildren([chatIndexRoute, conversationRoute])] as const;
