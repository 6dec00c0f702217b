import { Alert, Group, Loader, Pagination, Paper, Select, Skeleton, Stack, Switch, Text } from "@mantine/core";
import { bonusPeriodOf, type ReconciliationKind, type ReconciliationLine, reconciliationKinds } from "@planerka/common";
import { IconCircleCheck, IconPlugConnectedX } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { companyToday } from "../../lib/dates";
import { PageHeader } from "../../lib/list-page";
import { problemText } from "../../lib/notify";
import { BonusPeriodPicker } from "./bonus-period-picker";
import { BonusUnitSelect } from "./bonus-unit-select";
import { reconciliationQuery } from "./bonuses-api";
import type { ReconciliationSearch } from "./bonuses-search";
import { BonusesTabs } from "./bonuses-tabs";
import { AcceptDialog } from "./reconciliation-accept-dialog";
import { ReconciliationTable } from "./reconciliation-table";

const routeApi = getRouteApi("/app/bonuses/reconciliation");

/** A period can hold hundreds of lines (every won deal, the day 1C starts); the browser pages them. */
const pageSize = 50;

/** «Сверка с 1С»: where the CRM and 1C disagree for a period, and the differences someone accepted. */
export function ReconciliationPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const period = search.period ?? bonusPeriodOf("month", companyToday(me.timeZone));
  const unitId = search.unit ?? null;
  const includeAccepted = search.accepted === true;
  const update = (patch: Partial<ReconciliationSearch>) =>
    void navigate({ search: (previous) => ({ ...previous, ...patch }), replace: true });
  const { data, error, isFetching } = useQuery(reconciliationQuery(period, unitId, includeAccepted));
  const [kind, setKind] = useState<ReconciliationKind | null>(null);
  const [page, setPage] = useState(1);
  const counts = useMemo(() => {
    const byKind = new Map<ReconciliationKind, number>();
    for (const line of data?.items ?? []) byKind.set(line.kind, (byKind.get(line.kind) ?? 0) + 1);
    return byKind;
  }, [data]);
  const shown = useMemo(() => (data?.items ?? []).filter((line) => !kind || line.kind === kind), [data, kind]);
  const pages = Math.max(1, Math.ceil(shown.length / pageSize));
  const current = Math.min(page, pages);
  // The last line stays while the dialog closes, so its text does not change under the animation.
  const [accepting, setAccepting] = useState<{ line: ReconciliationLine | null; opened: boolean; key: number }>({
    line: null,
    opened: false,
    key: 0,
  });

  return (
    <Stack gap="md">
      <PageHeader
        title={t("bonuses.reconciliation.title")}
        intro={t("bonuses.reconciliation.intro")}
        introWidth={820}
      />
      <BonusesTabs current="reconciliation" search={search} />
      <Group align="end" wrap="wrap" gap="sm">
        <BonusUnitSelect value={unitId} onChange={(unit) => update({ unit: unit ?? undefined })} />
        <BonusPeriodPicker period={period} onChange={(next) => update({ period: next })} />
        {data?.connected && (
          <Select
            label={t("bonuses.reconciliation.kindFilter")}
            placeholder={t("bonuses.reconciliation.allKinds")}
            data={reconciliationKinds.map((value) => ({
              value,
              label: `${t(`bonuses.reconciliation.kinds.${value}`)} · ${counts.get(value) ?? 0}`,
            }))}
            value={kind}
            onChange={(value) => {
              setKind(value as ReconciliationKind | null);
              setPage(1);
            }}
            clearable
            w={{ base: "100%", xs: 300 }}
          />
        )}
        <Switch
          label={t("bonuses.reconciliation.showAccepted")}
          checked={includeAccepted}
          onChange={(event) => update({ accepted: event.currentTarget.checked ? true : undefined })}
          mb={6}
        />
        {isFetching && <Loader size="xs" mb={8} />}
      </Group>

      {error ? (
        <Alert color="red">{problemText(error)}</Alert>
      ) : !data ? (
        <Skeleton h={200} />
      ) : !data.connected ? (
        <Alert color="gray" icon={<IconPlugConnectedX size={18} />} data-testid="reconciliation-not-connected">
          {t("bonuses.reconciliation.notConnected")}
        </Alert>
      ) : data.items.length === 0 ? (
        <Paper withBorder radius="md">
          <Stack align="center" gap="xs" p="xl">
            <IconCircleCheck size={32} stroke={1.4} color="var(--mantine-color-teal-6)" />
            <Text c="dimmed">{t("bonuses.reconciliation.empty")}</Text>
          </Stack>
        </Paper>
      ) : (
        <>
          <Paper withBorder radius="md">
            <ReconciliationTable
              lines={shown.slice((current - 1) * pageSize, current * pageSize)}
              onAccept={(line) => setAccepting(({ key }) => ({ line, opened: true, key: key + 1 }))}
            />
          </Paper>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t("bonuses.reconciliation.total", { value: data.total })}
            </Text>
            {pages > 1 && <Pagination total={pages} value={current} onChange={setPage} />}
          </Group>
        </>
      )}
      <AcceptDialog
        key={accepting.key}
        period={period}
        line={accepting.line}
        opened={accepting.opened}
        onClose={() => setAccepting((current) => ({ ...current, opened: false }))}
      />
    </Stack>
  );
}
