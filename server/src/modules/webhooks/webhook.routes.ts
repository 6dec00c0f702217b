import {
  idParamsSchema,
  webhookAllowedHostsSchema,
  webhookAllowedHostsWriteSchema,
  webhookCreateSchema,
  webhookDeliveryPageSchema,
  webhookDeliveryParamsSchema,
  webhookDeliveryQuerySchema,
  webhookDeliverySchema,
  webhookListSchema,
  webhookSubscriptionSchema,
  webhookUpdateSchema,
  webhookWithSecretSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import {
  createWebhookOrThrow,
  deleteWebhookOrThrow,
  getWebhookAllowedHosts,
  listWebhookDeliveriesOrThrow,
  listWebhooks,
  putWebhookAllowedHostsOrThrow,
  queueWebhookPingOrThrow,
  retryWebhookDeliveryOrThrow,
  rotateWebhookSecretOrThrow,
  updateWebhookOrThrow,
} from "./webhook.service";

const signing =
  "Each delivery is a POST of {id, event, occurredAt, data} with X-Planerka-Event, X-Planerka-Delivery and X-Planerka-Signature: t=<unix seconds>,v1=<HMAC-SHA256 hex of `<t>.<raw body>` with the subscription's secret>";

/** Settings → «Вебхуки»: outgoing webhooks, for administrators. */
export function webhookRoutes(app: ApiApp, { db }: ModuleDeps) {
  const admin = { config: { permission: "settings:manage" as const } };
  const tags = ["webhooks"];
  const base = "/api/v1/settings/webhooks";

  app.get(base, { ...admin, schema: { tags, response: { 200: webhookListSchema } } }, async () => listWebhooks(db));
  app.post(
    base,
    {
      ...admin,
      schema: {
        tags,
        description: `A subscription; the answer carries its secret, shown this once. ${signing}. Loopback, private and link-local addresses are refused unless the host is allowed.`,
        body: webhookCreateSchema,
        response: { 201: webhookWithSecretSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createWebhookOrThrow(db, actorOf(request), request.body)),
  );
  app.patch(
    `${base}/:id`,
    {
      ...admin,
      schema: { tags, params: idParamsSchema, body: webhookUpdateSchema, response: { 200: webhookSubscriptionSchema } },
    },
    async (request) => updateWebhookOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    `${base}/:id`,
    { ...admin, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteWebhookOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    `${base}/:id/rotate-secret`,
    {
      ...admin,
      schema: {
        tags,
        description: "A new secret, shown this once; the old one stops signing at once",
        params: idParamsSchema,
        response: { 200: webhookWithSecretSchema },
      },
    },
    async (request) => rotateWebhookSecretOrThrow(db, actorOf(request), request.params.id),
  );
  app.post(
    `${base}/:id/test`,
    {
      ...admin,
      schema: {
        tags,
        description: "«Тест»: queues a `ping` delivery, sent at once by the webhook worker",
        params: idParamsSchema,
        response: { 201: webhookDeliverySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await queueWebhookPingOrThrow(db, actorOf(request), request.params.id)),
  );
  app.get(
    `${base}/:id/deliveries`,
    {
      ...admin,
      schema: {
        tags,
        description:
          "The delivery log, newest first: state, attempts, the receiver's status and answer (first 2 KB). Failed attempts are retried after 1, 2, 4 … minutes (at most an hour) for 24 hours.",
        params: idParamsSchema,
        querystring: webhookDeliveryQuerySchema,
        response: { 200: webhookDeliveryPageSchema },
      },
    },
    async (request) => listWebhookDeliveriesOrThrow(db, request.params.id, request.query),
  );
  app.post(
    `${base}/:id/deliveries/:deliveryId/retry`,
    {
      ...admin,
      schema: {
        tags,
        description: "«Повторить»: the delivery is due now, with a fresh 24 hours of attempts",
        params: webhookDeliveryParamsSchema,
        response: { 200: webhookDeliverySchema },
      },
    },
    async (request) => retryWebhookDeliveryOrThrow(db, request.params.id, request.params.deliveryId),
  );

  app.get(
    "/api/v1/settings/webhooks-allowed-hosts",
    { ...admin, schema: { tags, response: { 200: webhookAllowedHostsSchema } } },
    async () => getWebhookAllowedHosts(db),
  );
  app.put(
    "/api/v1/settings/webhooks-allowed-hosts",
    {
      ...admin,
      schema: {
        tags,
        description:
          "Hosts webhooks may reach although they resolve to loopback, private or link-local addresses (an internal system); exact host names or addresses",
        body: webhookAllowedHostsWriteSchema,
        response: { 200: webhookAllowedHostsSchema },
      },
    },
    async (request) => putWebhookAllowedHostsOrThrow(db, actorOf(request), request.body),
  );
}
