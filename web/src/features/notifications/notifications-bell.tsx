import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Switch,
  Text,
  UnstyledButton,
} from "@mantine/core";
import type { Notification } from "@planerka/common";
import { IconBell, IconBellOff, IconCheck, IconX } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { notifyError, notifySuccess } from "../../lib/notify";
import { invalidateIncludingInFlight } from "../../lib/query-client";
import { useRealtime, useRealtimeStart } from "../../lib/realtime";
import { type EventAnswer, refreshCalendarViews, respondToEvent } from "../calendar/calendar-api";
import { markNotificationsRead, notificationPageSize, notificationsQuery } from "./notifications-api";

/** The notification centre: everything addressed to the user, with an unread badge. */
export function NotificationsBell() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [limit, setLimit] = useState(notificationPageSize);
  const [onlyUnread, setOnlyUnread] = useState(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { data } = useQuery(notificationsQuery(limit, onlyUnread));
  const unread = data?.unread ?? 0;

  useRealtimeStart(() => invalidateIncludingInFlight(queryClient, ["notifications"]));
  // A pushed notification refreshes the list; with the tab in the background the browser shows it too.
  useRealtime("notification", ({ notification }) => {
    void queryClient.invalidateQueries({ queryKey: ["notifications"] });
    if (document.hidden && "Notification" in window && Notification.permission === "granted") {
      const shown = new Notification(notification.title, {
        body: notification.body ?? undefined,
        tag: notification.id,
      });
      shown.onclick = () => {
        window.focus();
        if (notification.link) void navigate({ href: notification.link });
      };
    }
  });

  const markRead = async (ids?: string[]) => {
    await markNotificationsRead(ids);
    await queryClient.invalidateQueries({ queryKey: ["notifications"] });
  };

  const open = (item: Notification) => {
    if (!item.readAt) void markRead([item.id]);
    setOpened(false);
    // A link may carry a query (`/calendar?event=<id>`), so it goes as a whole address.
    if (item.link) void navigate({ href: item.link });
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md" withinPortal>
      <Popover.Target>
        <Indicator label={unread > 99 ? "99+" : unread} size={16} disabled={unread === 0} offset={6} color="red">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={t("notifications.title")}
            data-testid="notifications-bell"
            onClick={() => setOpened((value) => !value)}
          >
            <IconBell size={20} stroke={1.6} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Group justify="space-between" mb="xs" wrap="nowrap">
          <Text fw={600} size="sm">
            {t("notifications.title")}
          </Text>
          <Button size="compact-xs" variant="subtle" disabled={unread === 0} onClick={() => void markRead()}>
            {t("notifications.markAllRead")}
          </Button>
        </Group>
        <BrowserNotificationsSwitch />
        <Switch
          size="xs"
          mb="xs"
          label={t("notifications.onlyUnread")}
          checked={onlyUnread}
          onChange={(event) => setOnlyUnread(event.currentTarget.checked)}
        />
        {data && data.items.length === 0 ? (
          <Stack align="center" gap={6} py="md">
            <IconBellOff size={28} stroke={1.4} color="var(--mantine-color-dimmed)" />
            <Text size="sm" c="dimmed">
              {t("notifications.empty")}
            </Text>
          </Stack>
        ) : (
          <ScrollArea.Autosize mah={420} type="auto">
            <Stack gap={2}>
              {data?.items.map((item) => (
                <NotificationRow
                  key={item.id}
                  item={item}
                  onOpen={() => open(item)}
                  onAnswered={() => (item.readAt ? undefined : markRead([item.id]))}
                />
              ))}
            </Stack>
            {data && data.total > data.items.length && (
              <Button
                variant="subtle"
                size="xs"
                fullWidth
                mt="xs"
                onClick={() => setLimit((value) => value + notificationPageSize)}
              >
                {t("notifications.showMore")}
              </Button>
            )}
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}

function NotificationRow({
  item,
  onOpen,
  onAnswered,
}: {
  item: Notification;
  onOpen: () => void;
  onAnswered: () => Promise<void> | undefined;
}) {
  const invitation = item.kind === "event_invitation" ? invitedEventId(item.link) : null;
  const row = <NotificationButton item={item} onOpen={onOpen} />;
  if (!invitation) return row;
  return (
    <Stack gap={4} data-testid="invitation">
      {row}
      <InvitationAnswer eventId={invitation} onAnswered={onAnswered} />
    </Stack>
  );
}

function NotificationButton({ item, onOpen }: { item: Notification; onOpen: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const kindKey = `notifications.kinds.${item.kind}`;
  const kind = t(kindKey as "notifications.kinds.other", { defaultValue: t("notifications.kinds.other") });
  return (
    <UnstyledButton
      onClick={onOpen}
      p={6}
      data-testid="notification-item"
      style={{
        borderRadius: 6,
        background: item.readAt ? undefined : "var(--mantine-color-blue-light)",
      }}
    >
      <Text size="xs" c="dimmed">
        {kind}
        {item.actor ? ` · ${item.actor.name}` : ""}
      </Text>
      <Text size="sm" fw={item.readAt ? 400 : 600} lineClamp={2}>
        {item.title}
      </Text>
      {item.body && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {item.body}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {formatDateTime(item.createdAt, me.timeZone)}
      </Text>
    </UnstyledButton>
  );
}

/** The event an invitation links to: `/calendar?event=<id>`. */
function invitedEventId(link: string | null): string | null {
  if (!link?.startsWith("/calendar?")) return null;
  return new URLSearchParams(link.slice(link.indexOf("?") + 1)).get("event");
}

/** «Принять» / «Отклонить» right in the notification centre; the invitation is then read. */
function InvitationAnswer({ eventId, onAnswered }: { eventId: string; onAnswered: () => Promise<void> | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [sending, setSending] = useState<EventAnswer | null>(null);
  const [answered, setAnswered] = useState<EventAnswer | null>(null);

  const answer = async (response: EventAnswer) => {
    setSending(response);
    try {
      await respondToEvent(eventId, response);
      setAnswered(response);
      notifySuccess(t(response === "accepted" ? "calendar.invitation.accepted" : "calendar.invitation.declined"));
      refreshCalendarViews(queryClient, eventId);
      await onAnswered();
    } catch (error) {
      notifyError(error);
    } finally {
      setSending(null);
    }
  };

  if (answered) {
    return (
      <Text size="xs" c={answered === "accepted" ? "teal" : "red"} px={6} pb={4} role="status">
        {t(answered === "accepted" ? "calendar.invitation.accepted" : "calendar.invitation.declined")}
      </Text>
    );
  }
  return (
    <Group gap={6} px={6} pb={4} role="group" aria-label={t("calendar.invitation.actions")}>
      <Button
        size="compact-xs"
        color="teal"
        leftSection={<IconCheck size={12} />}
        loading={sending === "accepted"}
        disabled={sending === "declined"}
        onClick={() => void answer("accepted")}
      >
        {t("calendar.invitation.accept")}
      </Button>
      <Button
        size="compact-xs"
        variant="light"
        color="red"
        leftSection={<IconX size={12} />}
        loading={sending === "declined"}
        disabled={sending === "accepted"}
        onClick={() => void answer("declined")}
      >
        {t("calendar.invitation.decline")}
      </Button>
    </Group>
  );
}

/** Asks the browser's permission once the person wants notifications while the tab is hidden. */
function BrowserNotificationsSwitch() {
  const { t } = useTranslation();
  const supported = typeof window !== "undefined" && "Notification" in window;
  const [permission, setPermission] = useState(supported ? Notification.permission : "denied");
  if (!supported || permission === "denied") return null;
  return (
    <Switch
      size="xs"
      mb={6}
      label={t("notifications.browser")}
      checked={permission === "granted"}
      disabled={permission === "granted"}
      onChange={() => void Notification.requestPermission().then(setPermission)}
    />
  );
}
