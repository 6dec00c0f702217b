import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";

const feedRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/feed",
  component: lazyRouteComponent(() => import("./feed-page"), "FeedPage"),
});

const feedPostRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/feed/$postId",
  component: lazyRouteComponent(() => import("./feed-page"), "FeedPostPage"),
});

/** «Живая лента»: the feed and one post. */
export const feedRoutes = [feedRoute, feedPostRoute] as const;
