import { ActionIcon, Box, Group, Table, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { ActivityCounts, countedCategories, UnitRollup } from "@planerka/common";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import { EmployeeActions } from "./employee-actions";
import {
  ActivityCells,
  ActivityHeaders,
  CoefficientCell,
  MoneyCells,
  MoneyHeaders,
  type RollupView,
} from "./rollup-cells";

export type RollupUser = UnitRollup["users"][number];

/** The root of the table: the chosen unit with its own totals. */
export interface RollupRoot {
  unit: UnitRollup["unit"];
  totals: UnitRollup["totals"];
  children: UnitRollup[];
  users: RollupUser[];
}

type Row =
  | { kind: "unit"; node: UnitRollup; depth: number; expandable: boolean; expanded: boolean }
  | { kind: "user"; item: RollupUser; depth: number };

function flatten(node: { children: UnitRollup[]; users: RollupUser[] }, depth: number, expanded: Set<string>): Row[] {
  const rows: Row[] = [];
  for (const child of node.children) {
    const expandable = child.children.length > 0 || child.users.length > 0;
    const isOpen = expandable && expanded.has(child.unit.id);
    rows.push({ kind: "unit", node: child, depth, expandable, expanded: isOpen });
    if (isOpen) rows.push(...flatten(child, depth + 1, expanded));
  }
  for (const item of node.users) rows.push({ kind: "user", item, depth });
  return rows;
}

/** The employees whose rows are shown with these units expanded. */
export function shownUserIds(root: { children: UnitRollup[]; users: RollupUser[] }, expanded: Set<string>): string[] {
  return flatten(root, 0, expanded).flatMap((row) => (row.kind === "user" ? [row.item.user.id] : []));
}

/** Every unit below the root that has something to show when opened. */
export function expandableIds(node: { children: UnitRollup[] }): string[] {
  return node.children.flatMap((child) => [
    ...(child.children.length > 0 || child.users.length > 0 ? [child.unit.id] : []),
    ...expandableIds(child),
  ]);
}

const sticky: CSSProperties = { position: "sticky", left: 0, zIndex: 2 };
const unitBackground = ["var(--mantine-color-blue-0)", "var(--mantine-color-gray-0)", "var(--mantine-color-gray-0)"];

interface RollupTableProps {
  root: RollupRoot;
  expanded: Set<string>;
  onToggle: (unitId: string) => void;
  onOpenDeals: (user: RollupUser["user"]) => void;
  onWrite: (user: RollupUser["user"]) => void;
  onOpenWorkflows: (user: RollupUser["user"]) => void;
  /** Running and stalled workflows on each shown employee's records. */
  workflowCounts: ReadonlyMap<string, { running: number; stalled: number }>;
  view: RollupView;
  /** The month's counts by unit and person id (the «Активность» columns), while loading undefined. */
  counts?: { units: ReadonlyMap<string, ActivityCounts>; users: ReadonlyMap<string, ActivityCounts> };
  /** The activity type ids of each counted category, comma-separated, for the drill-down. */
  typeIds: Record<(typeof countedCategories)[number], string>;
}

/** The tree table «По подразделениям»: units expand to sub-units and their people. */
export function RollupTable({
  root,
  expanded,
  onToggle,
  onOpenDeals,
  onWrite,
  onOpenWorkflows,
  workflowCounts,
  view,
  counts,
  typeIds,
}: RollupTableProps) {
  const { t } = useTranslation();
  const rows = flatten(root, 0, expanded);
  // On a phone the figures come right after the pinned name; the row's buttons go to the end.
  const phone = useMediaQuery("(max-width: 600px)") ?? false;
  // Below 1400 px the row's buttons take two rows and the name column narrows, so every column fits.
  const narrow = useMediaQuery("(max-width: 1400px)") ?? false;
  const actionsFirst = !phone;
  const indent = (depth: number) => depth * (phone ? 12 : 20);

  return (
    <Table
      aria-label={t("headCabinet.tabUnits")}
      highlightOnHover
      withRowBorders
      verticalSpacing={6}
      horizontalSpacing={5}
      style={{ minWidth: phone ? 720 : undefined }}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th
            style={{ ...sticky, background: "var(--mantine-color-body)", zIndex: 3 }}
            miw={phone ? 150 : narrow ? 170 : 190}
          >
            {t("headCabinet.columns.name")}
          </Table.Th>
          {actionsFirst && <Table.Th>{t("headCabinet.columns.actions")}</Table.Th>}
          {view === "money" ? <MoneyHeaders /> : <ActivityHeaders />}
          <Table.Th ta="right">{t("headCabinet.columns.activity")}</Table.Th>
          {!actionsFirst && <Table.Th>{t("headCabinet.columns.actions")}</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => {
          if (row.kind === "unit") {
            const { node } = row;
            const background = unitBackground[Math.min(row.depth, unitBackground.length - 1)];
            const label = t(row.expanded ? "headCabinet.collapse" : "headCabinet.expand", { name: node.unit.name });
            return (
              <Table.Tr key={`unit-${node.unit.id}`} style={{ background }}>
                <Table.Td style={{ ...sticky, background }}>
                  <Group gap={6} wrap="nowrap" pl={indent(row.depth)}>
                    {row.expandable ? (
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        aria-label={label}
                        aria-expanded={row.expanded}
                        onClick={() => onToggle(node.unit.id)}
                      >
                        {row.expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                      </ActionIcon>
                    ) : (
                      <Box w={22} />
                    )}
                    <div>
                      <Text size="sm" fw={600} lh={1.2}>
                        {node.unit.name}
                      </Text>
                      <Text size="xs" c="dimmed" lh={1.2}>
                        {t(`unitKinds.${node.unit.kind}`)}
                      </Text>
                    </div>
                  </Group>
                </Table.Td>
                {actionsFirst && <Table.Td />}
                {view === "money" ? (
                  <MoneyCells figures={node.totals} strong />
                ) : (
                  <ActivityCells counts={counts?.units.get(node.unit.id)} strong />
                )}
                <CoefficientCell value={node.totals.activityCoefficient} strong />
                {!actionsFirst && <Table.Td />}
              </Table.Tr>
            );
          }
          const { item } = row;
          const name = item.user.name;
          const actions = (
            <Table.Td>
              <EmployeeActions
                item={item}
                workflows={workflowCounts.get(item.user.id)}
                onOpenDeals={onOpenDeals}
                onWrite={onWrite}
                onOpenWorkflows={onOpenWorkflows}
                compact={narrow && !phone}
              />
            </Table.Td>
          );
          return (
            <Table.Tr key={`user-${item.user.id}`}>
              <Table.Td style={{ ...sticky, background: "var(--mantine-color-body)" }}>
                <Box pl={indent(row.depth) + (phone ? 20 : 28)}>
                  <Text size="sm" lh={1.2}>
                    {name}
                  </Text>
                  {item.user.position && (
                    <Text size="xs" c="dimmed" lh={1.2}>
                      {item.user.position}
                    </Text>
                  )}
                </Box>
              </Table.Td>
              {actionsFirst && actions}
              {view === "money" ? (
                <MoneyCells figures={item} />
              ) : (
                <ActivityCells counts={counts?.users.get(item.user.id)} person={{ id: item.user.id, name, typeIds }} />
              )}
              <CoefficientCell value={item.activityCoefficient} />
              {!actionsFirst && actions}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr
          style={{ background: "var(--mantine-color-gray-1)", borderTop: "2px solid var(--mantine-color-gray-4)" }}
        >
          <Table.Th style={{ ...sticky, background: "var(--mantine-color-gray-1)" }}>
            <Text fw={700} size="sm">
              {t("headCabinet.total")}: {root.unit.name}
            </Text>
          </Table.Th>
          {actionsFirst && <Table.Td />}
          {view === "money" ? (
            <MoneyCells figures={root.totals} strong />
          ) : (
            <ActivityCells counts={counts?.units.get(root.unit.id)} strong />
          )}
          <CoefficientCell value={root.totals.activityCoefficient} strong />
          {!actionsFirst && <Table.Td />}
        </Table.Tr>
      </Table.Tfoot>
    </Table>
  );
}
