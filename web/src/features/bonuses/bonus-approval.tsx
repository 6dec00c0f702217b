import { Alert, Button, Group, Paper, Stack, Table, Text } from "@mantine/core";
import type { ApprovedBonusSheet, BonusChange } from "@planerka/common";
import { IconCircleCheck, IconSignature } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDateTime } from "../../lib/dates";
import { notifySuccess } from "../../lib/notify";
import { formatMoney } from "./bonus-format";
import { approveBonusSheet } from "./bonuses-api";

interface BonusApprovalProps {
  period: string;
  periodLabel: string;
  /** The unit whose sheet is approved: the one chosen, else the one the server showed; null for none. */
  unitId: string | null;
  unitName: string | null;
  approved: ApprovedBonusSheet | undefined;
  /** The total as computed now, for the confirmation. */
  total: number;
  canApprove: boolean;
}

/** «Утверждено …» with what would differ now, or the button that approves the sheet. */
export function BonusApproval({
  period,
  periodLabel,
  unitId,
  unitName,
  approved,
  total,
  canApprove,
}: BonusApprovalProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const approval = approved?.approval ?? null;

  if (approval) {
    return (
      <Stack>
        <Alert color="teal" icon={<IconCircleCheck size={18} />} data-testid="bonus-approved">
          <Text size="sm" fw={600}>
            {t("bonuses.approval.approved", {
              name: approval.approvedBy.name,
              date: formatDateTime(approval.approvedAt, me.timeZone),
            })}
          </Text>
          <Text size="sm">
            {approval.unitName} · {t("bonuses.approval.approvedTotal", { total: formatMoney(approval.total) })}
          </Text>
        </Alert>
        {approved && approved.changes.length > 0 && (
          <ChangesPanel changes={approved.changes} totalNow={approved.totalNow} />
        )}
      </Stack>
    );
  }
  if (!canApprove) return null;
  if (!unitId) {
    return (
      <Text size="sm" c="dimmed">
        {t("bonuses.approval.chooseUnit")}
      </Text>
    );
  }
  return (
    <Group gap="sm">
      <Text size="sm" c="dimmed">
        {t("bonuses.approval.notApproved")}
      </Text>
      <Button leftSection={<IconSignature size={16} />} onClick={() => setConfirming(true)} disabled={!approved}>
        {t("bonuses.approval.approve")}
      </Button>
      <ConfirmModal
        opened={confirming}
        title={t("bonuses.approval.confirmTitle")}
        message={t("bonuses.approval.confirmText", {
          unit: unitName ?? "",
          period: periodLabel,
          total: formatMoney(total),
        })}
        confirmLabel={t("bonuses.approval.approve")}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          await approveBonusSheet(period, unitId);
          await queryClient.invalidateQueries({ queryKey: ["bonuses"] });
          notifySuccess(t("bonuses.approval.done"));
        }}
      />
    </Group>
  );
}

function ChangesPanel({ changes, totalNow }: { changes: BonusChange[]; totalNow: number | null }) {
  const { t } = useTranslation();
  const pair = (approved: number | undefined, now: number | undefined) =>
    `${approved === undefined ? t("bonuses.approval.absent") : formatMoney(approved)} → ${
      now === undefined ? t("bonuses.approval.absent") : formatMoney(now)
    }`;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="bonus-changes-title">
      <Text fw={600} id="bonus-changes-title">
        {t("bonuses.approval.changes")}
      </Text>
      {totalNow !== null && (
        <Text size="sm" c="dimmed" mb="xs">
          {t("bonuses.approval.changesIntro", { total: formatMoney(totalNow) })}
        </Text>
      )}
      <Table.ScrollContainer minWidth={760}>
        <Table fz="sm" verticalSpacing={6} aria-label={t("bonuses.approval.changes")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("bonuses.approval.person")}</Table.Th>
              <Table.Th>{t("bonuses.approval.baseChange")}</Table.Th>
              <Table.Th>{t("bonuses.approval.bonusChange")}</Table.Th>
              <Table.Th>{t("bonuses.approval.dealsAdded")}</Table.Th>
              <Table.Th>{t("bonuses.approval.dealsRemoved")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changes.map((change) => (
              <Table.Tr key={change.userId}>
                <Table.Td fw={500}>{change.userName}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{pair(change.approved?.base, change.now?.base)}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{pair(change.approved?.bonus, change.now?.bonus)}</Table.Td>
                <Table.Td>
                  <DealTitles titles={change.dealsAdded} />
                </Table.Td>
                <Table.Td>
                  <DealTitles titles={change.dealsRemoved} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** A person's deals that came or went: two lines at most, every title on hover. */
function DealTitles({ titles }: { titles: string[] }) {
  if (titles.length === 0) return <Text size="sm">—</Text>;
  return (
    <Text size="sm" lineClamp={2} title={titles.join("\n")} style={{ overflowWrap: "anywhere" }}>
      <Text span fw={600} size="sm">
        {titles.length}:{" "}
      </Text>
      {titles.join(", ")}
    </Text>
  );
}
