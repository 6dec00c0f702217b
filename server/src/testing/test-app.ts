import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { buildApp } from "../app";
import type { DatabaseHandle } from "../platform/db/database";
import type { BlobStore } from "../platform/files/blob-store";
import { LocalBlobStore } from "../platform/files/local-blob-store";
import type { ApiApp } from "../platform/http/api-app";
import { testPassword } from "./factories";
import { openTestDatabase } from "./test-database";

export interface TestContext {
  app: ApiApp;
  handle: DatabaseHandle;
  /** Where the app keeps files' bytes (the test's own store, or a temporary folder removed after). */
  store: BlobStore;
}

/**
 * One app on one fresh database for the whole test file. `workflowWorker: false` leaves workflow
 * jobs to the test, which runs them with `runDueWorkflowJobs`; `outboxWorker: false` leaves letters
 * to `sendDueLetters`. The reminder worker is off unless asked for: on the real clock its passes
 * would add notifications (and claims) to databases whose tests count or compare them; reminder
 * tests run `runReminderPass` with a clock of their own.
 */
export function useTestApp(
  options: {
    workflowWorker?: boolean;
    outboxWorker?: boolean;
    reminderWorker?: boolean;
    webhookWorker?: boolean;
    inboxWorker?: boolean;
    blobStore?: BlobStore;
    driveContentWorker?: boolean;
  } = {},
): TestContext {
  const context = {} as TestContext;
  let temporaryStore: string | undefined;
  beforeAll(async () => {
    context.handle = await openTestDatabase();
    if (options.blobStore) context.store = options.blobStore;
    else {
      temporaryStore = await mkdtemp(path.join(tmpdir(), "planerka-test-store-"));
      context.store = new LocalBlobStore(temporaryStore);
    }
    context.app = await buildApp({
      db: context.handle.db,
      listen: context.handle.listen,
      webDist: null,
      logger: process.env.TEST_LOG ? { level: "error" } : false,
      workflowWorker: options.workflowWorker,
      outboxWorker: options.outboxWorker,
      reminderWorker: options.reminderWorker ?? false,
      // Mail import runs only where a test drives it (`importDueMailboxes`).
      inboxWorker: options.inboxWorker ?? false,
      webhookWorker: options.webhookWorker,
      blobStore: context.store,
      // The drive's trash is emptied where a test drives it (`runDriveMaintenance`).
      driveMaintenanceWorker: false,
      // Text extraction runs where a test drives it (`runDriveContentPass`) or asks for the worker.
      driveContentWorker: options.driveContentWorker ?? false,
    });
    await context.app.ready();
  }, 60_000);
  afterAll(async () => {
    await context.app?.close();
    await context.handle?.close();
    if (temporaryStore) await rm(temporaryStore, { recursive: true, force: true });
  });
  return context;
}

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Client {
  cookie: string;
  request(
    method: Method,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
}

export async function login(app: ApiApp, loginName: string, password = testPassword): Promise<Client> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { login: loginName, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`login ${loginName} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((entry) => entry.name === "planerka_session");
  if (!cookie) throw new Error("no session cookie");
  return clientWithCookie(app, `planerka_session=${cookie.value}`);
}

export function clientWithCookie(app: ApiApp, cookie: string): Client {
  return {
    cookie,
    request: (method, url, body, headers = {}) =>
      app.inject({
        method,
        url,
        headers: { cookie, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

/** Logs several people in at once; the result keeps the order (and tuple type) of the logins. */
export function loginEach<const T extends readonly string[]>(
  app: ApiApp,
  logins: T,
): Promise<{ [K in keyof T]: Client }> {
  return Promise.all(logins.map((name) => login(app, name))) as Promise<{ [K in keyof T]: Client }>;
}
