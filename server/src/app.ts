import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifyWebsocket from "@fastify/websocket";
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from "fastify";
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { accessRoutes } from "./modules/access/access.routes";
import { authRoutes } from "./modules/auth/auth.routes";
import { bonusRoutes } from "./modules/bonuses/bonus.routes";
import { cabinetRoutes } from "./modules/cabinet/cabinet.routes";
import { meetingRoutes } from "./modules/cabinet/meeting.routes";
import { weekCommentRoutes } from "./modules/cabinet/week-comment.routes";
import { caldavRoutes } from "./modules/calendar/caldav.routes";
import { calendarRoutes } from "./modules/calendar/calendar.routes";
import { calendarSyncRoutes } from "./modules/calendar/calendar-sync.routes";
import { startReminderWorker } from "./modules/calendar/reminder-worker";
import { chatRoutes } from "./modules/chat/chat.routes";
import { chatRealtimeHandlers } from "./modules/chat/chat-realtime";
import { activityRoutes } from "./modules/crm/activity.routes";
import { activityTypeRoutes } from "./modules/crm/activity-type.routes";
import { companyRoutes } from "./modules/crm/company.routes";
import { contactRoutes } from "./modules/crm/contact.routes";
import { dealRoutes } from "./modules/crm/deal.routes";
import { leadRoutes } from "./modules/crm/lead.routes";
import { pipelineRoutes } from "./modules/crm/pipeline.routes";
import { savedFilterRoutes } from "./modules/crm/saved-filter.routes";
import { driveRoutes } from "./modules/drive/drive.routes";
import { driveAttachmentRoutes } from "./modules/drive/drive-attachment.routes";
import { startDriveContentWorker } from "./modules/drive/drive-content-worker";
import { driveFileRoutes } from "./modules/drive/drive-file.routes";
import { driveShareRoutes } from "./modules/drive/drive-share.routes";
import { startDriveMaintenanceWorker } from "./modules/drive/drive-trash.service";
import { exportRoutes } from "./modules/exports/export.routes";
import { feedRoutes } from "./modules/feed/feed.routes";
import { feedRealtimeHandlers } from "./modules/feed/feed-realtime";
import { groupRoutes } from "./modules/groups/group.routes";
import { importRoutes } from "./modules/imports/import.routes";
import { resumeInterruptedImports, startImportSweep, waitForImports } from "./modules/imports/import-runner";
import { mailRoutes } from "./modules/mail/mail.routes";
import { mailLetterRoutes } from "./modules/mail/mail-letter.routes";
import { startOutboxWorker } from "./modules/mail/mail-outbox";
import { startInboxWorker } from "./modules/mail-inbox/inbox-importer";
import { mailInboxRoutes } from "./modules/mail-inbox/mail-inbox.routes";
import type { IceSettings } from "./modules/meetings/meeting-ice";
import { meetingRoomRoutes } from "./modules/meetings/meeting-room.routes";
import { MeetingSignalling } from "./modules/meetings/meeting-signalling";
import { notificationRoutes } from "./modules/notifications/notification.routes";
import { notificationRealtimeHandlers } from "./modules/notifications/notification-realtime";
import { oneCRoutes } from "./modules/one-c/one-c.routes";
import { oneCExchangeRoutes } from "./modules/one-c/one-c-exchange.routes";
import { unitRoutes } from "./modules/org/unit.routes";
import { userRoutes } from "./modules/org/user.routes";
import { planRoutes } from "./modules/plans/plan.routes";
import { settingsRoutes } from "./modules/settings/settings.routes";
import { startRoutes } from "./modules/start/start.routes";
import { taskRoutes } from "./modules/tasks/task.routes";
import { taskFileRoutes } from "./modules/tasks/task-file.routes";
import { taskItemRoutes } from "./modules/tasks/task-item.routes";
import { timeRoutes } from "./modules/tasks/time.routes";
import { workdayRoutes } from "./modules/tasks/workday.routes";
import { telephonyRoutes } from "./modules/telephony/telephony.routes";
import { telephonyRealtimeHandlers } from "./modules/telephony/telephony-realtime";
import { courseRoutes } from "./modules/training/course.routes";
import { startCourseReminderWorker } from "./modules/training/course-reminder.service";
import { salesBookRoutes } from "./modules/training/sales-book.routes";
import { trainingRoutes } from "./modules/training/training.routes";
import { webhookRoutes } from "./modules/webhooks/webhook.routes";
import { startWebhookWorker } from "./modules/webhooks/webhook-worker";
import { workflowRoutes } from "./modules/workflows/workflow.routes";
import { startWorkflowWorker } from "./modules/workflows/workflow-worker";
import { backupRoutes } from "./platform/backup/backup.routes";
import { defaultWebDist } from "./platform/config/repository-paths";
import type { Database, DatabaseHandle } from "./platform/db/database";
import { notFoundHandler, problemErrorHandler } from "./platform/errors/problem";
import type { BlobStore } from "./platform/files/blob-store";
import { LocalBlobStore } from "./platform/files/local-blob-store";
import { answerSerializerCompiler } from "./platform/http/answer-serializer";
import type { ApiApp } from "./platform/http/api-app";
import { registerGuard } from "./platform/http/guard";
import { registerIdempotency, withIdempotencyClaims } from "./platform/http/idempotency";
import { registerNulGuard } from "./platform/http/nul-guard";
import { registerSecurityHeaders } from "./platform/http/security-headers";
import { realtimeRoutes } from "./platform/realtime/realtime.routes";
import { RealtimeGateway } from "./platform/realtime/realtime-gateway";

