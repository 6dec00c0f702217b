import {
  type DealEmailInput,
  type MailFile,
  type MailMessage,
  type MailTemplate,
  type MailTemplateInput,
  type MailTemplatePatch,
  type MailTemplateRenderInput,
  mailFileSchema,
  mailMessageSchema,
  mailTemplateSchema,
  pageSchema,
  type RenderedTemplate,
  recordFileSchema,
  renderedTemplateSchema,
  type SmtpCheckInput,
  type SmtpCheckResult,
  type SmtpSettings,
  type SmtpSettingsInput,
  smtpCheckResultSchema,
  smtpSettingsSchema,
} from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { api, apiMultipart, apiUrl, apiVoid } from "../../lib/api";

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

// Letters' files, templates, «Проверить соединение» ------------------------------------------------

/** Uploads a file for the letter being written; the letter names it in `fileIds`. */
export function uploadLetterFile(file: File, signal?: AbortSignal): Promise<MailFile> {
  const form = new FormData();
  form.append("file", file);
  return apiMultipart("/mail/files", form, mailFileSchema, signal);
}

/** Files a letter from the deal may carry: earlier letters' and the deal's tasks'. */
export function dealMailFilesQuery(dealId: string) {
  return queryOptions({
    queryKey: ["mail", "deal-files", dealId],
    queryFn: ({ signal }) =>
      api(`/deals/${dealId}/mail-files`, z.object({ items: z.array(recordFileSchema) }), { signal }),
  });
}

export function letterAttachmentUrl(letterId: string, fileId: string): string {
  return apiUrl(`/mail/messages/${letterId}/attachments/${fileId}`);
}

export const mailTemplatesQuery = queryOptions({
  queryKey: ["mail", "templates"],
  queryFn: ({ signal }) => api("/mail/templates", z.object({ items: z.array(mailTemplateSchema) }), { signal }),
});

export function createMailTemplate(input: MailTemplateInput): Promise<MailTemplate> {
  return api("/mail/templates", mailTemplateSchema, { method: "POST", json: input });
}

export function updateMailTemplate(id: string, patch: MailTemplatePatch): Promise<MailTemplate> {
  return api(`/mail/templates/${id}`, mailTemplateSchema, { method: "PATCH", json: patch });
}

export function deleteMailTemplate(id: string): Promise<void> {
  return apiVoid(`/mail/templates/${id}`, { method: "DELETE" });
}

/** The template filled with the record's client, deal and the writer's own name and phone. */
export function renderMailTemplate(id: string, target: MailTemplateRenderInput): Promise<RenderedTemplate> {
  return api(`/mail/templates/${id}/render`, renderedTemplateSchema, { method: "POST", json: target });
}

export function checkSmtp(input: SmtpCheckInput): Promise<SmtpCheckResult> {
  return api("/settings/smtp/check", smtpCheckResultSchema, { method: "POST", json: input ?? null });
}
