import { Button, Checkbox, Group, SimpleGrid, Stack, Switch, TextInput } from "@mantine/core";
import { type WebhookEvent, webhookEvents } from "@planerka/common";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { handleFormError } from "../../lib/notify";
import { SecretShownOnce } from "../../lib/secret-shown-once";
import type { Webhook, WebhookInput } from "./webhooks-api";

/** i18next reads "." as a path: "deal.created" is looked up as "deal_created". */
export function eventLabelKey(event: string) {
  return `webhooks.eventNames.${event.replace(".", "_")}` as `webhooks.eventNames.${"deal_created"}`;
}

/** The address, the events (with their Russian names), on/off and a note. */
export function WebhookForm({
  webhook,
  onSubmit,
  onCancel,
  onStale,
}: {
  webhook: Webhook | null;
  onSubmit: (input: WebhookInput) => Promise<void>;
  onCancel: () => void;
  onStale?: () => void;
}) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(webhook?.url ?? "");
  const [events, setEvents] = useState<WebhookEvent[]>(webhook?.events ?? ["deal.created"]);
  const [active, setActive] = useState(webhook?.active ?? true);
  const [description, setDescription] = useState(webhook?.description ?? "");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (events.length === 0) return setErrors({ events: t("webhooks.noEvents") });
    setSaving(true);
    try {
      await onSubmit({ url: url.trim(), events, active, description: description.trim() || null });
    } catch (error) {
      handleFormError(error, { setErrors }, onStale);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label={t("webhooks.url")}
          description={t("webhooks.urlHint")}
          placeholder="https://crm.example.kz/planerka-events"
          value={url}
          onChange={(change) => setUrl(change.currentTarget.value)}
          error={errors.url}
          required
          data-autofocus
        />
        <Checkbox.Group
          label={t("webhooks.events")}
          value={events}
          onChange={(value) => setEvents(value as WebhookEvent[])}
          error={errors.events}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
            {webhookEvents.map((name) => (
              <Checkbox key={name} value={name} label={t(eventLabelKey(name))} title={name} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <TextInput
          label={t("webhooks.description")}
          value={description}
          maxLength={500}
          onChange={(change) => setDescription(change.currentTarget.value)}
          error={errors.description}
        />
        <Switch
          label={t("webhooks.active")}
          checked={active}
          onChange={(change) => setActive(change.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={saving}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The secret, this once, with a copy button. */
export function WebhookSecret({ secret, onDone }: { secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <SecretShownOnce
      secret={secret}
      warning={t("webhooks.secretOnce")}
      label={t("webhooks.secretTitle")}
      hint="X-Planerka-Signature: t=…,v1=…"
      doneLabel={t("webhooks.done")}
      onDone={onDone}
    />
  );
}
