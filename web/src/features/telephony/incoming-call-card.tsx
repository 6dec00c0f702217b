import { ActionIcon, Group, Paper, Stack, Text, ThemeIcon } from "@mantine/core";
import { formatTenge, type IncomingCall } from "@planerka/common";
import { IconPhoneIncoming, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { useRealtime } from "../../lib/realtime";

/** While a call rings on my extension: who is calling, their open deals and last activity. */
export function IncomingCallCard() {
  const { t } = useTranslation();
  const me = useMe();
  const [ringing, setRinging] = useState<{ call: IncomingCall; answered: boolean } | null>(null);
  useRealtime("incoming_call", (frame) => setRinging({ call: frame.call, answered: false }));
  // Answered: the card stays while they talk; ended (finished, missed): it goes.
  useRealtime("incoming_call_state", (frame) =>
    setRinging((current) =>
      current?.call.callId !== frame.callId ? current : frame.state === "ended" ? null : { ...current, answered: true },
    ),
  );
  if (!ringing) return null;
  const { call, answered } = ringing;
  const close = () => setRinging(null);

  return (
    <Paper
      role="alertdialog"
      aria-label={t("telephony.incoming.title")}
      withBorder
      shadow="lg"
      radius="md"
      p="md"
      pos="fixed"
      bottom={16}
      right={16}
      w={{ base: "calc(100vw - 32px)", sm: 360 }}
      style={{ zIndex: 300 }}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon color="teal" variant="light" size="lg" radius="xl">
              <IconPhoneIncoming size={18} />
            </ThemeIcon>
            <div>
              <Text size="xs" c="dimmed">
                {t(answered ? "telephony.incoming.answered" : "telephony.incoming.title")}
              </Text>
              <Text fw={600}>{call.number}</Text>
            </div>
          </Group>
          <ActionIcon variant="subtle" color="gray" aria-label={t("common.close")} onClick={close}>
            <IconX size={16} />
          </ActionIcon>
        </Group>
        {call.test && (
          <Text size="sm" c="dimmed">
            {t("telephony.incoming.test")}
          </Text>
        )}
        {call.client ? (
          <div>
            {call.client.kind === "contact" ? (
              <AnchorLink to="/crm/contacts/$contactId" params={{ contactId: call.client.id }} fw={600} onClick={close}>
                {call.client.name}
              </AnchorLink>
            ) : (
              <AnchorLink
                to="/crm/companies/$companyId"
                params={{ companyId: call.client.id }}
                fw={600}
                onClick={close}
              >
                {call.client.name}
              </AnchorLink>
            )}
            {call.client.companyName && (
              <Text size="sm" c="dimmed">
                {call.client.companyName}
              </Text>
            )}
          </div>
        ) : call.leadId ? (
          <AnchorLink to="/crm/leads/$leadId" params={{ leadId: call.leadId }} fw={600} onClick={close}>
            {t("telephony.incoming.newLead")}
          </AnchorLink>
        ) : call.test ? null : (
          <Text size="sm">{t("telephony.incoming.unknown")}</Text>
        )}
        {call.openDeals.length > 0 && (
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              {t("telephony.incoming.openDeals")}
            </Text>
            {call.openDeals.map((deal) => (
              <Group key={deal.id} justify="space-between" wrap="nowrap" gap="xs">
                <AnchorLink to="/crm/deals/$dealId" params={{ dealId: deal.id }} size="sm" truncate onClick={close}>
                  {deal.title}
                </AnchorLink>
                <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                  {formatTenge(deal.amount, { whole: true })}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
        {call.lastActivity && (
          <Text size="xs" c="dimmed">
            {t("telephony.incoming.lastActivity", {
              subject: call.lastActivity.subject,
              date: formatDateTime(call.lastActivity.at, me.timeZone),
            })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
