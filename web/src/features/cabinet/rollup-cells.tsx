import { Box, Progress, Table, Text, Tooltip } from "@mantine/core";
import { type ActivityCounts, countedCategories, formatTengeCompact, type UnitRollup } from "@planerka/common";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../lib/links";
import { completionColor, formatMoney, formatPercent } from "./head-cabinet-format";

type Figures = UnitRollup["totals"];

/** The roll-up's column sets: money (plan, actual, deals) or what people did (activities, tasks). */
export type RollupView = "money" | "activity";

/** A sum short enough for the column («31,6 млн ₸»), the exact one on hover. */
function Money({ value, fw }: { value: number; fw?: number }) {
  const { i18n } = useTranslation();
  return (
    <Table.Td ta="right" fw={fw} style={{ whiteSpace: "nowrap" }} title={formatMoney(value)}>
      {formatTengeCompact(value, i18n.language)}
    </Table.Td>
  );
}

export function MoneyHeaders() {
  const { t } = useTranslation();
  return (
    <>
      <Table.Th ta="right">{t("headCabinet.columns.plan")}</Table.Th>
      <Table.Th ta="right">{t("headCabinet.columns.planToDate")}</Table.Th>
      <Table.Th ta="right">{t("headCabinet.columns.actual")}</Table.Th>
      <Table.Th ta="right">{t("headCabinet.columns.completion")}</Table.Th>
      <Table.Th ta="right">{t("headCabinet.columns.openDeals")}</Table.Th>
    </>
  );
}

export function MoneyCells({ figures, strong }: { figures: Figures; strong?: boolean }) {
  const { t, i18n } = useTranslation();
  const fw = strong ? 700 : undefined;
  const color = completionColor(figures.actual, figures.plan, figures.planToDate);
  return (
    <>
      <Money value={figures.plan} fw={fw} />
      <Money value={figures.planToDate} fw={fw} />
      <Money value={figures.actual} fw={fw} />
      <Table.Td fw={fw}>
        <Tooltip
          label={t("headCabinet.completionHint", {
            actual: formatMoney(figures.actual),
            planToDate: formatMoney(figures.planToDate),
          })}
          withArrow
          disabled={figures.plan <= 0}
        >
          <Box miw={60}>
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
      <Table.Td ta="right" fw={fw} style={{ whiteSpace: "nowrap" }} title={formatMoney(figures.dealsInWork.amount)}>
        <div>{formatTengeCompact(figures.dealsInWork.amount, i18n.language)}</div>
        <Text size="xs" c="dimmed" fw={fw}>
          {t("headCabinet.dealsCount", { count: figures.dealsInWork.count })}
        </Text>
      </Table.Td>
    </>
  );
}

export function CoefficientCell({ value, strong }: { value: number | null; strong?: boolean }) {
  return (
    <Table.Td ta="right" fw={strong ? 700 : undefined} style={{ whiteSpace: "nowrap" }}>
      {formatPercent(value)}
    </Table.Td>
  );
}

export function ActivityHeaders() {
  const { t } = useTranslation();
  return (
    <>
      {countedCategories.map((category) => (
        <Table.Th key={category} ta="right" title={t("headCabinet.counts.activityLegend")}>
          {t(`headCabinet.counts.${category}`)}
        </Table.Th>
      ))}
      <Table.Th ta="right" title={t("headCabinet.counts.taskLegend")}>
        {t("headCabinet.counts.tasks")}
      </Table.Th>
    </>
  );
}

/** «12 / 10 / 2»: the last number in red when above zero. */
function Triple({ values }: { values: [number, number, number] }) {
  const [first, second, late] = values;
  return (
    <span style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
      {`${first}\u2009/\u2009${second}\u2009/\u2009`}
      <Text span inherit c={late > 0 ? "red" : undefined} fw={late > 0 ? 600 : undefined}>
        {late}
      </Text>
    </span>
  );
}

interface ActivityCellsProps {
  counts: ActivityCounts | undefined;
  strong?: boolean;
  /** For a person's row: where each count opens (their activities of the category, their tasks). */
  person?: { id: string; name: string; typeIds: Record<(typeof countedCategories)[number], string> };
}

export function ActivityCells({ counts, strong, person }: ActivityCellsProps) {
  const { t } = useTranslation();
  const fw = strong ? 700 : undefined;
  // The cell says in words what «12 / 10 / 2» means (screen readers, and the title on hover).
  const cell = (key: string, content: ReactNode, label?: string) => (
    <Table.Td key={key} ta="right" fw={fw} style={{ whiteSpace: "nowrap" }} aria-label={label} title={label}>
      {content}
    </Table.Td>
  );
  if (!counts) return <>{[...countedCategories, "tasks"].map((key) => cell(key, "…"))}</>;
  return (
    <>
      {countedCategories.map((category) => {
        const { planned, completed, overdue } = counts[category];
        const label = t("headCabinet.counts.activityLabel", {
          category: t(`headCabinet.counts.${category}`),
          planned,
          completed,
          overdue,
        });
        const triple = <Triple values={[planned, completed, overdue]} />;
        return cell(
          category,
          person ? (
            <AnchorLink
              size="sm"
              fw={fw}
              to="/activities"
              search={{ owner: person.id, type: person.typeIds[category] || undefined }}
              aria-label={label}
            >
              {triple}
            </AnchorLink>
          ) : (
            triple
          ),
          label,
        );
      })}
      {(() => {
        const { open, overdue, closed } = counts.tasks;
        const label = t("headCabinet.counts.taskLabel", { open, overdue, closed });
        const triple = <Triple values={[open, closed, overdue]} />;
        return cell(
          "tasks",
          person ? (
            <AnchorLink
              size="sm"
              fw={fw}
              to="/tasks"
              search={{ userId: person.id, view: overdue > 0 ? "overdue" : undefined }}
              aria-label={label}
            >
              {triple}
            </AnchorLink>
          ) : (
            triple
          ),
          label,
        );
      })()}
    </>
  );
}
