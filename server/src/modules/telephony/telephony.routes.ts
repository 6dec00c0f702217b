import rateLimit from "@fastify/rate-limit";
import {
  callEventResultSchema,
  callEventSchema,
  clickToCallSchema,
  placeCallSchema,
  placedCallSchema,
  telephonySettingsSchema,
  telephonySettingsWriteSchema,
  telephonyTestResultSchema,
} from "@planerka/common";
import { z } from "zod";
import { AppError } from "../../platform/errors/problem";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { assertSignedOrThrow, parseCallEventOrThrow, takeCallEventOrThrow } from "./call-event.service";
import { clickToCall, placeCallOrThrow, testTelephonyOrThrow } from "./click-to-call.service";
import { telephonySettings, updateTelephonySettingsOrThrow } from "./telephony-settings.service";

/** A PBX's events are small; a bigger body is not one. */
const eventLimit = 16 * 1024;

/**
 * Events one address may send a minute: a busy office PBX sends a few per call; past this the
 * answer is 429 with Retry-After, and the PBX sends the event again then (nothing valid is lost).
 */
export const telephonyEventsPerMinute = 600;

/**
 * Telephony: the PBX's signed webhook of call events, and its settings for administrators.
 * The webhook is public by design — its HMAC signature is the proof, checked over the raw body.
 */
export function telephonyRoutes(app: ApiApp, { db }: ModuleDeps) {
  const tags = ["telephony"];
  app.get(
    "/api/v1/settings/telephony",
    { config: { permission: "settings:manage" }, schema: { tags, response: { 200: telephonySettingsSchema } } },
    async () => telephonySettings(db),
  );
  app.put(
    "/api/v1/settings/telephony",
    {
      config: { permission: "settings:manage" },
      schema: { tags, body: telephonySettingsWriteSchema, response: { 200: telephonySettingsSchema } },
    },
    async (request) => updateTelephonySettingsOrThrow(db, actorOf(request), request.body),
  );
  app.post(
    "/api/v1/settings/telephony/test",
    { config: { permission: "settings:manage" }, schema: { tags, response: { 200: telephonyTestResultSchema } } },
    async (request) => testTelephonyOrThrow(db, actorOf(request)),
  );
  app.get(
    "/api/v1/telephony/click-to-call",
    { config: { permission: "crm:read" }, schema: { tags, response: { 200: clickToCallSchema } } },
    async (request) => clickToCall(db, actorOf(request)),
  );
  app.post(
    "/api/v1/telephony/calls",
    {
      config: { permission: "crm:read" },
      schema: {
        tags,
        description:
          "Click-to-call: the PBX's originate address receives a signed POST {callId, extension, number} (the same X-Planerka-Signature as its events; {extension} and {number} in the address are filled in too)",
        body: placeCallSchema,
        response: { 201: placedCallSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await placeCallOrThrow(db, actorOf(request), request.body)),
  );

  app.register(async (scope) => {
    await scope.register(rateLimit, {
      max: telephonyEventsPerMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_request, context) =>
        new AppError(
          429,
          "Too Many Requests",
          `More than ${context.max} events a minute: send again in ${context.after}`,
        ),
    });
    // The signature covers the bytes sent: the body is kept as text and parsed after the check.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "string", bodyLimit: eventLimit }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      "/api/v1/integrations/telephony/events",
      {
        config: { permission: "public" },
        bodyLimit: eventLimit,
        // The schema documents the body; it is checked after the signature, over the raw text.
        validatorCompiler: () => (data) => ({ value: data }),
        schema: {
          tags,
          body: callEventSchema,
          headers: z.object({ "x-planerka-signature": z.string() }),
          description:
            "A call event from the PBX: {callId, direction, from, to, employeeExtension?, event, at, durationSec?, recordingUrl?}, signed in X-Planerka-Signature: t=<unix seconds>,v1=<HMAC-SHA256 hex of `<t>.<body>` with the shared secret>",
          response: { 200: callEventResultSchema },
        },
      },
      async (request) => {
        const raw = typeof request.body === "string" ? request.body : "";
        const header = request.headers["x-planerka-signature"];
        await assertSignedOrThrow(db, typeof header === "string" ? header : undefined, raw);
        return takeCallEventOrThrow(db, parseCallEventOrThrow(raw));
      },
    );
  });
}
