import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { ColorSwatch, Group, Paper, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { UnitRollup } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { formatCompactNumber } from "../../lib/numbers";
import { formatMoney } from "./head-cabinet-format";
import type { RollupRoot } from "./rollup-table";

/** «Иванов Иван Иванович» → «Иванов И. И.», so a name fits beside a bar on a phone. */
function shortName(name: string): string {
  const [surname, ...rest] = name.split(/\s+/);
  return rest.length === 0 ? name : `${surname} ${rest.map((part) => `${part[0]}.`).join(" ")}`;
}

const chartSeries = [
  { name: "plan", label: "headCabinet.columns.plan", color: "blue.3" },
  { name: "planToDate", label: "headCabinet.columns.planToDate", color: "gray.5" },
  { name: "actual", label: "headCabinet.columns.actual", color: "teal.6" },
] as const;

/**
 * Plan, plan to date and actual per child unit and per person directly in the unit;
 * rows with nothing to draw (no plan, no actual) are left out of the picture, not out of the table.
 */
export function PlanChart({ root }: { root: RollupRoot }) {
  const { t, i18n } = useTranslation();
  const phone = useMediaQuery("(max-width: 600px)");
  const data = [
    ...root.children.map((child: UnitRollup) => ({
      name: child.unit.name,
      plan: child.totals.plan,
      planToDate: child.totals.planToDate,
      actual: child.totals.actual,
    })),
    ...root.users.map((item) => ({
      name: shortName(item.user.name),
      plan: item.plan,
      planToDate: item.planToDate,
      actual: item.actual,
    })),
  ].filter((row) => row.plan !== 0 || row.actual !== 0);
  if (data.length === 0) return null;
  const series = chartSeries.map((item) => ({ name: item.name, label: t(item.label), color: item.color }));
  return (
    <Paper withBorder p={{ base: "xs", sm: "md" }}>
      <Group justify="space-between" mb="sm" gap="xs" wrap="wrap">
        <Text fw={600}>{t("headCabinet.chartTitle")}</Text>
        <Group gap="md" wrap="wrap" aria-hidden>
          {series.map((item) => (
            <Group key={item.name} gap={6} wrap="nowrap">
              <ColorSwatch color={`var(--mantine-color-${item.color.replace(".", "-")})`} size={12} />
              <Text size="xs">{item.label}</Text>
            </Group>
          ))}
        </Group>
      </Group>
      <BarChart
        h={Math.max(160, data.length * (phone ? 52 : 58) + 40)}
        data={data}
        dataKey="name"
        orientation="vertical"
        valueFormatter={formatMoney}
        xAxisProps={{ tickFormatter: (value: number) => formatCompactNumber(value, i18n.language) }}
        yAxisProps={{ width: phone ? 110 : 170, tick: { fontSize: phone ? 11 : 12 } }}
        gridAxis="x"
        barProps={{ radius: 3 }}
        series={series}
      />
    </Paper>
  );
}
