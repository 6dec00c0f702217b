import { loginSchema, meSchema, profilePatchSchema, setupSchema, setupStatusSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { actorForUser } from "../../platform/auth/authenticate";
import { rows } from "../../platform/db/database";
import type { AppError } from "../../platform/errors/problem";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { updateOwnProfileOrThrow } from "../org/user.service";
import {
  loginOrThrow,
  logout,
  needsSetup,
  presentMe,
  sessionCookieName,
  sessionLifetimeDays,
  setupCompanyOrThrow,
} from "./auth.service";

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string, publicUrl?: string) {
  reply.setCookie(sessionCookieName, secret, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: request.protocol === "https" || Boolean(publicUrl?.startsWith("https:")),
    maxAge: sessionLifetimeDays * 86_400,
  });
}

export function authRoutes(app: ApiApp, { db, publicUrl }: ModuleDeps & { publicUrl?: string }) {
  app.post(
    "/api/v1/auth/login",
    {
      config: { permission: "public" },
      schema: { tags: ["auth"], body: loginSchema, response: { 200: meSchema } },
    },
    async (request, reply) => {
      try {
        const { secret, userId } = await loginOrThrow(db, request.body, {
          ip: request.ip,
          userAgent: request.headers["user-agent"],
        });
        setSessionCookie(request, reply, secret, publicUrl);
        return presentMe(db, await actorForUser(db, userId));
      } catch (error) {
        const retryAfter = (error as AppError & { retryAfter?: number }).retryAfter;
        if (retryAfter) reply.header("retry-after", String(retryAfter));
        throw error;
      }
    },
  );

  app.post(
    "/api/v1/auth/logout",
    { config: { permission: "public" }, schema: { tags: ["auth"], response: { 204: z.null() } } },
    async (request, reply) => {
      await logout(db, request.actor);
      reply.clearCookie(sessionCookieName, { path: "/" });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/me",
    { config: { permission: "session" }, schema: { tags: ["auth"], response: { 200: meSchema } } },
    async (request) => presentMe(db, actorOf(request)),
  );

  app.patch(
    "/api/v1/me",
    {
      config: { permission: "profile:write" },
      schema: { tags: ["auth"], body: profilePatchSchema, response: { 200: meSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      await updateOwnProfileOrThrow(db, actor, request.body);
      return presentMe(db, actor);
    },
  );

  app.get(
    "/api/v1/setup",
    { config: { permission: "public" }, schema: { tags: ["auth"], response: { 200: setupStatusSchema } } },
    async () => {
      const [settings] = await rows<{ company_name: string }>(
        db,
        sql`select company_name from company_settings where id = 1`,
      );
      return { needsSetup: await needsSetup(db), companyName: settings?.company_name ?? null };
    },
  );

  app.post(
    "/api/v1/setup",
    { config: { permission: "public" }, schema: { tags: ["auth"], body: setupSchema, response: { 201: meSchema } } },
    async (request, reply) => {
      await setupCompanyOrThrow(db, request.body);
      const { secret, userId } = await loginOrThrow(db, request.body, {
        ip: request.ip,
        userAgent: request.headers["user-agent"],
      });
      setSessionCookie(request, reply, secret, publicUrl);
      return reply.status(201).send(await presentMe(db, await actorForUser(db, userId)));
    },
  );
}
