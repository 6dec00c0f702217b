import {
  type InboundReplyInput,
  type Mailbox,
  type MailboxCheck,
  type MailboxCreateInput,
  type MailboxUpdateInput,
  mailboxCheckSchema,
  mailboxListSchema,
  mailboxSchema,
} from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { api, apiUrl, apiVoid } from "../../lib/api";

/** The caller's mailboxes (and the company's for administrators); refreshed while a pass imports. */
export const mailboxesQuery = queryOptions({
  queryKey: ["mail", "mailboxes"],
  queryFn: ({ signal }) => api("/mailboxes", mailboxListSchema, { signal }),
});

export function createMailbox(input: MailboxCreateInput): Promise<Mailbox> {
  return api("/mailboxes", mailboxSchema, { method: "POST", json: input });
}

export function updateMailbox(id: string, input: MailboxUpdateInput): Promise<Mailbox> {
  return api(`/mailboxes/${id}`, mailboxSchema, { method: "PATCH", json: input });
}

export function deleteMailbox(id: string): Promise<void> {
  return apiVoid(`/mailboxes/${id}`, { method: "DELETE" });
}

export function checkMailbox(id: string): Promise<MailboxCheck> {
  return api(`/mailboxes/${id}/check`, mailboxCheckSchema, { method: "POST" });
}

const replySchema = z.object({ id: z.string(), to: z.string(), subject: z.string(), state: z.string() });

/** «Ответить»: the reply goes out in the imported letter's thread. */
export function replyToInbound(id: string, input: InboundReplyInput) {
  return api(`/mail/inbound/${id}/reply`, replySchema, { method: "POST", json: input });
}

export function inboundAttachmentUrl(letterId: string, attachmentId: string): string {
  return apiUrl(`/mail/inbound/${letterId}/attachments/${attachmentId}`);
}
