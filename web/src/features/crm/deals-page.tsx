import { Group, SegmentedControl, Select, Text } from "@mantine/core";
import type { Deal } from "@planerka/common";
import { IconLayoutKanban, IconList } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDate } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { CreateDealDialog } from "./create-dialogs";
import { pipelinesQuery } from "./crm-api";
import { formatDay, money, moneyWhole } from "./crm-common";
import { type CrmListSearch, filterParams } from "./crm-search";
import { DealsKanban } from "./deals-kanban";
import {
  AmountFilter,
  CompanyFilter,
  DateRangeFilter,
  OwnerUnitFilters,
  SemanticFilter,
  StageFilter,
  TextFilter,
} from "./filters";
import { type Column, CrmListPage } from "./list-kit";
import { StageBadge } from "./stage-badge";

const viewKey = "planerka.crm.dealsView";

function storedView(): "list" | "kanban" {
  try {
    return localStorage.getItem(viewKey) === "kanban" ? "kanban" : "list";
  } catch {
    return "list";
  }
}

function storeView(view: "list" | "kanban") {
  try {
    localStorage.setItem(viewKey, view);
  } catch {
    // Private mode may refuse storage; the URL still carries the choice.
  }
}

export function DealsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = useSearch({ from: "/app/crm/deals" });
  const navigate = useNavigate({ from: "/crm/deals" });
  const [creating, setCreating] = useState(false);
  const [totals, setTotals] = useState<{ count: number; amount: number } | null>(null);
  const pipelines = useQuery(pipelinesQuery).data ?? [];
  const pipeline =
    pipelines.find((item) => item.id === search.pipelineId) ?? pipelines.find((item) => item.isDefault) ?? pipelines[0];

  const update = (changes: Partial<CrmListSearch>) =>
    void navigate({ search: (prev: CrmListSearch) => ({ ...prev, page: undefined, ...changes }), replace: true });
  const replace = (next: CrmListSearch) => void navigate({ search: next, replace: true });

  const trash = search.deleted === "true";
  const view = trash ? "list" : (search.view ?? storedView());
  const kanbanParams = useMemo(() => filterParams("deals", { ...search, pipelineId: undefined }), [search]);
  const onTotals = useCallback((next: { count: number; amount: number } | null) => setTotals(next), []);

  const columns: Column<Deal>[] = [
    {
      key: "number",
      label: t("crm.fields.deals.number"),
      sort: "number",
      visibleFrom: "xl",
      width: 80,
      render: (deal) => (
        <Text size="sm" c="dimmed">
          {deal.number}
        </Text>
      ),
    },
    {
      key: "title",
      minWidth: 200,
      label: t("crm.fields.deals.title"),
      sort: "title",
      render: (deal, { trash: deleted }) => (
        <div style={{ minWidth: 0 }}>
          {deleted ? (
            <Text size="sm" fw={500}>
              {deal.title}
            </Text>
          ) : (
            <AnchorLink
              to="/crm/deals/$dealId"
              params={{ dealId: deal.id }}
              fw={500}
              size="sm"
              onClick={(event) => event.stopPropagation()}
            >
              {deal.title}
            </AnchorLink>
          )}
          <Text size="xs" c="dimmed" hiddenFrom="md">
            {[deal.company?.name, deal.stage.name].filter(Boolean).join(" · ")}
          </Text>
        </div>
      ),
    },
    {
      key: "company",
      label: t("crm.fields.deals.companyId"),
      sort: "company",
      visibleFrom: "md",
      render: (deal) => <Text size="sm">{deal.company?.name ?? ""}</Text>,
    },
    {
      key: "stage",
      label: t("crm.fields.deals.stageId"),
      minWidth: 170,
      sort: "stage",
      visibleFrom: "md",
      render: (deal) => <StageBadge stage={deal.stage} size="sm" maw={165} style={{ minWidth: 0 }} />,
    },
    {
      key: "amount",
      label: t("crm.fields.deals.amount"),
      sort: "amount",
      align: "right",
      render: (deal) => (
        <Text size="sm" fw={500} style={{ whiteSpace: "nowrap" }}>
          {money(deal.amount)}
        </Text>
      ),
    },
    {
      key: "owner",
      label: t("crm.fields.deals.ownerId"),
      sort: "owner",
      visibleFrom: "md",
      render: (deal) => <Text size="sm">{deal.ownerName}</Text>,
    },
    {
      key: "expectedCloseDate",
      label: t("crm.columns.closeDate"),
      sort: "expectedCloseDate",
      visibleFrom: "lg",
      render: (deal) => (
        <Text size="sm" c={deal.closedAt ? undefined : "dimmed"} style={{ whiteSpace: "nowrap" }}>
          {deal.closedAt ? formatDate(deal.closedAt, me.timeZone) : formatDay(deal.expectedCloseDate)}
        </Text>
      ),
    },
    {
      key: "createdAt",
      label: t("crm.fields.deals.createdAt"),
      sort: "createdAt",
      visibleFrom: "xl",
      render: (deal) => (
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {formatDate(deal.createdAt, me.timeZone)}
        </Text>
      ),
    },
  ];

  const toolbarExtra = (
    <Group gap="sm" wrap="nowrap">
      {pipelines.length > 1 && (
        <Select
          aria-label={t("crm.filters.pipeline")}
          data={pipelines.map((item) => ({ value: item.id, label: item.name }))}
          value={pipeline?.id ?? null}
          onChange={(value) => update({ pipelineId: value ?? undefined, stageId: undefined })}
          allowDeselect={false}
          w={180}
        />
      )}
      {!trash && (
        <SegmentedControl
          aria-label={t("crm.views.label")}
          value={view}
          onChange={(value) => {
            const next = value === "kanban" ? "kanban" : "list";
            storeView(next);
            update({ view: next, page: search.page });
          }}
          data={[
            {
              value: "list",
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconList size={16} />
                  <span>{t("crm.views.list")}</span>
                </Group>
              ),
            },
            {
              value: "kanban",
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconLayoutKanban size={16} />
                  <span>{t("crm.views.kanban")}</span>
                </Group>
              ),
            },
          ]}
        />
      )}
    </Group>
  );

  return (
    <>
      <CrmListPage
        entity="deals"
        search={search}
        update={update}
        replace={replace}
        title={t("crm.deals.title")}
        createLabel={t("crm.deals.create")}
        onCreate={() => setCreating(true)}
        searchPlaceholder={t("crm.deals.searchPlaceholder")}
        columns={columns}
        rowName={(deal) => deal.title}
        onOpen={(deal) => void navigate({ to: "/crm/deals/$dealId", params: { dealId: deal.id } })}
        toolbarExtra={toolbarExtra}
        headerNote={
          view === "kanban"
            ? totals
              ? t("crm.kanban.summary", {
                  count: totals.count.toLocaleString("ru-RU"),
                  amount: moneyWhole(totals.amount),
                })
              : t("app.loading")
            : undefined
        }
        body={
          view === "kanban" ? (
            <DealsKanban params={kanbanParams} pipelineId={pipeline?.id} onTotals={onTotals} />
          ) : undefined
        }
        filters={
          <>
            <OwnerUnitFilters entity="deals" search={search} update={update} />
            <SemanticFilter search={search} update={update} />
            <StageFilter search={search} update={update} pipeline={pipeline} />
            <AmountFilter search={search} update={update} />
            <CompanyFilter search={search} update={update} label={t("crm.fields.deals.companyId")} />
            <TextFilter search={search} update={update} field="city" label={t("crm.filters.city")} />
            <TextFilter search={search} update={update} field="source" label={t("crm.filters.source")} />
            <DateRangeFilter
              search={search}
              update={update}
              keys={["createdFrom", "createdTo"]}
              label={t("crm.filters.created")}
            />
            <DateRangeFilter
              search={search}
              update={update}
              keys={["expectedFrom", "expectedTo"]}
              label={t("crm.filters.expected")}
            />
            <DateRangeFilter
              search={search}
              update={update}
              keys={["closedFrom", "closedTo"]}
              label={t("crm.filters.closed")}
            />
          </>
        }
      />
      <CreateDealDialog opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
