import { Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import type { TeamStart } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../lib/links";
import { formatMoney } from "../cabinet/head-cabinet-format";
import { CurrentStep, RecordLink, useDuration } from "../workflows/workflow-bits";
import classes from "./start.module.css";
import { teamStartQuery } from "./start-api";
import { EmptyLine, formatPercent, Loaded, StartSection, useFirstLines, usePhone } from "./start-bits";
import { UnitFigures } from "./unit-figures";

/**
 * The head's planning summary of one unit: who lags the plan to date, whose activity is low, the
 * hanging deals, stalled workflows and who has not planned next week. Each line opens where to act.
 */
export function TeamSummary({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const query = useQuery(teamStartQuery(unitId));
  return (
    <Loaded query={query} height={320}>
      {(data) => (
        <Stack gap="md">
          <Group justify="space-between" align="flex-end" gap="xs">
            <Title order={2} size="h3">
              {t("start.team.title", { unit: data.unit.name })}
            </Title>
            <AnchorLink to="/head" search={{ unit: data.unit.id }} size="sm">
              {t("start.openHeadCabinet")}
            </AnchorLink>
          </Group>
          <UnitFigures totals={data.totals} />
          <Lagging data={data} />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <LowActivity data={data} />
            <Unplanned data={data} />
            <HangingDeals data={data} />
            <StalledWorkflows data={data} />
          </SimpleGrid>
        </Stack>
      )}
    </Loaded>
  );
}

/** The list's own «Показать все», and how many the server left out beyond the lines it sends. */
function Rest({ toggle, shown, sent, total }: { toggle: ReactNode; shown: number; sent: number; total: number }) {
  const { t } = useTranslation();
  return (
    <>
      {toggle}
      {shown === sent && total > sent && <EmptyLine>{t("start.more", { number: total - sent })}</EmptyLine>}
    </>
  );
}

function PersonLink({ user, search }: { user: { id: string; name: string }; search?: { tab: "plans"; week: string } }) {
  return (
    <AnchorLink to="/cabinet/$userId" params={{ userId: user.id }} search={search ?? {}} size="sm">
      {user.name}
    </AnchorLink>
  );
}

function Lagging({ data }: { data: TeamStart }) {
  const { t } = useTranslation();
  const { items, total } = data.lagging;
  const { shown, toggle } = useFirstLines(items);
  const phone = usePhone();
  const title = t("start.team.lagging");
  return (
    <StartSection title={title} count={total}>
      {items.length === 0 ? (
        <EmptyLine>{t("start.team.noLagging")}</EmptyLine>
      ) : (
        <>
          {phone ? (
            <Stack gap={6} component="ul" aria-label={title} m={0} p={0} style={{ listStyle: "none" }}>
              {shown.map((entry) => (
                <li key={entry.user.id}>
                  <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                    <PersonLink user={entry.user} />
                    <Text size="sm" className={`${classes.number} ${classes.lag}`}>
                      {formatMoney(entry.lag)}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t("cabinet.charts.planToDate")}: {formatMoney(entry.planToDate)} · {t("cabinet.charts.actual")}:{" "}
                    {formatMoney(entry.actual)}
                  </Text>
                </li>
              ))}
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={440}>
              <Table aria-label={title} fz="sm" verticalSpacing={6}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("start.team.person")}</Table.Th>
                    <Table.Th className={classes.number}>{t("cabinet.charts.planToDate")}</Table.Th>
                    <Table.Th className={classes.number}>{t("cabinet.charts.actual")}</Table.Th>
                    <Table.Th className={classes.number}>{t("start.lag")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((entry) => (
                    <Table.Tr key={entry.user.id}>
                      <Table.Th scope="row" fw="normal">
                        <PersonLink user={entry.user} />
                      </Table.Th>
                      <Table.Td className={classes.number}>{formatMoney(entry.planToDate)}</Table.Td>
                      <Table.Td className={classes.number}>{formatMoney(entry.actual)}</Table.Td>
                      <Table.Td className={`${classes.number} ${classes.lag}`}>{formatMoney(entry.lag)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Rest toggle={toggle} shown={shown.length} sent={items.length} total={total} />
        </>
      )}
    </StartSection>
  );
}

function LowActivity({ data }: { data: TeamStart }) {
  const { t, i18n } = useTranslation();
  const { items, total, threshold } = data.lowActivity;
  const { shown, toggle } = useFirstLines(items);
  const title = t("start.team.lowActivity", { threshold });
  return (
    <StartSection title={title} count={total}>
      {items.length === 0 ? (
        <EmptyLine>{t("start.team.noLowActivity")}</EmptyLine>
      ) : (
        <Stack gap={4} component="ul" aria-label={title} m={0} p={0} style={{ listStyle: "none" }}>
          {shown.map((entry) => (
            <Group key={entry.user.id} component="li" justify="space-between" gap="xs" wrap="nowrap">
              <PersonLink user={entry.user} />
              <Text size="sm" c="red.7" fw={600} className={classes.number}>
                {formatPercent(entry.activityCoefficient, i18n.language)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
      {items.length > 0 && <Rest toggle={toggle} shown={shown.length} sent={items.length} total={total} />}
    </StartSection>
  );
}

function HangingDeals({ data }: { data: TeamStart }) {
  const { t } = useTranslation();
  const { items, total, days } = data.hangingDeals;
  const { shown, toggle } = useFirstLines(items);
  const title = t("start.team.hanging", { days });
  return (
    <StartSection title={title} count={total}>
      {items.length === 0 ? (
        <EmptyLine>{t("start.team.noHanging")}</EmptyLine>
      ) : (
        <Stack gap={6} component="ul" aria-label={title} m={0} p={0} style={{ listStyle: "none" }}>
          {shown.map((deal) => (
            <li key={deal.id}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Stack gap={0} miw={0}>
                  <AnchorLink
                    to="/crm/deals/$dealId"
                    params={{ dealId: deal.id }}
                    size="sm"
                    style={{ overflowWrap: "anywhere" }}
                  >
                    {deal.title}
                  </AnchorLink>
                  <Text size="xs" c="dimmed">
                    {[deal.company?.name, deal.owner.name, deal.stage.name].filter(Boolean).join(" · ")}
                  </Text>
                </Stack>
                <Stack gap={0} align="flex-end">
                  <Text size="sm" className={classes.number}>
                    {formatMoney(deal.amount)}
                  </Text>
                  <Text size="xs" c="red.7" className={classes.number}>
                    {t("start.team.idleDays", { days: deal.idleDays })}
                  </Text>
                </Stack>
              </Group>
            </li>
          ))}
        </Stack>
      )}
      {items.length > 0 && <Rest toggle={toggle} shown={shown.length} sent={items.length} total={total} />}
    </StartSection>
  );
}

function StalledWorkflows({ data }: { data: TeamStart }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const { items, total } = data.stalledWorkflows;
  const { shown, toggle } = useFirstLines(items);
  const title = t("start.team.stalled");
  return (
    <StartSection
      title={title}
      count={total}
      action={
        total > 0 && (
          <AnchorLink to="/workflows" search={{ show: "stalled" }} size="sm">
            {t("start.team.allStalled")}
          </AnchorLink>
        )
      }
    >
      {items.length === 0 ? (
        <EmptyLine>{t("start.team.noStalled")}</EmptyLine>
      ) : (
        <Stack gap={6} component="ul" aria-label={title} m={0} p={0} style={{ listStyle: "none" }}>
          {shown.map((instance) => (
            <li key={instance.id}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Stack gap={2} miw={0}>
                  <AnchorLink
                    to="/workflows"
                    search={{ show: "stalled", instance: instance.id }}
                    size="sm"
                    fw={500}
                    style={{ overflowWrap: "anywhere" }}
                  >
                    {instance.templateName}
                  </AnchorLink>
                  <RecordLink entity={instance.entity} entityId={instance.entityId} title={instance.entityTitle} />
                  <Group gap={6} wrap="wrap">
                    <CurrentStep instance={instance} />
                    {instance.owner && (
                      <Text size="xs" c="dimmed">
                        {instance.owner.name}
                      </Text>
                    )}
                  </Group>
                </Stack>
                <Text size="xs" c="red.7" fw={600} style={{ whiteSpace: "nowrap" }}>
                  {duration(instance.waitingMinutes)}
                </Text>
              </Group>
            </li>
          ))}
        </Stack>
      )}
      {items.length > 0 && <Rest toggle={toggle} shown={shown.length} sent={items.length} total={total} />}
    </StartSection>
  );
}

function Unplanned({ data }: { data: TeamStart }) {
  const { t } = useTranslation();
  const { items, total, week } = data.unplannedWeek;
  const { shown, toggle } = useFirstLines(items);
  const title = t("start.team.unplanned");
  return (
    <StartSection title={title} count={total}>
      {items.length === 0 ? (
        <EmptyLine>{t("start.team.noUnplanned")}</EmptyLine>
      ) : (
        <Stack gap={4} component="ul" aria-label={title} m={0} p={0} style={{ listStyle: "none" }}>
          {shown.map((user) => (
            <li key={user.id}>
              <PersonLink user={user} search={{ tab: "plans", week }} />
              <Text span size="xs" c="dimmed" ml={8}>
                {user.unitName}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      {items.length > 0 && <Rest toggle={toggle} shown={shown.length} sent={items.length} total={total} />}
    </StartSection>
  );
}
