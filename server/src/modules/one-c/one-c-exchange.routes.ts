import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { idParamsSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { apiTokenPrefix } from "../../platform/auth/authenticate";
import { hashSecret } from "../../platform/auth/tokens";
import { type Database, rows } from "../../platform/db/database";
import { AppError } from "../../platform/errors/problem";
import type { ApiApp } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { verifyLoginOrThrow } from "../auth/auth.service";
import { getSettingsOrThrow } from "../settings/settings.service";
import { writeCommerceMlOrders } from "./commerceml-writer";
import { exchangePath } from "./one-c.service";
import {
  type ExchangeSession,
  exchangeCookieName,
  failSession,
  findExchangeSession,
  importFileOrThrow,
  openExchangeSessionOrThrow,
  removeOldExchangeFiles,
  rerunSessionOrThrow,
  saveFiles,
} from "./one-c-exchange.service";
import {
  appendPartOrThrow,
  ExchangeFileError,
  exchangeLimits,
  safeFileNameOrThrow,
  sessionFolder,
} from "./one-c-exchange-files";
import { exportOrders } from "./one-c-query";

const querySchema = z.object({
  type: z.string().max(20).optional(),
  mode: z.string().max(20).optional(),
  filename: z.string().max(300).optional(),
});

/** 1C reads the first line: `success`, `progress` or `failure`, then its reason. */
function answer(reply: FastifyReply, lines: string[], status = 200) {
  return reply.status(status).type("text/plain; charset=utf-8").send(lines.join("\n"));
}

/** Basic credentials: a login with its password (throttled like the login page) or an API token. */
async function exchangeUserOrThrow(db: Database, request: FastifyRequest): Promise<string> {
  const header = request.headers.authorization ?? "";
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (!basic) throw new ExchangeFileError("Нужна авторизация: логин и пароль администратора Planerka", 401);
  const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const login = decoded.slice(0, Math.max(colon, 0)).trim().toLowerCase();
  const secret = decoded.slice(colon + 1);
  if (colon < 1 || !secret) throw new ExchangeFileError("Неверный логин или пароль");
  if (secret.startsWith(apiTokenPrefix)) {
    const [row] = await rows<{ id: string }>(
      db,
      sql`select u.id from api_tokens t join users u on u.id = t.user_id
          where t.token_hash = ${hashSecret(secret)} and t.revoked_at is null and lower(u.login) = ${login}
            and (t.expires_at is null or t.expires_at > now()) and u.active and u.role = 'admin'
            and 'integrations:1c' = any(t.scopes)`,
    );
    if (!row) throw new ExchangeFileError("Неверный логин или токен, или у токена нет права «Обмен с 1С»");
    return row.id;
  }
  try {
    const { userId } = await verifyLoginOrThrow(db, { login, password: secret }, { ip: request.ip });
    const [user] = await rows<{ role: string }>(db, sql`select role from users where id = ${userId}`);
    if (user?.role !== "admin") throw new ExchangeFileError("Обмен с 1С доступен только администратору Planerka");
    return userId;
  } catch (error) {
    if (error instanceof AppError && error.status === 429)
      throw new ExchangeFileError("Слишком много неудачных попыток входа; повторите позже", 429);
    if (error instanceof AppError) throw new ExchangeFileError("Неверный логин или пароль");
    throw error;
  }
}

/**
 * The CommerceML exchange as 1C's «Обмен с сайтом» drives it: checkauth → init → file (in parts)
 * → import (`progress` until done) → query → success. Its own authentication (Basic, then the
 * cookie checkauth gave), so the route is public to the guard; bodies are raw bytes streamed to disk.
 */
export function oneCExchangeRoutes(app: ApiApp, deps: { db: Database; exchangeDir?: string }) {
  const { db } = deps;
  const root = deps.exchangeDir ?? mkdtempSync(path.join(os.tmpdir(), "planerka-1c-"));
  app.post(
    "/api/v1/integrations/1c/sessions/:id/rerun",
    {
      config: { permission: "integrations:1c" },
      schema: {
        tags: ["1c"],
        description:
          "«Повторить»: applies a 1C session's kept files again in a new session (changes nothing already applied)",
        params: idParamsSchema,
        response: { 200: z.object({ id: z.uuid() }) },
      },
    },
    async (request) => rerunSessionOrThrow(db, root, request.params.id, actorOf(request).user.id),
  );
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // The handler reads the raw request itself, so a large file never passes through memory.
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null, undefined));
    const handler = async (
      request: FastifyRequest<{ Querystring: z.infer<typeof querySchema> }>,
      reply: FastifyReply,
    ) => {
      const { mode = "", type = "sale" } = request.query;
      let session: ExchangeSession | null = null;
      try {
        if (mode === "checkauth") {
          const userId = await exchangeUserOrThrow(db, request);
          const secret = await openExchangeSessionOrThrow(db, userId, type === "catalog" ? "catalog" : "sale");
          await removeOldExchangeFiles(db, root);
          return answer(reply, ["success", exchangeCookieName, secret]);
        }
        session = await findExchangeSession(db, request.cookies[exchangeCookieName]);
        if (!session)
          return answer(reply, ["failure", "Сеанс обмена не найден или истёк: нужна авторизация (checkauth)"]);
        if (mode === "init") return answer(reply, ["zip=yes", `file_limit=${exchangeLimits.fileLimit}`]);
        if (mode === "file") {
          const name = safeFileNameOrThrow(request.query.filename);
          const size = await appendPartOrThrow(sessionFolder(root, session.id), name, request.raw);
          const files = session.files.filter((file) => file.name !== name);
          files.push({ name, size, applied: false });
          await saveFiles(db, session.id, files);
          return answer(reply, ["success"]);
        }
        if (mode === "import") {
          const name = safeFileNameOrThrow(request.query.filename);
          const result = await importFileOrThrow(db, root, session, name);
          if (!result.done) return answer(reply, ["progress", `Обработано ${result.offset} из ${result.total}`]);
          return answer(reply, ["success", `Загружено ${result.total}`]);
        }
        if (mode === "query") {
          const { timeZone } = await getSettingsOrThrow(db);
          const orders = await exportOrders(db, session.id);
          reply.type("application/xml; charset=utf-8");
          return reply.send(Readable.from(writeCommerceMlOrders(orders, new Date(), timeZone)));
        }
        if (mode === "success") {
          await db.transaction(async (tx) => {
            await tx.execute(
              sql`update one_c_state set query_watermark = coalesce(
                    (select query_until from one_c_sessions where id = ${session!.id}), query_watermark),
                    last_success_at = now() where id = 1`,
            );
            await tx.execute(
              sql`update one_c_sessions set status = 'succeeded', finished_at = now() where id = ${session!.id}`,
            );
          });
          return answer(reply, ["success"]);
        }
        return answer(reply, ["failure", `Неизвестный режим обмена: «${mode.slice(0, 20)}»`]);
      } catch (error) {
        if (error instanceof ExchangeFileError || error instanceof AppError) {
          const status = error instanceof ExchangeFileError ? error.status : error.status === 422 ? 200 : error.status;
          const reason = error.message;
          if (session && mode === "import") await failSession(db, session.id, reason);
          if (status === 401) reply.header("WWW-Authenticate", 'Basic realm="Planerka 1C", charset="UTF-8"');
          return answer(reply, ["failure", reason], status);
        }
        throw error;
      }
    };
    for (const method of ["GET", "POST"] as const) {
      scope.route({
        method,
        url: exchangePath,
        config: { permission: "public" },
        schema: {
          tags: ["1c"],
          description:
            "The CommerceML 2 exchange 1C:Enterprise starts (type=sale|catalog, mode=checkauth|init|file|import|query|success). " +
            "Answers are text lines as 1C expects; checkauth takes HTTP Basic credentials of an administrator (password or an API token with integrations:1c).",
          querystring: querySchema,
        },
        handler,
      });
    }
  });
}
