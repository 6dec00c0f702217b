import { ThemeIcon } from "@mantine/core";
import type { UnitKind } from "@planerka/common";
import { IconBuildingCommunity, IconBuildingSkyscraper, IconMap2, IconUsersGroup } from "@tabler/icons-react";

const icons = {
  company: IconBuildingSkyscraper,
  region: IconMap2,
  city: IconBuildingCommunity,
  department: IconUsersGroup,
} as const;

const colors: Record<UnitKind, string> = { company: "indigo", region: "grape", city: "cyan", department: "orange" };

export function UnitKindIcon({ kind, size = 28 }: { kind: UnitKind; size?: number }) {
  const Icon = icons[kind];
  return (
    <ThemeIcon variant="light" color={colors[kind]} size={size} radius="md">
      <Icon size={Math.round(size * 0.6)} stroke={1.6} />
    </ThemeIcon>
  );
}
