import { Badge, Group } from "@mantine/core";
import type { GroupSummary } from "@planerka/common";
import { IconLock, IconWorld } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/** Kind, visibility, archive and the caller's role, as small badges. */
export function GroupBadges({ group, withRole = true }: { group: GroupSummary; withRole?: boolean }) {
  const { t } = useTranslation();
  const closed = group.visibility === "closed";
  return (
    <Group gap={6} wrap="wrap">
      <Badge size="sm" variant="light" color={group.kind === "project" ? "grape" : "indigo"}>
        {t(`groups.kind.${group.kind}`)}
      </Badge>
      <Badge
        size="sm"
        variant="light"
        color={closed ? "orange" : "teal"}
        leftSection={closed ? <IconLock size={12} /> : <IconWorld size={12} />}
      >
        {t(`groups.visibility.${group.visibility}`)}
      </Badge>
      {group.archived && (
        <Badge size="sm" variant="filled" color="gray">
          {t("groups.archived")}
        </Badge>
      )}
      {withRole && group.myRole && (
        <Badge size="sm" variant="outline" color="gray">
          {t(`groups.role.${group.myRole}`)}
        </Badge>
      )}
    </Group>
  );
}
