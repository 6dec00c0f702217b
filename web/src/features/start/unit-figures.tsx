import { Paper } from "@mantine/core";
import type { TeamStart } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { formatMoney } from "../cabinet/head-cabinet-format";
import classes from "./start.module.css";
import { formatPercent, StartFigure } from "./start-bits";

/** A unit's month at a glance: the head cabinet's totals row and how far it is behind the plan to date. */
export function UnitFigures({ totals }: { totals: TeamStart["totals"] }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder radius="md" p={{ base: "sm", sm: "md" }}>
      <div className={classes.figures}>
        <StartFigure label={t("cabinet.figures.plan")} value={formatMoney(totals.plan)} />
        <StartFigure label={t("cabinet.charts.planToDate")} value={formatMoney(totals.planToDate)} />
        <StartFigure label={t("cabinet.charts.actual")} value={formatMoney(totals.actual)} />
        <StartFigure
          label={t("start.lag")}
          value={<span className={totals.lag > 0 ? classes.lag : undefined}>{formatMoney(totals.lag)}</span>}
        />
        <StartFigure label={t("cabinet.figures.completion")} value={formatPercent(totals.completion, i18n.language)} />
        <StartFigure
          label={t("cabinet.figures.coefficient")}
          value={formatPercent(totals.activityCoefficient, i18n.language)}
        />
      </div>
    </Paper>
  );
}
