import { Group, Stack, Text } from "@mantine/core";
import type { Role } from "@planerka/common";
import { IconBuilding } from "@tabler/icons-react";
import { RoleBadge } from "./role-badge";
import { UserAvatar } from "./user-avatar";

export interface UserCardData {
  id: string;
  name: string;
  hasPhoto: boolean;
  position: string | null;
  unitName: string;
  role: Role;
}

export function UserCard({ user, size = 72 }: { user: UserCardData; size?: number }) {
  return (
    <Group gap="md" wrap="nowrap" align="center">
      <UserAvatar user={user} size={size} radius={size} />
      <Stack gap={4} miw={0}>
        <Text fw={600} size="lg" lh={1.25}>
          {user.name}
        </Text>
        {user.position && (
          <Text size="sm" c="dimmed">
            {user.position}
          </Text>
        )}
        <Group gap={8} wrap="wrap">
          <Group gap={4} wrap="nowrap">
            <IconBuilding size={14} stroke={1.6} color="var(--mantine-color-dimmed)" />
            <Text size="sm">{user.unitName}</Text>
          </Group>
          <RoleBadge role={user.role} size="sm" />
        </Group>
      </Stack>
    </Group>
  );
}
