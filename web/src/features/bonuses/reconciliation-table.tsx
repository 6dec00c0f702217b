import { Button, ColorSwatch, Group, Stack, Table, Text } from "@mantine/core";
import type { ReconciliationKind, ReconciliationLine } from "@planerka/common";
import { IconCheck, IconExternalLink, IconInbox } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink, ButtonLink } from "../../lib/links";
import { formatBonusDate } from "./bonus-dates";
import { formatMoney } from "./bonus-format";
import { canReconcileOneC } from "./bonuses-access";

const kindColors: Record<ReconciliationKind, string> = {
  won_without_payment: "orange",
  paid_without_deal: "grape",
  amount_mismatch: "red",
  date_mismatch: "yellow",
};

const money = (value: number | null) => (value === null ? "—" : formatMoney(value));

/** One line a difference: both sides' amounts and dates, and what to do about it. */
export function ReconciliationTable({
  lines,
  onAccept,
}: {
  lines: ReconciliationLine[];
  onAccept: (line: ReconciliationLine) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const mayAccept = canReconcileOneC(me);
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table verticalSpacing="sm" aria-label={t("bonuses.reconciliation.title")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>{t("bonuses.reconciliation.columns.kind")}</Table.Th>
            <Table.Th miw={180}>{t("bonuses.reconciliation.columns.record")}</Table.Th>
            <Table.Th>{t("bonuses.reconciliation.columns.owner")}</Table.Th>
            <Table.Th ta="right">{t("bonuses.reconciliation.columns.amounts")}</Table.Th>
            <Table.Th>{t("bonuses.reconciliation.columns.dates")}</Table.Th>
            <Table.Th>{t("bonuses.reconciliation.columns.actions")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.key} data-line-key={line.key} opacity={line.accepted ? 0.75 : 1}>
              <Table.Td>
                <Group gap={8} wrap="nowrap" align="baseline">
                  <ColorSwatch color={`var(--mantine-color-${kindColors[line.kind]}-6)`} size={10} withShadow={false} />
                  <Text size="sm" lh={1.3}>
                    {t(`bonuses.reconciliation.kinds.${line.kind}`)}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td style={{ overflowWrap: "break-word" }}>
                <Stack gap={0}>
                  {line.dealId ? (
                    <AnchorLink to="/crm/deals/$dealId" params={{ dealId: line.dealId }} search={{}} size="sm">
                      {line.dealTitle ?? line.dealId}
                    </AnchorLink>
                  ) : null}
                  {line.document && (
                    <Text size={line.dealId ? "xs" : "sm"} c={line.dealId ? "dimmed" : undefined}>
                      {line.document}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>{line.ownerName ?? "—"}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                <Text size="sm">{money(line.crmAmount)}</Text>
                <Text size="sm" c="dimmed">
                  {money(line.oneCAmount)}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Text size="sm">{formatBonusDate(line.crmDate, me.timeZone)}</Text>
                <Text size="sm" c="dimmed">
                  {formatBonusDate(line.oneCDate, me.timeZone)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={6} align="flex-start">
                  <Group gap={6}>
                    {line.dealId && (
                      <ButtonLink
                        to="/crm/deals/$dealId"
                        params={{ dealId: line.dealId }}
                        search={{}}
                        size="compact-xs"
                        variant="default"
                        leftSection={<IconExternalLink size={12} />}
                      >
                        {t("bonuses.reconciliation.openDeal")}
                      </ButtonLink>
                    )}
                    {line.kind === "paid_without_deal" && me.abilities.assignOneCOrders && (
                      <ButtonLink
                        to="/one-c/unassigned"
                        size="compact-xs"
                        variant="default"
                        leftSection={<IconInbox size={12} />}
                      >
                        {t("bonuses.reconciliation.unassigned")}
                      </ButtonLink>
                    )}
                    {mayAccept && !line.accepted && (
                      <Button
                        size="compact-xs"
                        variant="light"
                        leftSection={<IconCheck size={12} />}
                        onClick={() => onAccept(line)}
                      >
                        {t("bonuses.reconciliation.accept")}
                      </Button>
                    )}
                  </Group>
                  {line.accepted && (
                    <Text size="xs" c="teal.8" data-testid="reconciliation-accepted">
                      {t("bonuses.reconciliation.accepted", {
                        comment: line.accepted.comment,
                        by: line.accepted.by,
                        at: formatDateTime(line.accepted.at, me.timeZone),
                      })}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
