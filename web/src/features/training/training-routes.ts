import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";
import { courseSearchSchema } from "./course-search";
import { trainingSearchSchema } from "./training-search";

const trainingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/training",
  validateSearch: trainingSearchSchema,
  component: lazyRouteComponent(() => import("./training-page"), "TrainingPage"),
});

const salesBookArticleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/training/book/$articleId",
  component: lazyRouteComponent(() => import("./sales-book-article-page"), "SalesBookArticlePage"),
});

const attestationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/training/attestations/$attestationId",
  component: lazyRouteComponent(() => import("./attestation-page"), "AttestationPage"),
});

const courseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/training/courses/$courseId",
  validateSearch: courseSearchSchema,
  component: lazyRouteComponent(() => import("./course-page"), "CoursePage"),
});

const courseEditorRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/training/courses/$courseId/edit",
  component: lazyRouteComponent(() => import("./course-editor-page"), "CourseEditorPage"),
});

const attemptRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/training/attempts/$attemptId",
  component: lazyRouteComponent(() => import("./attempt-page"), "AttemptPage"),
});

/** «Обучение»: the hub with its tabs, articles of the sales book, courses, attempts and attestations. */
export const trainingRoutes = [
  trainingRoute,
  salesBookArticleRoute,
  attestationRoute,
  courseRoute,
  courseEditorRoute,
  attemptRoute,
] as const;
