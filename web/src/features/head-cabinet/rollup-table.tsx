import { ActionIcon, type ActionIconProps, Box, Button, Group, Progress, Table, Text, Tooltip } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { UnitRollup } from "@planerka/common";
import {
  IconBriefcase,
  IconChevronDown,
  IconChevronRight,
  IconListCheck,
  IconMessage,
  IconUser,
} from "@tabler/icons-react";
import { createLink, useRouter } from "@tanstack/react-router";
import type { AnchorHTMLAttributes, CSSProperties, MouseEvent, ReactNode, Ref } from "react";
import { useTranslation } from "react-i18next";
import { completionColor, formatAmount, formatMoney, formatPercent } from "./format";

type RollupUser = UnitRollup["users"][number];
type Figures = UnitRollup["totals"];

/** The root of the table: the chosen unit with its own totals. */
export interface RollupRoot {
  unit: UnitRollup["unit"];
  totals: Figures;
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

/** Every unit below the root that has something to show when opened. */
export function expandableIds(node: { children: UnitRollup[] }): string[] {
  return node.children.flatMap((child) => [
    ...(child.children.length > 0 || child.users.length > 0 ? [child.unit.id] : []),
    ...expandableIds(child),
  ]);
}

type AnchorElementProps = AnchorHTMLAttributes<HTMLAnchorElement> & { ref?: Ref<HTMLAnchorElement> };
function ActionIconAnchor(props: ActionIconProps & AnchorElementProps) {
  return <ActionIcon component="a" {...props} />;
}
const ActionIconLink = createLink(ActionIconAnchor);

/**
 * A link to a path that another feature owns (the manager cabinet): a real anchor,
 * navigated inside the app on a plain click.
 */
function HrefActionIcon({ href, label, children }: { href: string; label: string; children: ReactNode }) {
  const router = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void router.navigate({ href });
  };
  return (
    <Tooltip label={label} withArrow>
      <ActionIcon component="a" href={href} onClick={onClick} variant="subtle" aria-label={label}>
        {children}
      </ActionIcon>
    </Tooltip>
  );
}

const sticky: CSSProperties = { position: "sticky", left: 0, zIndex: 2 };
const unitBackground = ["var(--mantine-color-blue-0)", "var(--mantine-color-gray-0)", "var(--mantine-color-gray-0)"];

function FigureCells({ figures, strong }: { figures: Figures; strong?: boolean }) {
  const { t } = useTranslation();
  const fw = strong ? 700 : undefined;
  const color = completionColor(figures.actual, figures.plan, figures.planToDate);
  return (
    <>
      <Table.Td ta="right" fw={fw} style={{ whiteSpace: "nowrap" }}>
        {formatAmount(figures.plan)}
      </Table.Td>
      <Table.Td ta="right" fw={fw} style={{ whiteSpace: "nowrap" }}>
        {formatAmount(figures.planToDate)}
      </Table.Td>
      <Table.Td ta="right" fw={fw} style={{ whiteSpace: "nowrap" }}>
        {formatAmount(figures.actual)}
      </Table.Td>
      <Table.Td fw={fw}>
        <Tooltip
          label={t("headCabinet.completionHint", {
            actual: formatMoney(figures.actual),
            planToDate: formatMoney(figures.planToDate),
          })}
          withArrow
          disabled={figures.plan <= 0}
        >
          <Box miw={80}>
            <Text size="sm" fw={fw} ta="right">
              {formatPercent(figures.completion)}
            </Text>
            <Progress
              aria-hidden
              size="sm"
              color={color}
              value={figures.completion === null ? 0 : Math.min(figures.completion, 100)}
              mt={4}
            />
          </Box>
        </Tooltip>
      </Table.Td>
      <Table.Td ta="right" fw={fw} style={{ whiteSpace: "nowrap" }}>
        <div>{formatAmount(figures.dealsInWork.amount)}</div>
        <Text size="xs" c="dimmed" fw={fw}>
          {t("headCabinet.dealsCount", { count: figures.dealsInWork.count })}
        </Text>
      </Table.Td>
      <Table.Td ta="right" fw={fw} style={{ whiteSpace: "nowrap" }}>
        {formatPercent(figures.activityCoefficient)}
      </Table.Td>
    </>
  );
}

