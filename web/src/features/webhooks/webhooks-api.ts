import {
  type WebhookEvent,
  webhookAllowedHostsSchema,
  webhookDeliveryPageSchema,
  webhookDeliverySchema,
  webhookListSchema,
  webhookSubscriptionSchema,
  webhookWithSecretSchema,
} from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import { api, apiVoid } from "../../lib/api";

export type Webhook = z.infer<typeof webhookSubscriptionSchema>;
export type WebhookWithSecret = z.infer<typeof webhookWithSecretSchema>;

export interface WebhookInput {
  url: string;
  events: WebhookEvent[];
  active: boolean;
  description: string | null;
}

const base = "/settings/webhooks";

export const webhooksQuery = queryOptions({
  queryKey: ["settings", "webhooks"],
  queryFn: ({ signal }) => api(base, webhookListSchema, { signal }),
});

export const webhookAllowedHostsQuery = queryOptions({
  queryKey: ["settings", "webhooks-allowed-hosts"],
  queryFn: ({ signal }) => api("/settings/webhooks-allowed-hosts", webhookAllowedHostsSchema, { signal }),
});

export const deliveriesPageSize = 20;

export function webhookDeliveriesQuery(id: string, offset: number) {
  return queryOptions({
    queryKey: ["settings", "webhooks", id, "deliveries", offset],
    queryFn: ({ signal }) =>
      api(`${base}/${id}/deliveries`, webhookDeliveryPageSchema, {
        signal,
        query: { limit: deliveriesPageSize, offset },
      }),
  });
}

export function createWebhook(input: WebhookInput): Promise<WebhookWithSecret> {
  return api(base, webhookWithSecretSchema, { method: "POST", json: input });
}

export function updateWebhook(id: string, input: WebhookInput & { version: number }): Promise<Webhook> {
  return api(`${base}/${id}`, webhookSubscriptionSchema, { method: "PATCH", json: input });
}

export function deleteWebhook(id: string): Promise<void> {
  return apiVoid(`${base}/${id}`, { method: "DELETE" });
}

export function rotateWebhookSecret(id: string): Promise<WebhookWithSecret> {
  return api(`${base}/${id}/rotate-secret`, webhookWithSecretSchema, { method: "POST" });
}

/** «Тест»: a `ping` delivery, sent at once. */
export function testWebhook(id: string) {
  return api(`${base}/${id}/test`, webhookDeliverySchema, { method: "POST" });
}

export function retryWebhookDelivery(id: string, deliveryId: string) {
  return api(`${base}/${id}/deliveries/${deliveryId}/retry`, webhookDeliverySchema, { method: "POST" });
}

export function saveWebhookAllowedHosts(allowedHosts: string[], version: number) {
  return api("/settings/webhooks-allowed-hosts", webhookAllowedHostsSchema, {
    method: "PUT",
    json: { allowedHosts, version },
  });
}
