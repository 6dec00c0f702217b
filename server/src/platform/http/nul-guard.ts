import type { FastifyInstance } from "fastify";
import { AppError } from "../errors/problem";

const maxReported = 100;
const message = "Must not contain the NUL character (U+0000)";

/** The paths (`body.items.0.name`) of the strings and keys under `value` that hold a NUL. */
function nulPaths(location: string, value: unknown): string[] {
  const found: string[] = [];
  // A loop, not recursion: a body may nest thousands of levels deep.
  const pending: [string, unknown][] = [[location, value]];
  while (pending.length > 0 && found.length < maxReported) {
    const [path, node] = pending.pop()!;
    if (typeof node === "string") {
      if (node.includes("\0")) found.push(path);
    } else if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) pending.push([`${path}.${index}`, item]);
    } else if (node !== null && typeof node === "object" && !Buffer.isBuffer(node)) {
      for (const [key, item] of Object.entries(node)) {
        if (key.includes("\0")) found.push(`${path}.${JSON.stringify(key).slice(1, -1)}`);
        pending.push([`${path}.${key}`, item]);
      }
    }
  }
  return found.sort();
}

/** A 400 naming every field under `parts` (location → value) that holds a NUL. */
export function refuseNulOrThrow(parts: Record<string, unknown>) {
  const paths = Object.entries(parts).flatMap(([location, value]) => nulPaths(location, value));
  if (paths.length === 0) return;
  throw new AppError(
    400,
    "Bad Request",
    paths.map((path) => `${path}: ${message}`).join("; "),
    paths.map((path) => ({ path, message })),
  );
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000, so a NUL would fail a query (a 500) wherever a
 * string reaches the database. Refused here once for every route, in the path, the query and a JSON
 * body, before the schemas run: a 400 naming each field. (Multipart text fields, read by their
 * handlers, call `refuseNulOrThrow` themselves.)
 */
export function registerNulGuard(app: FastifyInstance) {
  app.addHook("preValidation", async (request) => {
    refuseNulOrThrow({ params: request.params, query: request.query, body: request.body });
  });
}
