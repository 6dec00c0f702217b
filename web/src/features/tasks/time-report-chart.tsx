import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { Paper, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { TimeReport } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { formatMinutes } from "./task-status";

/** Hours per employee as horizontal bars; the exact time is in each bar's label and tooltip. */
export function TimeReportChart({ rows }: { rows: TimeReport["byUser"] }) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  const data = rows
    .slice(0, 30)
    .map((row) => ({ name: row.user.name, hours: Math.round((row.minutes / 60) * 100) / 100 }));
  const toMinutes = (hours: number) => formatMinutes(Math.round(hours * 60));
  return (
    <Paper withBorder p="md" radius="md" component="figure" m={0} aria-labelledby="time-report-chart">
      <Title order={3} size="h5" id="time-report-chart" mb="xs">
        {t("tasks.report.chart")}
      </Title>
      <BarChart
        h={Math.max(160, data.length * 34)}
        data={data}
        dataKey="name"
        orientation="vertical"
        series={[{ name: "hours", label: t("tasks.report.chartHours"), color: "teal.6" }]}
        valueFormatter={toMinutes}
        withBarValueLabel
        valueLabelProps={{ formatter: (value: unknown) => toMinutes(Number(value)) }}
        yAxisProps={{ width: phone ? 110 : 180 }}
        barChartProps={{ margin: { right: 90 } }}
        gridAxis="none"
        maxBarWidth={28}
      />
    </Paper>
  );
}
