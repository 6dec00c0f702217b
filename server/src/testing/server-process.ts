import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { testPassword } from "./factories";

/**
 * A whole Planerka server (main.ts) in a process of its own, as `npm start` runs it — for tests that
 * kill it or run two of them, and for the benchmarks. No vitest here, so the benchmarks can use it.
 */
export interface ServerProcess {
  child: ChildProcess;
  base: string;
  /** Resolves when the server listens; rejects if it exits first. */
  ready: Promise<void>;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  output(): string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts main.ts with `env` on top of the test's environment: no demo company, quiet logs, one process. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      PLANERKA_DEMO: "0",
      PLANERKA_SECRET_KEY: "server-process-test-secret-key",
      LOG_LEVEL: "warn",
      // One process unless a test asks for the cluster: the tests kill and count processes.
      PLANERKA_WORKERS: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stderr!.on("data", collect);
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      collect(chunk);
      if (output.includes("Planerka is running")) resolve();
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  // Nobody may be waiting on `ready` when a killed server "fails" to start.
  ready.catch(() => undefined);
  return { child, base: `http://127.0.0.1:${port}`, ready, exited, output: () => output };
}

/** A logged-in caller of a server process over real HTTP. */
export interface HttpClient {
  /** The session cookie, for what fetch does not cover (a WebSocket). */
  cookie: string;
  request<T = Record<string, unknown>>(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
}

export async function logInOverHttp(base: string, login: string, password = testPassword): Promise<HttpClient> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ login, password }),
  });
  if (response.status !== 200) throw new Error(`login ${login} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie()[0]!.split(";")[0]!;
  return {
    cookie,
    async request(method, url, body, headers = {}) {
      const answer = await fetch(`${base}${url}`, {
        method,
        headers: {
          cookie,
          origin: base,
          ...(body === undefined || body instanceof FormData ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
      });
      const text = await answer.text();
      return { status: answer.status, body: text ? JSON.parse(text) : null };
    },
  };
}