export interface AppOptions {
  db: Database;
  /** Receives NOTIFY from every process on the database: real-time pushes need it. */
  listen?: DatabaseHandle["listen"];
  publicUrl?: string;
  /**
   * Whose X-Forwarded-* headers to believe (`PLANERKA_TRUST_PROXY`): by default nobody's, so a
   * client cannot choose the address the login throttle counts.
   */
  trustProxy?: false | string[];
  logger?: FastifyServerOptions["logger"];
  /** Serve the built web app from this folder (absent in API tests). */
  webDist?: string | null;
  /** Sees every route as it is registered (the permission snapshot test uses it). */
  onRoute?: (route: RouteOptions) => void;
  /** Run due workflow jobs in the background (default true; tests that drive the engine turn it off). */
  workflowWorker?: boolean;
  /** Where 1C's exchange files are kept (`<data>/1c-exchange`); a temporary folder when absent. */
  oneCExchangeDir?: string;
  /** Send the outbox's letters in the background (default true; tests that send by hand turn it off). */
  outboxWorker?: boolean;
  /** Deliver outgoing webhooks in the background (default true; tests that deliver with their own clock turn it off). */
  webhookWorker?: boolean;
  /** Import mailboxes' letters in the background (default true; tests that import by hand turn it off). */
  inboxWorker?: boolean;
  /** Deliver due reminders in the background (default true; tests that run passes with their own clock turn it off). */
  reminderWorker?: boolean;
  /** Where the drive's bytes live (`openBlobStore`); a temporary folder when absent. */
  blobStore?: BlobStore;
  /** Empty the drive's trash and give up abandoned uploads in the background (default true). */
  driveMaintenanceWorker?: boolean;
  /** Extract the drive's text and make thumbnails in the background (default true). */
  driveContentWorker?: boolean;
  /**
   * Run the background workers at all (default true): `npm start`'s cluster runs them in one of
   * its processes; each worker's own option below still turns it off alone.
   */
  background?: boolean;
  /** The meeting rooms' STUN/TURN servers (`PLANERKA_ICE_SERVERS`, `PLANERKA_TURN_SECRET`); none by default. */
  ice?: IceSettings;
  /**
   * Encode every answer with its zod schema too and refuse one the schema would change
   * (`answer-serializer.ts`); on by default under Vitest, off in production, where it costs CPU.
   */
  checkAnswers?: boolean;
}

