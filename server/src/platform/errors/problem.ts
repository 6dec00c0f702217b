import type { Problem } from "@planerka/common";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";

/**
 * One thing wrong with a request: where, in English, and for messages a client translates (imports),
 * a stable `code` with its `params`.
 */
export interface ProblemEntry {
  path: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** An error the client caused or may see; everything else is logged and answered as a bare 500. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: ProblemEntry[],
    /** A URI naming the kind of problem, for clients that react to one kind (e.g. a stale version). */
    readonly type = "about:blank",
  ) {
    super(detail ?? title);
  }
}

export const problemTypes = {
  staleVersion: "urn:planerka:problem:stale-version",
  taken: "urn:planerka:problem:taken",
} as const;

export const notFound = (detail = "Not found or no access") => new AppError(404, "Not Found", detail);
export const conflict = (detail: string) => new AppError(409, "Conflict", detail);
export const forbidden = (detail = "Not allowed") => new AppError(403, "Forbidden", detail);
export const unauthorized = (detail = "Log in first") => new AppError(401, "Unauthorized", detail);
export const invalid = (
  path: string,
  message: string,
  translatable?: { code: string; params?: Record<string, string | number> },
) => new AppError(422, "Unprocessable Entity", `${path}: ${message}`, [{ path, message, ...translatable }]);
export const staleVersion = () =>
  new AppError(
    409,
    "Conflict",
    "The record was changed by someone else; reload it and apply your change again",
    undefined,
    problemTypes.staleVersion,
  );
/** A unique value (login, code, external id) already belongs to another record. */
export const taken = (path: string, detail: string) =>
  new AppError(409, "Conflict", detail, [{ path, message: detail }], problemTypes.taken);

function send(reply: FastifyReply, problem: Problem) {
  return reply.status(problem.status).type("application/problem+json").send(problem);
}

export function problemErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return send(reply, {
      type: error.type,
      title: error.title,
      status: error.status,
      detail: error.detail,
      errors: error.errors,
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => {
      const location = (error.validationContext ?? "body").replace(/^querystring$/, "query");
      const field =
        issue.instancePath.replace(/^\//, "").replaceAll("/", ".") ||
        (issue.params as { issue?: { keys?: string[] } })?.issue?.keys?.join(",") ||
        "";
      return { path: field ? `${location}.${field}` : location, message: issue.message ?? "Invalid value" };
    });
    return send(reply, {
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: errors.map((entry) => `${entry.path}: ${entry.message}`).join("; "),
      errors,
    });
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, "response did not match its schema");
    return send(reply, { type: "about:blank", title: "Internal Server Error", status: 500 });
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error }, "request failed");
    return send(reply, { type: "about:blank", title: "Internal Server Error", status: 500 });
  }
  // Fastify's own client errors: broken JSON, wrong content type, body too large, …
  return send(reply, { type: "about:blank", title: error.name || "Bad Request", status, detail: error.message });
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return send(reply, {
    type: "about:blank",
    title: "Not Found",
    status: 404,
    detail: `No route ${request.method} ${request.url.split("?")[0]}`,
  });
}
