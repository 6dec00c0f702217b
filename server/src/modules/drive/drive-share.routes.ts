import { driveShareCreateSchema, driveShareLinkSchema, idParamsSchema, idSchema } from "@planerka/common";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { verifyPassword } from "../../platform/auth/password";
import { sendStoredFile } from "../../platform/files/send-file";
import type { ApiApp } from "../../platform/http/api-app";
import { actorOf, isOwnOrigin } from "../../platform/http/guard";
import { admitLoginAttempt, recordLoginSuccess } from "../auth/login-throttle";
import type { DriveDeps } from "./drive-deps";
import { storedContentOrThrow } from "./drive-file.service";
import {
  createShareLinkOrThrow,
  revokeShareLinkOrThrow,
  shareDownloadsOrThrow,
  shareLinksOrThrow,
} from "./drive-share.service";
import { closedPage, filePage, folderPage, passwordPage } from "./drive-share-page";
import {
  companyName,
  countDownload,
  type PublicLink,
  passwordProof,
  passwordProven,
  pathBelowShared,
  proofHours,
  publicLinkOf,
  publicListing,
  sharedFile,
} from "./drive-share-public.service";

const listQuerySchema = z.object({ fileId: idSchema.optional(), folderId: idSchema.optional() });
const downloadsSchema = z.object({
  items: z.array(z.object({ at: z.string(), fileName: z.string(), address: z.string().nullable() })),
});
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const proofCookie = "planerka_share";

