import { Badge, Text } from "@mantine/core";
import { formatPhone, type Lead } from "@planerka/common";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDate } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { CreateLeadDialog } from "./create-dialogs";
import type { CrmListSearch } from "./crm-search";
import { DateRangeFilter, LeadStatusFilter, OwnerUnitFilters, TextFilter } from "./filters";
import { type Column, CrmListPage } from "./list-kit";

export const leadStatusColors: Record<Lead["status"], string> = {
  new: "blue",
  in_work: "indigo",
  converted: "teal",
  junk: "gray",
};

export function LeadStatusBadge({ status }: { status: Lead["status"] }) {
  const { t } = useTranslation();
  return (
    <Badge color={leadStatusColors[status]} variant="light" size="sm">
      {t(`crm.leadStatuses.${status}`)}
    </Badge>
  );
}

export function LeadsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = useSearch({ from: "/app/crm/leads" });
  const navigate = useNavigate({ from: "/crm/leads" });
  const [creating, setCreating] = useState(false);
  const update = (changes: Partial<CrmListSearch>) =>
    void navigate({ search: (prev: CrmListSearch) => ({ ...prev, page: undefined, ...changes }), replace: true });
  const replace = (next: CrmListSearch) => void navigate({ search: next, replace: true });

  const columns: Column<Lead>[] = [
    {
      key: "title",
      minWidth: 200,
      label: t("crm.fields.leads.title"),
      sort: "title",
      render: (lead, { trash }) => (
        <div>
          {trash ? (
            <Text size="sm" fw={500}>
              {lead.title}
            </Text>
          ) : (
            <AnchorLink
              to="/crm/leads/$leadId"
              params={{ leadId: lead.id }}
              fw={500}
              size="sm"
              onClick={(event) => event.stopPropagation()}
            >
              {lead.title}
            </AnchorLink>
          )}
          <Text size="xs" c="dimmed" hiddenFrom="md">
            {[lead.contactName, lead.companyName].filter(Boolean).join(" · ")}
          </Text>
        </div>
      ),
    },
    {
      key: "status",
      label: t("crm.fields.leads.status"),
      sort: "status",
      render: (lead) => <LeadStatusBadge status={lead.status} />,
    },
    {
      key: "source",
      label: t("crm.fields.leads.source"),
      sort: "source",
      visibleFrom: "md",
      render: (lead) => lead.source ?? "",
    },
    {
      key: "contact",
      label: t("crm.leads.contactInfo"),
      visibleFrom: "md",
      render: (lead) => (
        <div>
          <Text size="sm">{[lead.contactName, lead.companyName].filter(Boolean).join(", ")}</Text>
          <Text size="xs" c="dimmed">
            {[lead.phone ? formatPhone(lead.phone) : null, lead.email].filter(Boolean).join(" · ")}
          </Text>
        </div>
      ),
    },
    {
      key: "owner",
      label: t("crm.fields.leads.ownerId"),
      sort: "owner",
      visibleFrom: "lg",
      render: (lead) => lead.ownerName,
    },
    {
      key: "createdAt",
      label: t("crm.fields.leads.createdAt"),
      sort: "createdAt",
      visibleFrom: "lg",
      render: (lead) => (
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {formatDate(lead.createdAt, me.timeZone)}
        </Text>
      ),
    },
  ];

  return (
    <>
      <CrmListPage
        entity="leads"
        search={search}
        update={update}
        replace={replace}
        title={t("crm.leads.title")}
        createLabel={t("crm.leads.create")}
        onCreate={() => setCreating(true)}
        searchPlaceholder={t("crm.leads.searchPlaceholder")}
        columns={columns}
        rowName={(lead) => lead.title}
        onOpen={(lead) => void navigate({ to: "/crm/leads/$leadId", params: { leadId: lead.id } })}
        filters={
          <>
            <OwnerUnitFilters entity="leads" search={search} update={update} />
            <LeadStatusFilter search={search} update={update} />
            <TextFilter search={search} update={update} field="source" label={t("crm.filters.source")} />
            <DateRangeFilter
              search={search}
              update={update}
              keys={["createdFrom", "createdTo"]}
              label={t("crm.filters.created")}
            />
          </>
        }
      />
      <CreateLeadDialog opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
