import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { Paper, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { BonusItem } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { formatCompactNumber } from "../../lib/numbers";
import { formatMoney } from "./bonus-format";

/** «Иванов Иван Иванович» → «Иванов И. И.», so a name fits beside its bar on a phone. */
function shortName(name: string): string {
  const [surname, ...rest] = name.split(/\s+/);
  return rest.length === 0 ? name : `${surname} ${rest.map((part) => `${part[0]}.`).join(" ")}`;
}

/** The biggest bonuses as bars (at most 20, so the picture stays readable); the table has everyone. */
export function BonusChart({ items }: { items: BonusItem[] }) {
  const { t, i18n } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  const data = items
    .filter((item) => item.bonus > 0)
    .sort((a, b) => b.bonus - a.bonus)
    .slice(0, 20)
    .map((item) => ({ name: shortName(item.userName), bonus: item.bonus }));
  if (data.length === 0) return null;
  return (
    <Paper withBorder p={{ base: "xs", sm: "md" }} component="figure" m={0} aria-labelledby="bonus-chart-title">
      <Text fw={600} mb="xs" id="bonus-chart-title">
        {t("bonuses.sheet.chart")}
      </Text>
      <BarChart
        h={Math.max(120, data.length * 34 + 30)}
        data={data}
        dataKey="name"
        orientation="vertical"
        series={[{ name: "bonus", label: t("bonuses.sheet.columns.bonus"), color: "teal.6" }]}
        valueFormatter={formatMoney}
        xAxisProps={{ tickFormatter: (value: number) => formatCompactNumber(value, i18n.language) }}
        yAxisProps={{ width: phone ? 110 : 180, tick: { fontSize: phone ? 11 : 12 } }}
        gridAxis="x"
        barProps={{ radius: 3 }}
        maxBarWidth={24}
      />
    </Paper>
  );
}
