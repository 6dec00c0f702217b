import { ActionIcon, Badge, Box, Group, Menu, Text, Tooltip, UnstyledButton } from "@mantine/core";
import type { Unit } from "@planerka/common";
import { IconChevronRight, IconDots, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { UnitKindIcon } from "./unit-kind-icon";
import type { UnitNode } from "./unit-tree-model";

interface UnitTreeProps {
  nodes: UnitNode[];
  expanded: Set<string>;
  onToggle: (id: string) => void;
  selectedId: string | undefined;
  onSelect: (unit: Unit) => void;
  canEdit: boolean;
  onEdit: (unit: Unit) => void;
  onAddChild: (unit: Unit) => void;
  onDelete: (unit: Unit) => void;
}

export function UnitTree(props: UnitTreeProps) {
  return (
    <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {props.nodes.map((node) => (
        <UnitTreeItem key={node.unit.id} node={node} {...props} />
      ))}
    </ul>
  );
}

function UnitTreeItem({ node, ...props }: UnitTreeProps & { node: UnitNode }) {
  const { t } = useTranslation();
  const { unit, children, depth } = node;
  const hasChildren = children.length > 0;
  const open = props.expanded.has(unit.id);
  const selected = props.selectedId === unit.id;

  return (
    <li>
      <Group
        gap={6}
        wrap="nowrap"
        py={6}
        pr="xs"
        pl={`calc(${depth} * var(--tree-indent) + 6px)`}
        style={{
          "--tree-indent": "clamp(12px, 3vw, 24px)",
          borderRadius: "var(--mantine-radius-md)",
          background: selected ? "var(--mantine-color-indigo-light)" : undefined,
        }}
      >
        {hasChildren ? (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={() => props.onToggle(unit.id)}
            aria-label={`${open ? t("units.collapse") : t("units.expand")}: ${unit.name}`}
            aria-expanded={open}
          >
            <IconChevronRight
              size={16}
              style={{ transform: open ? "rotate(90deg)" : undefined, transition: "transform 120ms ease" }}
            />
          </ActionIcon>
        ) : (
          <Box w={22} style={{ flexShrink: 0 }} />
        )}
        <UnstyledButton
          onClick={() => props.onSelect(unit)}
          aria-label={unit.name}
          aria-current={selected ? "true" : undefined}
          style={{ flex: 1, minWidth: 0 }}
        >
          <Group gap="sm" wrap="nowrap">
            <UnitKindIcon kind={unit.kind} />
            <Box miw={0}>
              <Text size="sm" fw={500} truncate>
                {unit.name}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {t(`unitKinds.${unit.kind}`)} · {unit.headUserName ?? t("units.noHead")}
              </Text>
            </Box>
          </Group>
        </UnstyledButton>
        <Tooltip label={t("units.membersTotal", { count: node.totalUsers })} withArrow>
          <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
            {unit.userCount}
            {hasChildren ? ` / ${node.totalUsers}` : ""}
          </Badge>
        </Tooltip>
        {props.canEdit && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`${t("common.actions")}: ${unit.name}`}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => props.onEdit(unit)}>
                {t("common.edit")}
              </Menu.Item>
              <Menu.Item leftSection={<IconPlus size={14} />} onClick={() => props.onAddChild(unit)}>
                {t("units.addChild")}
              </Menu.Item>
              <Menu.Item leftSection={<IconTrash size={14} />} color="red" onClick={() => props.onDelete(unit)}>
                {t("common.delete")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {hasChildren && open && (
        <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {children.map((child) => (
            <UnitTreeItem key={child.unit.id} {...props} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}
