import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { Paper, SimpleGrid, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { ManagerCabinet } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { formatCompactNumber } from "../../lib/numbers";
import { formatMoney } from "./cabinet-header";

/** «План» and «Состояние сделок»: horizontal bars, with the exact figures in each bar's label and tooltip. */
export function CabinetCharts({ data }: { data: ManagerCabinet }) {
  const { t, i18n } = useTranslation();
  const compact = (value: number) => formatCompactNumber(value, i18n.language);
  const phone = useMediaQuery("(max-width: 36em)");
  const planData = [
    { label: t("cabinet.charts.planMonth"), value: data.plan, color: "blue.7" },
    { label: t("cabinet.charts.planToDate"), value: data.planToDate, color: "blue.4" },
    { label: t("cabinet.charts.actual"), value: data.actual, color: "teal.6" },
  ];
  const stageData = data.stages.map((stage) => ({
    label: `${stage.name} (${stage.count})`,
    value: stage.amount,
    color: stage.color,
  }));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Paper withBorder p="md" radius="md" component="figure" m={0} aria-labelledby="cabinet-plan-chart">
        <Title order={3} size="h5" id="cabinet-plan-chart" mb="xs">
          {t("cabinet.charts.plan")}
        </Title>
        <BarChart
          h={180}
          data={planData}
          dataKey="label"
          orientation="vertical"
          series={[{ name: "value", label: t("cabinet.charts.amount"), color: "blue.6" }]}
          valueFormatter={formatMoney}
          withBarValueLabel
          valueLabelProps={{ formatter: (value: unknown) => formatMoney(Number(value)) }}
          barChartProps={{ margin: { right: 120 } }}
          yAxisProps={{ width: phone ? 110 : 150 }}
          xAxisProps={{ tickFormatter: compact }}
          gridAxis="none"
          maxBarWidth={36}
        />
        <PlanFiguresText data={data} />
      </Paper>
      <Paper withBorder p="md" radius="md" component="figure" m={0} aria-labelledby="cabinet-stages-chart">
        <Title order={3} size="h5" id="cabinet-stages-chart" mb="xs">
          {t("cabinet.charts.stages")}
        </Title>
        {stageData.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t("cabinet.charts.noStages")}
          </Text>
        ) : (
          <BarChart
            h={Math.max(180, stageData.length * 34)}
            data={stageData}
            dataKey="label"
            orientation="vertical"
            series={[{ name: "value", label: t("cabinet.charts.amount"), color: "blue.6" }]}
            valueFormatter={formatMoney}
            withBarValueLabel
            valueLabelProps={{ formatter: (value: unknown) => compact(Number(value)) }}
            yAxisProps={{ width: phone ? 120 : 170 }}
            barChartProps={{ margin: { right: 56 } }}
            xAxisProps={{ tickFormatter: compact }}
            gridAxis="none"
          />
        )}
      </Paper>
    </SimpleGrid>
  );
}

/** The plan figures as text for those who cannot see the bars. */
function PlanFiguresText({ data }: { data: ManagerCabinet }) {
  const { t } = useTranslation();
  return (
    <Text component="figcaption" size="xs" c="dimmed" mt={4}>
      {t("cabinet.charts.planMonth")}: {formatMoney(data.plan)} · {t("cabinet.charts.planToDate")}:{" "}
      {formatMoney(data.planToDate)} · {t("cabinet.charts.actual")}: {formatMoney(data.actual)}
    </Text>
  );
}
