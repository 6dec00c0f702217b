import { Badge, type BadgeProps } from "@mantine/core";
import type { Role } from "@planerka/common";
import { useTranslation } from "react-i18next";

const roleColors: Record<Role, string> = { manager: "blue", head: "teal", top: "violet", admin: "red" };

export function RoleBadge({ role, ...props }: { role: Role } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={roleColors[role]} variant="light" {...props}>
      {t(`roles.${role}`)}
    </Badge>
  );
}
