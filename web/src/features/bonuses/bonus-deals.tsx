import { Alert, Badge, Group, SimpleGrid, Skeleton, Stack, Table, Text } from "@mantine/core";
import type { BonusDeal, BonusExcludedDeal, BonusItem, BonusSheet } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { formatBonusDate } from "./bonus-dates";
import { formatMoney } from "./bonus-format";
import { bonusDealsQuery } from "./bonuses-api";

/**
 * A row's «why»: the deals its base counted, and those it did not with the reason — loaded when
 * the row opens (the sheet's lines come without them).
 */
export function BonusDeals({
  item,
  source,
  period,
  unitId,
  frozen,
}: {
  item: BonusItem;
  source: BonusSheet["source"];
  period: string;
  unitId: string | null;
  frozen: boolean;
}) {
  const { t } = useTranslation();
  const details = useQuery(bonusDealsQuery(period, unitId, item.userId, frozen));
  const full = details.data;
  if (details.isError) return <Alert color="red">{problemText(details.error)}</Alert>;
  return (
    <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md" py="xs">
      <Stack gap={4}>
        <Group gap="xs">
          <Text fw={600} size="sm">
            {t("bonuses.deals.counted")}
          </Text>
          <Badge size="sm" variant="light" color="teal">
            {item.dealCount}
          </Badge>
        </Group>
        {!full ? (
          item.dealCount > 0 && <Skeleton h={60} />
        ) : full.deals.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("bonuses.deals.noneCounted")}
          </Text>
        ) : (
          <DealTable deals={full.deals} label={`${t("bonuses.deals.counted")}: ${item.userName}`} source={source} />
        )}
      </Stack>
      <Stack gap={4}>
        <Group gap="xs">
          <Text fw={600} size="sm">
            {t("bonuses.deals.excluded")}
          </Text>
          <Badge size="sm" variant="light" color={item.excludedCount > 0 ? "orange" : "gray"}>
            {item.excludedCount}
          </Badge>
        </Group>
        {!full ? (
          item.excludedCount > 0 && <Skeleton h={60} />
        ) : full.excluded.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("bonuses.deals.noneExcluded")}
          </Text>
        ) : (
          <DealTable
            deals={full.excluded}
            label={`${t("bonuses.deals.excluded")}: ${item.userName}`}
            source={source}
            excluded
          />
        )}
      </Stack>
    </SimpleGrid>
  );
}

function DealTable({
  deals,
  label,
  source,
  excluded = false,
}: {
  deals: (BonusDeal | BonusExcludedDeal)[];
  label: string;
  source: BonusSheet["source"];
  excluded?: boolean;
}) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Table fz="xs" verticalSpacing={4} withRowBorders aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("bonuses.deals.deal")}</Table.Th>
          <Table.Th ta="right">{t("bonuses.deals.amount")}</Table.Th>
          {excluded ? (
            <Table.Th>{t("bonuses.deals.reason")}</Table.Th>
          ) : (
            // Without 1C a deal counts by the day it was won, not by a payment.
            <Table.Th>{t(source === "1c" ? "bonuses.deals.paidAt" : "bonuses.deals.wonAt")}</Table.Th>
          )}
          <Table.Th>{t("bonuses.deals.document")}</Table.Th>
          <Table.Th>{t("bonuses.deals.payment")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {deals.map((deal) => (
          <Table.Tr key={deal.dealId} data-deal-id={deal.dealId}>
            <Table.Td miw={180} style={{ overflowWrap: "break-word" }}>
              <AnchorLink to="/crm/deals/$dealId" params={{ dealId: deal.dealId }} search={{}} size="xs">
                {deal.title}
              </AnchorLink>
            </Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
              {formatMoney(deal.amount)}
            </Table.Td>
            {"reason" in deal ? (
              <Table.Td>
                <Badge size="xs" variant="light" color="orange" tt="none">
                  {t(`bonuses.deals.reasons.${deal.reason}`)}
                </Badge>
              </Table.Td>
            ) : (
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatBonusDate(deal.confirmedAt, me.timeZone)}</Table.Td>
            )}
            <Table.Td>{deal.document ?? "—"}</Table.Td>
            <Table.Td>{deal.payment ?? "—"}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
