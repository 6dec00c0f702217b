import { Anchor, Badge, Button, Group, Stack, Text, Textarea } from "@mantine/core";
import type { TimelineItem } from "@planerka/common";
import { IconArrowBackUp, IconPaperclip, IconSend } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { type CSSProperties, type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../lib/form-modal";
import { handleFormError, notifySuccess } from "../../lib/notify";
import { formatSize } from "../../lib/numbers";
import { inboundAttachmentUrl, replyToInbound } from "./inbox-api";

/**
 * A letter imported from a mailbox on a card's timeline: «Входящее» (or one the employee sent from
 * their own mail client), its files as downloads, and «Ответить», which sends the answer in its
 * thread. `className` is the timeline's item style, passed in so this stays out of the CRM's CSS.
 */
export function InboundLetterEntry({ item, when, className }: { item: TimelineItem; when: string; className: string }) {
  const { t } = useTranslation();
  const [replying, setReplying] = useState(false);
  const inbound = item.inbound!;
  const incoming = inbound.direction === "in";
  const color = incoming ? "indigo" : "teal";
  return (
    <li
      className={className}
      style={{ "--dot-color": `var(--mantine-color-${color}-6)` } as CSSProperties}
      data-kind="email"
      data-state="received"
      data-inbound={inbound.id}
    >
      <Group gap={6} wrap="wrap">
        <Text size="xs" c="dimmed">
          {[t("crm.timeline.kinds.email"), item.authorName, when].filter(Boolean).join(" · ")}
        </Text>
        <Badge size="xs" variant="light" color={color}>
          {t(incoming ? "mailInbox.timeline.incoming" : "mailInbox.timeline.outgoing")}
        </Badge>
      </Group>
      <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
        {item.title}
      </Text>
      {item.email && (
        <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
          {incoming
            ? t("mailInbox.timeline.from", { from: item.email.from })
            : t("mail.timeline.to", { to: item.email.to })}
        </Text>
      )}
      {item.body && (
        <Text size="sm" c="dimmed" mt={2} lineClamp={6} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {item.body}
        </Text>
      )}
      {inbound.attachments.length > 0 && (
        <Stack gap={2} mt={4} role="list" aria-label={t("mailInbox.timeline.attachments")}>
          {inbound.attachments.map((file) => (
            <Group key={file.id} gap={6} wrap="nowrap" role="listitem">
              <IconPaperclip size={14} aria-hidden />
              {file.stored ? (
                <Anchor href={inboundAttachmentUrl(inbound.id, file.id)} download={file.name} size="sm" truncate>
                  {file.name}
                </Anchor>
              ) : (
                <Text size="sm" c="dimmed" truncate>
                  {file.name} ({t("mailInbox.timeline.notStored")})
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {formatSize(file.size)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
      <Group mt={4}>
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<IconArrowBackUp size={14} />}
          onClick={() => setReplying(true)}
        >
          {t("mailInbox.timeline.reply")}
        </Button>
      </Group>
      <FormModal
        opened={replying}
        onClose={() => setReplying(false)}
        title={t("mailInbox.timeline.replyTitle", { subject: item.title })}
      >
        {replying && <ReplyForm item={item} onDone={() => setReplying(false)} />}
      </FormModal>
    </li>
  );
}

function ReplyForm({ item, onDone }: { item: TimelineItem; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [sending, setSending] = useState(false);
  const to = item.inbound?.direction === "in" ? item.email?.from : item.email?.to.split(",")[0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    try {
      await replyToInbound(item.inbound!.id, { text });
      // The reply shows on the card's timeline as a letter in the outbox.
      await queryClient.invalidateQueries({ queryKey: ["crm"] });
      notifySuccess(t("mailInbox.timeline.replyQueued"));
      onDone();
    } catch (error) {
      handleFormError(error, { setErrors });
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {to && (
          <Text size="sm" c="dimmed">
            {t("mailInbox.timeline.replyTo", { to })}
          </Text>
        )}
        <Textarea
          label={t("mailInbox.timeline.replyText")}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          error={errors.text}
          autosize
          minRows={5}
          required
          data-autofocus
        />
        <Group justify="flex-end">
          <Button type="submit" loading={sending} leftSection={<IconSend size={16} />}>
            {t("mailInbox.timeline.send")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
