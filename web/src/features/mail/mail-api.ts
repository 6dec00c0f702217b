import {
  type DealEmailInput,
  type MailMessage,
  mailMessageSchema,
  pageSchema,
  type SmtpSettings,
  type SmtpSettingsInput,
  smtpSettingsSchema,
} from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { api, apiVoid } from "../../lib/api";

export const smtpSettingsQuery = queryOptions({
  queryKey: ["mail", "smtp"],
  queryFn: ({ signal }) => api("/mail/smtp", smtpSettingsSchema, { signal }),
});

export function saveSmtpSettings(input: SmtpSettingsInput): Promise<SmtpSettings> {
  return api("/mail/smtp", smtpSettingsSchema, { method: "PUT", json: input });
}

export function deleteSmtpSettings(): Promise<void> {
  return apiVoid("/mail/smtp", { method: "DELETE" });
}

export const outboxPageSize = 50;

export function outboxQuery(offset: number) {
  return queryOptions({
    queryKey: ["mail", "outbox", offset],
    queryFn: ({ signal }) =>
      api("/mail/outbox", pageSchema(mailMessageSchema), { signal, query: { limit: outboxPageSize, offset } }),
  });
}

export function sendDealEmail(dealId: string, input: DealEmailInput): Promise<MailMessage> {
  return api(`/deals/${dealId}/emails`, mailMessageSchema, { method: "POST", json: input });
}

/** «Отправить снова»: the letter is queued at once with a fresh round of attempts. */
export function resendLetter(id: string): Promise<MailMessage> {
  return api(`/mail/messages/${id}/resend`, mailMessageSchema, { method: "POST" });
}
