import { Alert, Badge, Button, Group, Loader, Paper, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import { bonusPeriodOf } from "@planerka/common";
import { IconCoinOff, IconDownload, IconSettings } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { companyToday } from "../../lib/dates";
import { ButtonLink } from "../../lib/links";
import { PageHeader } from "../../lib/list-page";
import { problemText } from "../../lib/notify";
import { BonusApproval } from "./bonus-approval";
import { BonusChart } from "./bonus-chart";
import { BonusPeriodPicker } from "./bonus-period-picker";
import { BonusSheetTable } from "./bonus-sheet-table";
import { BonusUnitSelect } from "./bonus-unit-select";
import { canApproveBonuses, canConfigureBonuses } from "./bonuses-access";
import { approvedBonusSheetQuery, bonusExportUrl, bonusSheetQuery } from "./bonuses-api";
import type { BonusesSearch } from "./bonuses-search";
import { BonusesTabs } from "./bonuses-tabs";
import { usePeriodLabel } from "./use-period-label";

const routeApi = getRouteApi("/app/bonuses");

/** «Премии»: each person's bonus for a period from confirmed revenue, the deals behind it, and its approval. */
export function BonusSheetPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const periodLabel = usePeriodLabel();
  const period = search.period ?? bonusPeriodOf("month", companyToday(me.timeZone));
  const unitId = search.unit ?? null;
  const update = (patch: Partial<BonusesSearch>) =>
    void navigate({ search: (previous) => ({ ...previous, ...patch }), replace: true });

  const live = useQuery(bonusSheetQuery(period, unitId));
  const approved = useQuery({ ...approvedBonusSheetQuery(period, unitId), retry: false });
  // An approved sheet never changes: the table shows what was approved, not today's computation.
  const frozen = approved.data?.approval ? approved.data.sheet : null;
  // Until the approval is known the table waits, so approved figures never flash as live ones first.
  const sheet = approved.isPending ? undefined : (frozen ?? live.data);
  // The sheet to approve is a unit's: the one chosen, else the one the server chose for the caller.
  const current = live.data && !live.isPlaceholderData ? live.data : undefined;
  const approvalUnitId = unitId ?? current?.unitId ?? null;

  return (
    <Stack gap="md">
      <PageHeader title={t("bonuses.sheet.title")} intro={t("bonuses.sheet.intro")} introWidth={820} />
      <BonusesTabs current="sheet" search={search} />
      <Group justify="space-between" align="end" wrap="wrap" gap="sm">
        <Group align="end" wrap="wrap" gap="sm">
          <BonusUnitSelect value={unitId} onChange={(unit) => update({ unit: unit ?? undefined })} />
          <BonusPeriodPicker period={period} onChange={(next) => update({ period: next })} />
          {live.isFetching && <Loader size="xs" mb={8} />}
        </Group>
        <Group gap="xs">
          {canConfigureBonuses(me) && (
            <ButtonLink to="/settings/bonuses" variant="subtle" leftSection={<IconSettings size={16} />}>
              {t("bonuses.tabs.schemes")}
            </ButtonLink>
          )}
          <Button
            component="a"
            href={bonusExportUrl(period, unitId)}
            download
            variant="light"
            leftSection={<IconDownload size={16} />}
          >
            {t("bonuses.sheet.export")}
          </Button>
        </Group>
      </Group>

      {live.isError && <Alert color="red">{problemText(live.error)}</Alert>}
      {!sheet && !live.isError && <Skeleton h={240} />}
      {sheet && (
        <>
          <Group gap="sm" wrap="wrap">
            <Tooltip label={t(`bonuses.sheet.sourceHint.${sheet.source}`)} multiline w={280}>
              <Badge
                variant="light"
                color={sheet.source === "1c" ? "teal" : "blue"}
                tt="none"
                data-testid="bonus-source"
              >
                {t(`bonuses.sheet.source.${sheet.source}`)}
              </Badge>
            </Tooltip>
            {sheet.unitName && (
              <Text size="sm" c="dimmed">
                {sheet.unitName} · {periodLabel(period)}
              </Text>
            )}
            {frozen && (
              <Text size="sm" c="dimmed">
                {t("bonuses.sheet.frozen")}
              </Text>
            )}
          </Group>
          <BonusApproval
            period={period}
            periodLabel={periodLabel(period)}
            unitId={approvalUnitId}
            unitName={current?.unitName ?? null}
            approved={approved.data}
            total={current?.total ?? 0}
            canApprove={canApproveBonuses(me) && sheet.items.length > 0}
          />
          {sheet.items.length === 0 ? (
            <Paper withBorder radius="md">
              <Stack align="center" gap="xs" p="xl">
                <IconCoinOff size={32} stroke={1.4} color="var(--mantine-color-dimmed)" />
                <Text fw={500}>{t("bonuses.sheet.empty")}</Text>
                <Text c="dimmed" size="sm" ta="center" maw={520}>
                  {t("bonuses.sheet.emptyHint")}
                </Text>
                {canConfigureBonuses(me) && (
                  <ButtonLink to="/settings/bonuses" variant="light" size="xs">
                    {t("bonuses.sheet.openSchemes")}
                  </ButtonLink>
                )}
              </Stack>
            </Paper>
          ) : (
            <>
              <BonusChart items={sheet.items} />
              <Paper withBorder radius="md">
                <BonusSheetTable sheet={sheet} period={period} unitId={unitId} frozen={Boolean(frozen)} />
              </Paper>
            </>
          )}
        </>
      )}
    </Stack>
  );
}
