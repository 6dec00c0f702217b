import { Anchor, Badge, Button, Divider, Group, Skeleton, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import type { Unit } from "@planerka/common";
import { IconArrowRight, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { AnchorLink, ButtonLink } from "../../lib/links";
import { RoleBadge } from "./role-badge";
import { UnitKindIcon } from "./unit-kind-icon";
import type { UnitNode } from "./unit-tree-model";
import { UserAvatar } from "./user-avatar";
import { usersQuery } from "./users-api";

interface UnitDetailsProps {
  node: UnitNode;
  parent: Unit | undefined;
  canEdit: boolean;
  onSelect: (unit: Unit) => void;
  onEdit: (unit: Unit) => void;
  onAddChild: (unit: Unit) => void;
  onDelete: (unit: Unit) => void;
}

const previewSize = 8;

export function UnitDetails({ node, parent, canEdit, onSelect, onEdit, onAddChild, onDelete }: UnitDetailsProps) {
  const { t } = useTranslation();
  const { unit } = node;
  const people = useQuery(usersQuery({ limit: previewSize, unitId: unit.id, active: "true", sort: "name" }));

  return (
    <Stack gap="md">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <UnitKindIcon kind={unit.kind} size={40} />
        <div style={{ minWidth: 0 }}>
          <Title order={3} size="h4">
            {unit.name}
          </Title>
          <Group gap={6}>
            <Badge variant="light" size="sm">
              {t(`unitKinds.${unit.kind}`)}
            </Badge>
            {parent && (
              <Text size="xs" c="dimmed">
                {t("units.parent")}{" "}
                <Anchor component="button" type="button" size="xs" onClick={() => onSelect(parent)}>
                  {parent.name}
                </Anchor>
              </Text>
            )}
          </Group>
        </div>
      </Group>

      <Stack gap={4}>
        <Text size="sm">
          <Text span c="dimmed">
            {t("units.head")}:{" "}
          </Text>
          {unit.headUserId && unit.headUserName ? (
            <AnchorLink to="/users" search={{ user: unit.headUserId }} size="sm">
              {unit.headUserName}
            </AnchorLink>
          ) : (
            t("units.noHead")
          )}
        </Text>
        <Text size="sm">
          <Text span c="dimmed">
            {t("units.directMembers")}:{" "}
          </Text>
          {unit.userCount}
          {node.children.length > 0 && (
            <Text span c="dimmed">
              {" "}
              ({t("units.membersTotal", { count: node.totalUsers })})
            </Text>
          )}
        </Text>
        {node.children.length > 0 && (
          <Text size="sm" c="dimmed">
            {t("units.subunits", { count: node.children.length })}
          </Text>
        )}
      </Stack>

      {canEdit && (
        <Group gap="xs">
          <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} onClick={() => onEdit(unit)}>
            {t("common.edit")}
          </Button>
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onAddChild(unit)}>
            {t("units.addChild")}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={14} />}
            onClick={() => onDelete(unit)}
          >
            {t("common.delete")}
          </Button>
        </Group>
      )}

      <Divider />
      <Text fw={600} size="sm">
        {t("units.people")}
      </Text>
      {people.isPending ? (
        <Skeleton h={120} />
      ) : (people.data?.items.length ?? 0) === 0 ? (
        <Text size="sm" c="dimmed">
          {t("units.noPeople")}
        </Text>
      ) : (
        <Stack gap={4}>
          {people.data?.items.map((user) => (
            <UnstyledButton
              key={user.id}
              renderRoot={(props) => <Link to="/users" search={{ user: user.id, unitId: unit.id }} {...props} />}
              p={6}
              style={{ borderRadius: "var(--mantine-radius-sm)" }}
            >
              <Group gap="sm" wrap="nowrap">
                <UserAvatar user={user} size={32} radius="xl" />
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Text size="sm" truncate>
                    {user.name}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {user.position ?? user.unitName}
                    {user.unitId !== unit.id && user.position ? ` · ${user.unitName}` : ""}
                  </Text>
                </div>
                <RoleBadge role={user.role} size="xs" />
              </Group>
            </UnstyledButton>
          ))}
        </Stack>
      )}
      <ButtonLink
        to="/users"
        search={{ unitId: unit.id }}
        variant="light"
        rightSection={<IconArrowRight size={16} />}
        fullWidth
      >
        {t("units.showAllPeople")} ({people.data?.total ?? node.totalUsers})
      </ButtonLink>
    </Stack>
  );
}
