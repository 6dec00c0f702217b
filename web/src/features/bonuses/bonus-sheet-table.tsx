import { ActionIcon, Group, Table, type TableThProps, Text } from "@mantine/core";
import type { BonusItem, BonusSheet } from "@planerka/common";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { BonusDeals } from "./bonus-deals";
import { formatAmount, formatMoney, formatMultiplier, formatPercent } from "./bonus-format";

const columnCount = 9;
const nowrap = { whiteSpace: "nowrap" } as const;
// The name and the bonus stay in view while the other figures scroll sideways on a narrow screen.
const sticky = { position: "sticky", left: 0, zIndex: 1, background: "var(--mantine-color-body)" } as const;
const stickyEnd = {
  ...nowrap,
  position: "sticky",
  right: 0,
  zIndex: 1,
  background: "var(--mantine-color-body)",
} as const;

/** Headers in small print, so nine columns fit beside the menu on a laptop. */
function Head(props: TableThProps) {
  return <Table.Th fz="xs" {...props} />;
}

/** One row a person with every figure of the formula; a row opens to the deals behind its base. */
export function BonusSheetTable({
  sheet,
  period,
  unitId,
  frozen,
}: {
  sheet: BonusSheet;
  period: string;
  unitId: string | null;
  frozen: boolean;
}) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (userId: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(userId)) next.delete(userId);
      else next.add(userId);
      return next;
    });
  const money = (label: string) => `${label}, ₸`;

  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="xs" highlightOnHover aria-label={t("bonuses.sheet.title")}>
        <Table.Thead>
          <Table.Tr>
            <Head style={sticky} miw={180}>
              {t("bonuses.sheet.columns.name")}
              <Text size="xs" c="dimmed" fw={400}>
                {t("bonuses.sheet.columns.unit")}
              </Text>
            </Head>
            <Head>{t("bonuses.sheet.columns.scheme")}</Head>
            <Head ta="right">{money(t("bonuses.sheet.columns.plan"))}</Head>
            <Head ta="right">
              {money(t("bonuses.sheet.columns.base"))}
              <Text size="xs" c="dimmed" fw={400}>
                {t("bonuses.sheet.columns.baseHint")}
              </Text>
            </Head>
            <Head ta="right">{t("bonuses.sheet.columns.completion")}</Head>
            <Head ta="right">{t("bonuses.sheet.columns.coefficient")}</Head>
            <Head ta="right">{t("bonuses.sheet.columns.rate")}</Head>
            <Head ta="right">{money(t("bonuses.sheet.columns.fixed"))}</Head>
            <Head ta="right" style={stickyEnd}>
              {money(t("bonuses.sheet.columns.bonus"))}
            </Head>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sheet.items.map((item) => {
            const open = expanded.has(item.userId);
            return (
              <Fragment key={item.userId}>
                <ItemRow item={item} open={open} onToggle={() => toggle(item.userId)} />
                {open && (
                  <Table.Tr data-deals-of={item.userId}>
                    <Table.Td colSpan={columnCount} bg="var(--mantine-color-gray-light)">
                      <BonusDeals item={item} source={sheet.source} period={period} unitId={unitId} frozen={frozen} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th colSpan={columnCount - 1} style={sticky}>
              {t("bonuses.sheet.total")} · {t("bonuses.sheet.people", { count: sheet.items.length })}
            </Table.Th>
            <Table.Th ta="right" style={stickyEnd} data-testid="bonus-total">
              {formatMoney(sheet.total)}
            </Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

function ItemRow({ item, open, onToggle }: { item: BonusItem; open: boolean; onToggle: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <Table.Tr data-user-id={item.userId}>
      <Table.Td style={sticky}>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <ActionIcon
            variant="subtle"
            size="sm"
            aria-label={t(open ? "bonuses.sheet.collapse" : "bonuses.sheet.expand", { name: item.userName })}
            aria-expanded={open}
            onClick={onToggle}
          >
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
          <div>
            <Text size="sm" fw={500} lh={1.3}>
              {item.userName}
            </Text>
            <Text size="xs" c="dimmed" lh={1.3}>
              {item.unitName}
            </Text>
          </div>
        </Group>
      </Table.Td>
      <Table.Td maw={150}>
        <Text size="xs" lh={1.3}>
          {item.schemeName}
        </Text>
      </Table.Td>
      <Table.Td ta="right" style={nowrap}>
        {formatAmount(item.plan)}
      </Table.Td>
      <Table.Td ta="right" style={nowrap}>
        {formatAmount(item.base)}
        {item.baseKind === "unit" && (
          <Text size="xs" c="dimmed">
            {t("bonuses.sheet.baseUnit")}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right" style={nowrap}>
        {formatPercent(item.completion, language)}
      </Table.Td>
      <Table.Td ta="right" style={nowrap}>
        {formatPercent(item.coefficient, language)}
        {item.multiplier !== 1 && (
          <Text size="xs" c="dimmed">
            {formatMultiplier(item.multiplier, language)}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right" style={nowrap}>
        {formatPercent(item.rate, language)}
      </Table.Td>
      <Table.Td ta="right" style={nowrap}>
        {formatAmount(item.fixed)}
      </Table.Td>
      <Table.Td ta="right" style={stickyEnd} fw={600}>
        {formatAmount(item.bonus)}
      </Table.Td>
    </Table.Tr>
  );
}