export async function buildApp(options: AppOptions): Promise<ApiApp> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    // Prototype pollution through JSON bodies is refused at parse time.
    onProtoPoisoning: "error",
    onConstructorPoisoning: "error",
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(
    answerSerializerCompiler({ checkAnswers: options.checkAnswers ?? Boolean(process.env.VITEST) }),
  );
  app.setErrorHandler(problemErrorHandler);
  if (options.onRoute) app.addHook("onRoute", options.onRoute);

  await app.register(fastifyCookie);
  // Before the guard: the plugin's own hooks must see every upgrade, also one the guard refuses,
  // to close its socket. A meeting room's WebRTC offer is the largest frame a client sends (an SDP of
  // several kilobytes; the schema caps it at 30,000 characters).
  await app.register(fastifyWebsocket, {
    options: { maxPayload: 64 * 1024 },
    // «Going away» (1001) rather than a bare close: the client reconnects, to another process if
    // this one is stopping for good.
    preClose(done) {
      for (const client of this.websocketServer.clients) client.close(1001, "server stopping");
      this.websocketServer.close();
      done();
    },
  });
  await registerSecurityHeaders(app, { publicUrl: options.publicUrl });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: "Planerka API", version: "1.0.0", description: "Sales-management portal: CRM, cabinets, portal" },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "planerka_session" },
          apiToken: { type: "http", scheme: "bearer" },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  registerGuard(app, options.db, { publicUrl: options.publicUrl });
  registerNulGuard(app);
  registerIdempotency(app, options.db);

  // The modules' transactions store the request's Idempotency-Key with its work.
  const blobStore =
    options.blobStore ?? new LocalBlobStore(path.join(tmpdir(), `planerka-drive-${process.pid}-${randomUUID()}`));
  const deps = { db: withIdempotencyClaims(options.db), publicUrl: options.publicUrl, store: blobStore };
  authRoutes(app, deps);
  unitRoutes(app, deps);
  userRoutes(app, deps);
  settingsRoutes(app, deps);
  accessRoutes(app, deps);
  companyRoutes(app, deps);
  contactRoutes(app, deps);
  dealRoutes(app, deps);
  leadRoutes(app, deps);
  activityRoutes(app, deps);
  pipelineRoutes(app, deps);
  activityTypeRoutes(app, deps);
  savedFilterRoutes(app, deps);
  await importRoutes(app, deps);
  planRoutes(app, deps);
  cabinetRoutes(app, deps);
  weekCommentRoutes(app, deps);
  meetingRoutes(app, deps);
  startRoutes(app, deps);
  exportRoutes(app, deps);
  mailRoutes(app, deps);
  mailInboxRoutes(app, deps);
  mailLetterRoutes(app, deps);
  taskRoutes(app, deps);
  taskItemRoutes(app, deps);
  taskFileRoutes(app, deps);
  timeRoutes(app, deps);
  workdayRoutes(app, deps);
  notificationRoutes(app, deps);
  backupRoutes(app, deps);
  chatRoutes(app, deps);
  groupRoutes(app, deps);
  calendarRoutes(app, deps);
  calendarSyncRoutes(app, deps);
  caldavRoutes(app, deps);
  oneCRoutes(app, deps);
  bonusRoutes(app, deps);
  telephonyRoutes(app, deps);
  webhookRoutes(app, deps);
  oneCExchangeRoutes(app, { db: deps.db, exchangeDir: options.oneCExchangeDir });
  driveRoutes(app, deps);
  driveFileRoutes(app, deps);
  driveAttachmentRoutes(app, deps);
  driveShareRoutes(app, deps);
  feedRoutes(app, deps);
  trainingRoutes(app, deps);
  courseRoutes(app, deps);
  salesBookRoutes(app, deps);
  const gateway = new RealtimeGateway(options.db, options.listen, app.log);
  gateway.addHandlers(notificationRealtimeHandlers(options.db));
  gateway.addHandlers(chatRealtimeHandlers(options.db));
  gateway.addHandlers(telephonyRealtimeHandlers(options.db));
  gateway.addHandlers(feedRealtimeHandlers(options.db));
  const meetingSignalling = new MeetingSignalling(options.db, gateway);
  gateway.extend(meetingSignalling);
  gateway.addHandlers(meetingSignalling.handlers());
  meetingRoomRoutes(app, { ...deps, ice: options.ice ?? { servers: [] } });
  realtimeRoutes(app, gateway, { publicUrl: options.publicUrl });
  app.decorate("realtime", gateway);
  workflowRoutes(app, deps);
  // Imports left running by a process that died are resumed at start and by a periodic sweep.
  let stopImportSweep: (() => void) | undefined;
  app.addHook("onReady", async () => {
    await resumeInterruptedImports(options.db);
    stopImportSweep = startImportSweep(options.db, (error) => app.log.error({ err: error }, "import sweep"));
    await gateway.start();
  });
  // Open sockets would keep the HTTP server from closing: they are closed first.
  app.addHook("preClose", async () => {
    await gateway.stop();
  });
  app.addHook("onClose", async () => {
    stopImportSweep?.();
    await waitForImports();
  });
  // One process of a cluster runs the background work (`background: false` in the others).
  const background = options.background !== false;
  // Workflow timers are rows: whichever process polls runs what is due; closing waits for the job.
  runInBackground(app, background && options.workflowWorker !== false, () =>
    startWorkflowWorker(options.db, {
      onError: (error) => app.log.error({ err: error }, "workflow worker"),
    }),
  );

  // Letters are rows too: whichever process polls sends what is due; closing waits for the letter.
  runInBackground(app, background && options.outboxWorker !== false, () =>
    startOutboxWorker(options.db, blobStore, {
      onError: (error) => app.log.error({ err: error }, "outbox worker"),
    }),
  );

  // Webhook deliveries are rows queued by triggers: whichever process claims one first sends it.
  runInBackground(app, background && options.webhookWorker !== false, () =>
    startWebhookWorker(options.db, {
      listen: options.listen,
      onError: (error) => app.log.error({ err: error }, "webhook worker"),
    }),
  );

  // Mailboxes are leased rows: whichever process claims one imports its next batch.
  runInBackground(app, background && options.inboxWorker !== false, () =>
    startInboxWorker(options.db, {
      onError: (error) => app.log.error({ err: error }, "inbox worker"),
    }),
  );

  // The trash empties itself after 30 days; whichever process passes first does it.
  runInBackground(app, background && options.driveMaintenanceWorker !== false, () =>
    startDriveMaintenanceWorker(options.db, blobStore, {
      onError: (error) => app.log.error({ err: error }, "drive maintenance"),
    }),
  );

  // A new file's text (for search and preview) and thumbnail are made by whichever process claims it.
  runInBackground(app, background && options.driveContentWorker !== false, () =>
    startDriveContentWorker(options.db, {
      store: blobStore,
      onError: (error) => app.log.error({ err: error }, "drive content"),
    }),
  );

  // Reminders are claimed by a row each: whichever process's pass finds one due first delivers it.
  runInBackground(app, background && options.reminderWorker !== false, () =>
    startReminderWorker(options.db, {
      publicUrl: options.publicUrl,
      onError: (error) => app.log.error({ err: error }, "reminder worker"),
    }),
  );

  // Course deadlines: whichever process's pass claims a reminder first sends it.
  runInBackground(app, background && options.reminderWorker !== false, () =>
    startCourseReminderWorker(options.db, {
      onError: (error) => app.log.error({ err: error }, "course reminders"),
    }),
  );

  app.get(
    "/api/v1/health",
    {
      config: { permission: "public" },
      schema: { tags: ["system"], response: { 200: z.object({ status: z.literal("ok") }) } },
    },
    async () => ({ status: "ok" as const }),
  );
  app.get("/api/v1/openapi.json", { config: { permission: "public" }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  const webDist = options.webDist === undefined ? defaultWebDist : options.webDist;
  if (webDist && existsSync(path.join(webDist, "index.html"))) {
    // Files are looked up per request, so a rebuilt web app is served without a restart.
    // Dot-files (the build manifest in .vite/) are not for visitors.
    await app.register(fastifyStatic, { root: webDist, index: "index.html", dotfiles: "deny" });
    app.setNotFoundHandler((request, reply) => {
      if (request.method === "GET" && !request.url.startsWith("/api/")) {
        return reply.type("text/html").header("cache-control", "no-cache").sendFile("index.html");
      }
      return notFoundHandler(request, reply);
    });
  } else {
    app.setNotFoundHandler(notFoundHandler);
  }
  return app;
}

/** A worker started once the app is ready and awaited (its job finished) when the app closes. */
function runInBackground(app: FastifyInstance, enabled: boolean, start: () => { stop(): Promise<void> }) {
  if (!enabled) return;
  let worker: { stop(): Promise<void> } | undefined;
  app.addHook("onReady", async () => {
    worker = start();
  });
  app.addHook("onClose", async () => {
    await worker?.stop();
  });
}
