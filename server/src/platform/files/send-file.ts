import type { Readable } from "node:stream";
import type { FastifyReply } from "fastify";
import { contentDisposition } from "./file-names";

/**
 * The one way a stored file goes back to a browser: its stored type never sniffed (`nosniff`), an
 * attachment unless the caller decided it is safe inline (pictures, PDF — never SVG or HTML), and
 * never cached by shared caches.
 */
export function sendStoredFile(
  reply: FastifyReply,
  file: {
    name: string;
    mimeType: string;
    body: Buffer | Readable;
    disposition?: "inline" | "attachment";
    size?: number;
    range?: { start: number; end: number; total: number };
  },
) {
  const disposition = file.disposition ?? "attachment";
  reply
    .type(file.mimeType)
    .header("content-disposition", contentDisposition(disposition, file.name))
    .header("x-content-type-options", "nosniff")
    .header("cache-control", "private, no-store");
  // An inline picture opened on its own still runs nothing: a sandboxed document with no sources.
  if (disposition === "inline" && file.mimeType.startsWith("image/"))
    reply.header("content-security-policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
  if (file.range) {
    reply
      .status(206)
      .header("content-range", `bytes ${file.range.start}-${file.range.end}/${file.range.total}`)
      .header("content-length", file.range.end - file.range.start + 1);
  } else if (file.size !== undefined) reply.header("content-length", file.size);
  if (file.size !== undefined) reply.header("accept-ranges", "bytes");
  return reply.send(file.body);
}

/** One `bytes=a-b` range of a file of `size` bytes; null when absent, unsatisfiable or several. */
export function parseByteRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || size === 0) return null;
  const [, from, to] = match;
  if (from === "" && to === "") return null;
  const start = from === "" ? Math.max(0, size - Number(to)) : Number(from);
  const end = from === "" || to === "" ? size - 1 : Math.min(Number(to), size - 1);
  return start <= end && start < size ? { start, end } : null;
}
