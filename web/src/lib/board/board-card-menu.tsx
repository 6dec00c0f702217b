import { ActionIcon, Box, Menu } from "@mantine/core";
import { IconArrowsExchange } from "@tabler/icons-react";

export interface MoveTarget {
  id: string;
  label: string;
  color: string;
}

/** A card's «move to» menu: the board's way to move a card without dragging it. */
export function BoardCardMenu({
  label,
  title,
  targets,
  pending,
  onMove,
}: {
  /** The button's accessible name. */
  label: string;
  /** The menu's heading. */
  title: string;
  targets: MoveTarget[];
  pending?: boolean;
  onMove: (targetId: string) => void;
}) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={label} disabled={pending}>
          <IconArrowsExchange size={14} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{title}</Menu.Label>
        {targets.map((target) => (
          <Menu.Item
            key={target.id}
            onClick={() => onMove(target.id)}
            leftSection={<Box w={10} h={10} style={{ borderRadius: 5, background: target.color }} />}
          >
            {target.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
