import { Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../lib/links";
import { formatMoney } from "../cabinet/head-cabinet-format";
import classes from "./start.module.css";
import { regionsStartQuery } from "./start-api";
import { EmptyLine, formatPercent, Loaded, StartSection, usePhone } from "./start-bits";
import { UnitFigures } from "./unit-figures";

/**
 * The top's summary: the units right below the company (the regions), the largest lag behind the
 * plan to date first, with the head's counts summed over each. A region opens its head cabinet.
 */
export function RegionsSummary({ unitId }: { unitId: string }) {
  const { t, i18n } = useTranslation();
  const query = useQuery(regionsStartQuery(unitId));
  const phone = usePhone();
  return (
    <Loaded query={query} height={280}>
      {(data) => {
        const title = t("start.regions.title");
        const lagging = data.regions.filter((region) => region.lag > 0).length;
        return (
          <Stack gap="md">
            <Group justify="space-between" align="flex-end" gap="xs">
              <Title order={2} size="h3">
                {t("start.regions.heading", { unit: data.unit.name })}
              </Title>
              <AnchorLink to="/head" search={{ unit: data.unit.id }} size="sm">
                {t("start.openHeadCabinet")}
              </AnchorLink>
            </Group>
            <UnitFigures totals={data.totals} />
            <StartSection title={title} count={lagging}>
              {data.regions.length === 0 ? (
                <EmptyLine>{t("start.regions.none")}</EmptyLine>
              ) : (
                <Stack gap="xs">
                  {phone ? (
                    <Stack gap={8} component="ul" aria-label={title} m={0} p={0} style={{ listStyle: "none" }}>
                      {data.regions.map((region) => {
                        const low = region.activityCoefficient !== null && region.activityCoefficient < data.threshold;
                        return (
                          <li key={region.unit.id}>
                            <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                              <AnchorLink to="/head" search={{ unit: region.unit.id }} size="sm">
                                {region.unit.name}
                              </AnchorLink>
                              <Text size="sm" className={`${classes.number} ${region.lag > 0 ? classes.lag : ""}`}>
                                {formatMoney(region.lag)}
                              </Text>
                            </Group>
                            <Text size="xs" c="dimmed">
                              {t("cabinet.charts.planToDate")}: {formatMoney(region.planToDate)} ·{" "}
                              {t("cabinet.charts.actual")}: {formatMoney(region.actual)} ·{" "}
                              {formatPercent(region.completion, i18n.language)}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {t("cabinet.figures.coefficient")}:{" "}
                              <Text span inherit c={low ? "red.7" : undefined} fw={low ? 600 : undefined}>
                                {formatPercent(region.activityCoefficient, i18n.language)}
                              </Text>{" "}
                              · {t("start.regions.hanging")}: {region.hangingDeals} · {t("start.regions.stalled")}:{" "}
                              {region.stalledWorkflows} · {t("start.regions.unplanned")}: {region.unplannedPeople}
                            </Text>
                          </li>
                        );
                      })}
                    </Stack>
                  ) : (
                    <Table.ScrollContainer minWidth={860}>
                      <Table aria-label={title} fz="sm" striped verticalSpacing={6}>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>{t("start.regions.unit")}</Table.Th>
                            <Table.Th className={classes.number}>{t("cabinet.charts.planToDate")}</Table.Th>
                            <Table.Th className={classes.number}>{t("cabinet.charts.actual")}</Table.Th>
                            <Table.Th className={classes.number}>{t("start.lag")}</Table.Th>
                            <Table.Th className={classes.number}>{t("cabinet.figures.completion")}</Table.Th>
                            <Table.Th className={classes.number}>{t("cabinet.figures.coefficient")}</Table.Th>
                            <Table.Th className={classes.number}>{t("start.regions.hanging")}</Table.Th>
                            <Table.Th className={classes.number}>{t("start.regions.stalled")}</Table.Th>
                            <Table.Th className={classes.number}>{t("start.regions.unplanned")}</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {data.regions.map((region) => {
                            const low =
                              region.activityCoefficient !== null && region.activityCoefficient < data.threshold;
                            return (
                              <Table.Tr key={region.unit.id}>
                                <Table.Th scope="row" fw="normal">
                                  <AnchorLink to="/head" search={{ unit: region.unit.id }} size="sm">
                                    {region.unit.name}
                                  </AnchorLink>
                                </Table.Th>
                                <Table.Td className={classes.number}>{formatMoney(region.planToDate)}</Table.Td>
                                <Table.Td className={classes.number}>{formatMoney(region.actual)}</Table.Td>
                                <Table.Td className={`${classes.number} ${region.lag > 0 ? classes.lag : ""}`}>
                                  {formatMoney(region.lag)}
                                </Table.Td>
                                <Table.Td className={classes.number}>
                                  {formatPercent(region.completion, i18n.language)}
                                </Table.Td>
                                <Table.Td className={`${classes.number} ${low ? classes.lag : ""}`}>
                                  {formatPercent(region.activityCoefficient, i18n.language)}
                                </Table.Td>
                                <Table.Td className={classes.number}>{region.hangingDeals}</Table.Td>
                                <Table.Td className={classes.number}>{region.stalledWorkflows}</Table.Td>
                                <Table.Td className={classes.number}>{region.unplannedPeople}</Table.Td>
                              </Table.Tr>
                            );
                          })}
                        </Table.Tbody>
                      </Table>
                    </Table.ScrollContainer>
                  )}
                  <Text size="xs" c="dimmed">
                    {t("start.regions.legend", { threshold: data.threshold, days: data.hangingDealDays })}
                  </Text>
                </Stack>
              )}
            </StartSection>
          </Stack>
        );
      }}
    </Loaded>
  );
}
