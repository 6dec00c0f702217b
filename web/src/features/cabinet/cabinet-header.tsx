import { ActionIcon, Box, Group, Stack, Text } from "@mantine/core";
import { formatTenge, type ManagerCabinet } from "@planerka/common";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import dayjs from "dayjs";
import { type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../../i18n/locale";
import { UserAvatar } from "../org/user-avatar";
import classes from "./cabinet.module.css";

export function formatPercent(value: number | null, language: string): string {
  if (value === null) return "—";
  return `${new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 2 }).format(value)} %`;
}

/** Whole tenge without kopecks; kopecks only when there are some, so the figure is exact. */
export function formatMoney(value: number): string {
  return formatTenge(value, { whole: Number.isInteger(value) });
}

/** A label and its value; the value is named by the label, so «План на месяц» finds the amount. */
function Figure({ label, children, note }: { label: string; children: ReactNode; note?: ReactNode }) {
  const id = useId();
  return (
    <div className={classes.figure}>
      <div id={id} className={classes.figureLabel}>
        {label}
      </div>
      <Box role="group" aria-labelledby={id} className={classes.figureValue}>
        {children}
        {note && <span className={classes.figureNote}>{note}</span>}
      </Box>
    </div>
  );
}

export function MonthSwitcher({ month, onChange }: { month: string; onChange: (shift: number) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" role="group" aria-label={t("cabinet.month.label")}>
      <ActionIcon variant="white" color="blue" aria-label={t("cabinet.month.previous")} onClick={() => onChange(-1)}>
        <IconChevronLeft size={16} />
      </ActionIcon>
      <Text fw={600} miw={120} ta="center" tt="capitalize" aria-live="polite">
        {dayjs(`${month}-01`).locale(i18n.language).format("MMMM YYYY")}
      </Text>
      <ActionIcon variant="white" color="blue" aria-label={t("cabinet.month.next")} onClick={() => onChange(1)}>
        <IconChevronRight size={16} />
      </ActionIcon>
    </Group>
  );
}

/** The blue band: who, and the month's figures. */
export function CabinetHeader({
  data,
  month,
  onMonthChange,
}: {
  data: ManagerCabinet | undefined;
  month: string;
  onMonthChange: (shift: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const money = formatMoney;
  return (
    <div className={classes.band}>
      <Group align="flex-start" gap="md" wrap="wrap">
        <Group gap="sm" wrap="nowrap" miw={260} style={{ flex: "0 1 320px" }}>
          {data && <UserAvatar user={data.user} size={72} radius="xl" color="blue" variant="white" />}
          <Stack gap={2} miw={0}>
            <Text fw={700} size="lg" lh={1.2}>
              {data?.user.name ?? "…"}
            </Text>
            {data?.user.position && (
              <Text size="sm" opacity={0.9}>
                {data.user.position}
              </Text>
            )}
            {data && (
              <Text size="sm" opacity={0.9}>
                {data.user.unitName}
              </Text>
            )}
            <MonthSwitcher month={month} onChange={onMonthChange} />
          </Stack>
        </Group>
        <section aria-label={t("cabinet.figures.region")} className={classes.figuresRegion}>
          <div className={classes.figures}>
            {data && (
              <>
                <Figure label={t("cabinet.figures.plan")}>{money(data.plan)}</Figure>
                <Figure label={t("cabinet.figures.completion")}>{formatPercent(data.completion, i18n.language)}</Figure>
                <Figure
                  label={t("cabinet.figures.dealsInWork")}
                  note={t("cabinet.figures.dealsAmount", { amount: money(data.dealsInWork.amount) })}
                >
                  {data.dealsInWork.count}
                </Figure>
                <Figure label={t("cabinet.figures.coefficient")}>
                  {formatPercent(data.activityCoefficient, i18n.language)}
                </Figure>
                <Figure label={t("cabinet.figures.clientGrowth")}>{data.clientGrowth}</Figure>
                <Figure label={t("cabinet.figures.forecast")}>{money(data.forecast)}</Figure>
                <Figure label={t("cabinet.figures.neededPerDay")}>
                  {data.neededPerDay === null ? "—" : money(data.neededPerDay)}
                </Figure>
              </>
            )}
          </div>
        </section>
      </Group>
    </div>
  );
}
