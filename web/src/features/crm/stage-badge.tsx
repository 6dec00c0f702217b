import { Badge, type BadgeProps } from "@mantine/core";
import type { StageSemantic } from "@planerka/common";
import { IconThumbDown, IconTrophy } from "@tabler/icons-react";

interface StageBadgeProps extends BadgeProps {
  stage: { name: string; color: string; semantic: StageSemantic };
}

/**
 * A stage in the stage's own colour; won and lost carry an icon so colour is not the only sign.
 * The icon replaces the dot: Mantine lays the dot, a section and the label out in one grid, and
 * with both the label wrapped below the badge's height («Успешно» and «Провалена» were clipped).
 */
export function StageBadge({ stage, ...props }: StageBadgeProps) {
  const icon =
    stage.semantic === "won" ? (
      <IconTrophy size={12} />
    ) : stage.semantic === "lost" ? (
      <IconThumbDown size={12} />
    ) : null;
  return (
    <Badge color={stage.color} variant={icon ? "light" : "dot"} leftSection={icon} {...props}>
      {stage.name}
    </Badge>
  );
}
