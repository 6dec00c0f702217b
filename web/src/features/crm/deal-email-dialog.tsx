import { Button, Group, Stack, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type Deal, emailAddressSchema } from "@planerka/common";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../lib/form-modal";
import { handleFormError, notifySuccess } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { LetterAttachments, type LetterFile, TemplatePicker } from "../mail/letter-extras";
import { sendDealEmail } from "../mail/mail-api";
import { crmRecordQuery } from "./crm-api";

interface DealEmailDialogProps {
  deal: Deal;
  opened: boolean;
  onClose: () => void;
}

/** «Письмо»: a letter to the client from the deal card; sent over SMTP, or kept in the outbox. */
export function DealEmailDialog({ deal, opened, onClose }: DealEmailDialogProps) {
  const { t } = useTranslation();
  return (
    <FormModal opened={opened} onClose={onClose} title={t("mail.compose.title")}>
      <DealEmailForm deal={deal} onClose={onClose} />
    </FormModal>
  );
}

interface FormValues {
  [key: string]: unknown;
  to: string | null;
  subject: string;
  body: string;
}

function DealEmailForm({ deal, onClose }: { deal: Deal; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // The client's address the server would use: the contact's first e-mail, else the company's.
  const contact = useQuery({ ...crmRecordQuery("contacts", deal.contactId ?? ""), enabled: Boolean(deal.contactId) });
  const company = useQuery({ ...crmRecordQuery("companies", deal.companyId ?? ""), enabled: Boolean(deal.companyId) });
  const suggested = contact.data?.emails[0] ?? company.data?.emails[0] ?? "";
  const form = useFormState<FormValues>({ to: null, subject: "", body: "" });
  const [sending, setSending] = useState(false);
  const [files, setFiles] = useState<LetterFile[]>([]);
  const { values } = form;
  const to = values.to ?? suggested;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const errors: Record<string, string> = {};
    if (!to.trim()) errors.to = t("errors.required");
    else if (!emailAddressSchema.safeParse(to).success) errors.to = t("mail.compose.invalidAddress");
    if (!values.subject.trim()) errors.subject = t("errors.required");
    if (!values.body.trim()) errors.body = t("errors.required");
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setSending(true);
    try {
      const letter = await sendDealEmail(deal.id, {
        to: to.trim(),
        subject: values.subject.trim(),
        body: values.body.trim(),
        fileIds: files.filter((file) => file.source === "upload" || file.source === "letter").map((file) => file.id),
        taskFileIds: files.filter((file) => file.source === "task").map((file) => file.id),
        driveFileIds: files.filter((file) => file.source === "drive").map((file) => file.id),
      });
      if (letter.state === "sent") notifySuccess(t("mail.compose.sent"));
      else if (letter.state === "outbox") notifications.show({ color: "blue", message: t("mail.compose.queued") });
      else {
        notifications.show({
          color: "red",
          message: t("mail.compose.failed", { error: letter.error ?? "" }),
          autoClose: 10_000,
        });
      }
      await queryClient.invalidateQueries({ queryKey: ["crm", "deals", "timeline", deal.id] });
      void queryClient.invalidateQueries({ queryKey: ["mail", "outbox"] });
      void queryClient.invalidateQueries({ queryKey: ["mail", "deal-files", deal.id] });
      // The outbox worker sends it in the background: look again once it has had the time.
      setTimeout(() => void queryClient.invalidateQueries({ queryKey: ["crm", "deals", "timeline", deal.id] }), 3000);
      onClose();
    } catch (caught) {
      handleFormError(caught, form);
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TemplatePicker
          target={{ dealId: deal.id }}
          onFilled={(filled) => {
            form.setField("subject", filled.subject);
            form.setField("body", filled.body);
          }}
        />
        <TextInput
          label={t("mail.compose.to")}
          description={t("mail.compose.toHint")}
          placeholder={t("mail.compose.toPlaceholder")}
          type="email"
          required
          maxLength={254}
          value={to}
          onChange={(event) => form.setField("to", event.currentTarget.value)}
          error={form.errors.to}
        />
        <TextInput
          label={t("mail.compose.subject")}
          required
          data-autofocus
          maxLength={500}
          {...form.text("subject")}
        />
        <Textarea
          label={t("mail.compose.body")}
          required
          autosize
          minRows={6}
          maxRows={16}
          maxLength={100_000}
          value={values.body}
          onChange={(event) => form.setField("body", event.currentTarget.value)}
          error={form.errors.body}
        />
        <LetterAttachments
          dealId={deal.id}
          files={files}
          onChange={setFiles}
          error={form.errors.fileIds ?? form.errors.taskFileIds ?? form.errors.driveFileIds}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose} disabled={sending}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={sending}>
            {t("mail.compose.send")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