/** Links for clients: made and revoked in the drive (API), opened without an account at /s/<token>. */
export function driveShareRoutes(app: ApiApp, { db, store, publicUrl }: DriveDeps) {
  const tags = ["drive"];
  const read = { config: { permission: "drive:read" as const } };
  const write = { config: { permission: "drive:write" as const } };
  app.post(
    "/api/v1/drive/links",
    { ...write, schema: { tags, body: driveShareCreateSchema, response: { 201: driveShareLinkSchema } } },
    async (request, reply) => {
      const origin = publicUrl ?? `${request.protocol}://${request.host}`;
      return reply.status(201).send(await createShareLinkOrThrow(db, actorOf(request), request.body, origin));
    },
  );
  app.get(
    "/api/v1/drive/links",
    {
      ...read,
      schema: {
        tags,
        querystring: listQuerySchema,
        response: { 200: z.object({ items: z.array(driveShareLinkSchema) }) },
      },
    },
    async (request) => ({ items: await shareLinksOrThrow(db, actorOf(request), request.query) }),
  );
  app.delete(
    "/api/v1/drive/links/:id",
    { ...write, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await revokeShareLinkOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/drive/links/:id/downloads",
    { ...read, schema: { tags, params: idParamsSchema, response: { 200: downloadsSchema } } },
    async (request) => ({ items: await shareDownloadsOrThrow(db, actorOf(request), request.params.id) }),
  );

  // The public side. Its addresses carry the secret, so the routes log only warnings and errors
  // (Fastify's request lines would write the token), and the page asks browsers to send no Referer.
  const open = { config: { permission: "public" as const }, logLevel: "warn" as const, schema: { hide: true } };
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.status(status).type("text/html; charset=utf-8").header("cache-control", "no-store").send(body);
  const closed = async (reply: FastifyReply, link: PublicLink | null) =>
    html(
      reply,
      link?.closed === "expired" || link?.closed === "revoked" ? 410 : 404,
      closedPage(await companyName(db)),
    );
  const base = (token: string) => `/s/${encodeURIComponent(token)}`;
  const proofOf = (request: FastifyRequest) => request.cookies[proofCookie];

  app.get(
    "/s/:token",
    {
      ...open,
      schema: {
        ...open.schema,
        params: z.object({ token: z.string().max(200) }),
        querystring: z.object({ folder: z.string().max(100).optional() }),
      },
    },
    async (request, reply) => {
      const { token } = request.params;
      const link = await publicLinkOf(db, token);
      if (!link || link.closed) return closed(reply, link);
      const company = await companyName(db);
      if (!passwordProven(link, proofOf(request))) return html(reply, 200, passwordPage(company, base(token), null));
      if (link.fileId !== null) {
        const file = await sharedFile(db, link, link.fileId);
        return file ? html(reply, 200, filePage(company, base(token), file)) : closed(reply, link);
      }
      const folderId = request.query.folder ?? link.folderId!;
      const path = uuidPattern.test(folderId) ? await pathBelowShared(db, link.folderId!, folderId) : null;
      if (!path) return closed(reply, link);
      return html(reply, 200, folderPage(company, base(token), path, await publicListing(db, folderId)));
    },
  );

  app.register(async (scope) => {
    // The password form posts urlencoded; only here, and small.
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 4096 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      "/s/:token",
      {
        ...open,
        schema: {
          ...open.schema,
          params: z.object({ token: z.string().max(200) }),
          body: z.object({ password: z.string().max(200).default("") }),
        },
      },
      async (request, reply) => {
        const { token } = request.params;
        const origin = request.headers.origin;
        // A password form posted from another site could fix a proof cookie in the client's browser.
        if (origin && origin !== "null" && !isOwnOrigin(request, origin, publicUrl)) return reply.status(403).send();
        const link = await publicLinkOf(db, token);
        if (!link || link.closed) return closed(reply, link);
        const company = await companyName(db);
        if (link.passwordHash === null) return reply.redirect(base(token), 303);
        // Guesses are counted as logins are, in the database: every process sees the same ones, and
        // a link guessed from many addresses slows down for all of them.
        const throttleKey = `share-link:${link.id}`;
        const admission = await admitLoginAttempt(db, throttleKey, request.ip);
        if (!admission.admitted) {
          reply.header("retry-after", String(admission.retryAfter));
          const minutes = Math.ceil(admission.retryAfter / 60);
          return html(
            reply,
            429,
            passwordPage(company, base(token), `Слишком много попыток. Попробуйте через ${minutes} мин.`),
          );
        }
        if (!(await verifyPassword(link.passwordHash, request.body.password)))
          return html(reply, 401, passwordPage(company, base(token), "Неверный пароль"));
        await db.transaction((tx) => recordLoginSuccess(tx, throttleKey, request.ip, admission.attemptId));
        reply.setCookie(proofCookie, passwordProof(link), {
          path: base(token),
          httpOnly: true,
          sameSite: "lax",
          secure: request.protocol === "https",
          maxAge: proofHours * 3600,
        });
        return reply.redirect(base(token), 303);
      },
    );
  });

  app.get(
    "/s/:token/files/:fileId",
    {
      ...open,
      // A HEAD would run the download and count it.
      exposeHeadRoute: false,
      schema: { ...open.schema, params: z.object({ token: z.string().max(200), fileId: z.string().max(100) }) },
    },
    async (request, reply) => {
      const { token, fileId } = request.params;
      const link = await publicLinkOf(db, token);
      if (!link || link.closed || !uuidPattern.test(fileId)) return closed(reply, link);
      if (!passwordProven(link, proofOf(request))) return reply.redirect(base(token), 303);
      const file = await sharedFile(db, link, fileId);
      if (!file) return closed(reply, null);
      // The bytes are opened first: a download is counted only when there is something to send.
      const content = await storedContentOrThrow(db, file);
      const body = await store.read(content.storageKey);
      const counted = await countDownload(db, link, file, {
        address: request.ip ?? null,
        userAgent: request.headers["user-agent"] ?? null,
      });
      if (!counted) {
        body.destroy();
        return closed(reply, link);
      }
      return sendStoredFile(reply, {
        name: content.name,
        mimeType: content.mimeType,
        disposition: "attachment",
        size: content.size,
        body,
      });
    },
  );
}
