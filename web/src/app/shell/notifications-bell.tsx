import { ActionIcon, Popover, Stack, Text } from "@mantine/core";
import { IconBell, IconBellOff } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/** The notification centre; nothing sends notifications yet, so it shows its empty state. */
export function NotificationsBell() {
  const { t } = useTranslation();
  return (
    <Popover position="bottom-end" width={280} shadow="md" withinPortal>
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t("shell.notifications")}>
          <IconBell size={20} stroke={1.6} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Text fw={600} size="sm" mb="xs">
          {t("shell.notifications")}
        </Text>
        <Stack align="center" gap={6} py="md">
          <IconBellOff size={28} stroke={1.4} color="var(--mantine-color-dimmed)" />
          <Text size="sm" c="dimmed">
            {t("shell.noNotifications")}
          </Text>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
