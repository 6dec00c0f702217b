import type { IncomingMessage } from "node:http";
import fastifyHelmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

/** A Host header as browsers send it: a name or IPv4 address, or a bracketed IPv6 one, and a port. */
const hostPattern = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The page's own origin for WebSockets (the real-time socket connects to `ws(s)://location.host`):
 * the Host the browser asked for, and the public URL's. Never any ws:/wss: host, so injected script
 * could not open a socket to somewhere else.
 */
export function ownSocketSources(request: IncomingMessage, publicUrl: string | undefined): string[] {
  const hosts = new Set<string>();
  const host = request.headers.host;
  if (host && hostPattern.test(host)) hosts.add(host.toLowerCase());
  if (publicUrl) hosts.add(new URL(publicUrl).host);
  return [...hosts].flatMap((name) => [`ws://${name}`, `wss://${name}`]);
}

/**
 * Helmet's headers with a CSP for the web app, and `Cache-Control: no-store` on every API answer
 * that does not set its own: they are personal (a shared computer's browser cache or a proxy must
 * not keep someone's deals, the backup, or the login answer).
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: { publicUrl?: string }) {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: [
          (request) => ["'self'", ...ownSocketSources(request as IncomingMessage, options.publicUrl)].join(" "),
        ],
        upgradeInsecureRequests: null,
      },
    },
    hsts: false,
  });
  app.addHook("onSend", async (request, reply) => {
    if (!request.url.startsWith("/api/")) return;
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    // The server's own time up to the serialised answer, for the benchmarks and the browser's network panel.
    reply.header("server-timing", `app;dur=${reply.elapsedTime.toFixed(2)}`);
  });
}
