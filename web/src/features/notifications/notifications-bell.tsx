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
import { IconBell, IconBellOff } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { useRealtime, useRealtimeStart } from "../../lib/realtime";
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

  useRealtimeStart(() => void queryClient.invalidateQueries({ queryKey: ["notifications"] }));
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
        if (notification.link) void navigate({ to: notification.link });
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
    if (item.link) void navigate({ to: item.link });
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
                <NotificationRow key={item.id} item={item} onOpen={() => open(item)} />
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

function NotificationRow({ item, onOpen }: { item: Notification; onOpen: () => void }) {
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