interface RollupTableProps {
  root: RollupRoot;
  expanded: Set<string>;
  onToggle: (unitId: string) => void;
  onOpenDeals: (user: RollupUser["user"]) => void;
  onWrite: (user: RollupUser["user"]) => void;
}

/** The tree table «По подразделениям»: units expand to sub-units and their people. */
export function RollupTable({ root, expanded, onToggle, onOpenDeals, onWrite }: RollupTableProps) {
  const { t } = useTranslation();
  const rows = flatten(root, 0, expanded);
  // On a phone the figures come right after the pinned name; the row's buttons go to the end.
  const phone = useMediaQuery("(max-width: 600px)") ?? false;
  const actionsFirst = !phone;
  const indent = (depth: number) => depth * (phone ? 12 : 20);

  return (
    <Table
      aria-label={t("headCabinet.tabUnits")}
      highlightOnHover
      withRowBorders
      verticalSpacing={6}
      horizontalSpacing={6}
      style={{ minWidth: 960 }}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th style={{ ...sticky, background: "var(--mantine-color-body)", zIndex: 3 }} miw={phone ? 150 : 190}>
            {t("headCabinet.columns.name")}
          </Table.Th>
          {actionsFirst && <Table.Th>{t("headCabinet.columns.actions")}</Table.Th>}
          <Table.Th ta="right">{t("headCabinet.columns.plan")}, ₸</Table.Th>
          <Table.Th ta="right">{t("headCabinet.columns.planToDate")}, ₸</Table.Th>
          <Table.Th ta="right">{t("headCabinet.columns.actual")}, ₸</Table.Th>
          <Table.Th ta="right">{t("headCabinet.columns.completion")}</Table.Th>
          <Table.Th ta="right">{t("headCabinet.columns.openDeals")}, ₸</Table.Th>
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
                <FigureCells figures={node.totals} strong />
                {!actionsFirst && <Table.Td />}
              </Table.Tr>
            );
          }
          const { item } = row;
          const name = item.user.name;
          const actions = (
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <Tooltip label={t("headCabinet.actions.activities", { name })} withArrow>
                  <ActionIconLink
                    to="/activities"
                    search={{ owner: item.user.id }}
                    variant="subtle"
                    aria-label={t("headCabinet.actions.activities", { name })}
                  >
                    <IconListCheck size={18} />
                  </ActionIconLink>
                </Tooltip>
                <Tooltip label={t("headCabinet.actions.openDeals", { name })} withArrow>
                  <Button
                    size="compact-sm"
                    variant={item.dealsInWork.count > 0 ? "light" : "subtle"}
                    color={item.dealsInWork.count > 0 ? "blue" : "gray"}
                    leftSection={<IconBriefcase size={15} />}
                    aria-label={t("headCabinet.actions.openDeals", { name })}
                    onClick={() => onOpenDeals(item.user)}
                    px={6}
                    miw={58}
                  >
                    {item.dealsInWork.count}
                  </Button>
                </Tooltip>
                <HrefActionIcon href={`/cabinet/${item.user.id}`} label={t("headCabinet.actions.cabinet", { name })}>
                  <IconUser size={18} />
                </HrefActionIcon>
                <Tooltip label={t("headCabinet.actions.write", { name })} withArrow>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t("headCabinet.actions.write", { name })}
                    onClick={() => onWrite(item.user)}
                  >
                    <IconMessage size={18} />
                  </ActionIcon>
                </Tooltip>
              </Group>
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
              <FigureCells figures={item} />
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
          <FigureCells figures={root.totals} strong />
          {!actionsFirst && <Table.Td />}
        </Table.Tr>
      </Table.Tfoot>
    </Table>
  );
}
