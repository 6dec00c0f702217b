import { Text } from "@mantine/core";
import type { Company } from "@planerka/common";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDate } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { CreateCompanyDialog } from "./create-dialogs";
import { phones } from "./crm-common";
import type { CrmListSearch } from "./crm-search";
import { DateRangeFilter, OwnerUnitFilters, TextFilter } from "./filters";
import { type Column, CrmListPage } from "./list-kit";

export function CompaniesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = useSearch({ from: "/app/crm/companies" });
  const navigate = useNavigate({ from: "/crm/companies" });
  const [creating, setCreating] = useState(false);
  const update = (changes: Partial<CrmListSearch>) =>
    void navigate({ search: (prev: CrmListSearch) => ({ ...prev, page: undefined, ...changes }), replace: true });
  const replace = (next: CrmListSearch) => void navigate({ search: next, replace: true });

  const columns: Column<Company>[] = [
    {
      key: "name",
      minWidth: 200,
      label: t("crm.fields.companies.name"),
      sort: "name",
      render: (company, { trash }) => (
        <div>
          {trash ? (
            <Text size="sm" fw={500}>
              {company.name}
            </Text>
          ) : (
            <AnchorLink
              to="/crm/companies/$companyId"
              params={{ companyId: company.id }}
              fw={500}
              size="sm"
              onClick={(event) => event.stopPropagation()}
            >
              {company.name}
            </AnchorLink>
          )}
          <Text size="xs" c="dimmed" hiddenFrom="md">
            {[company.city, company.bin, company.ownerName].filter(Boolean).join(" · ")}
          </Text>
        </div>
      ),
    },
    { key: "bin", label: t("crm.fields.companies.bin"), sort: "bin", visibleFrom: "md", render: (c) => c.bin ?? "" },
    {
      key: "city",
      label: t("crm.fields.companies.city"),
      sort: "city",
      visibleFrom: "md",
      render: (c) => c.city ?? "",
    },
    {
      key: "industry",
      label: t("crm.fields.companies.industry"),
      sort: "industry",
      visibleFrom: "lg",
      render: (c) => c.industry ?? "",
    },
    {
      key: "phones",
      label: t("crm.fields.companies.phones"),
      visibleFrom: "lg",
      render: (c) => (
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {phones(c.phones.slice(0, 1))}
        </Text>
      ),
    },
    {
      key: "owner",
      label: t("crm.fields.companies.ownerId"),
      sort: "owner",
      visibleFrom: "md",
      render: (c) => c.ownerName,
    },
    {
      key: "createdAt",
      label: t("crm.fields.companies.createdAt"),
      sort: "createdAt",
      visibleFrom: "xl",
      render: (c) => formatDate(c.createdAt, me.timeZone),
    },
  ];

  return (
    <>
      <CrmListPage
        entity="companies"
        search={search}
        update={update}
        replace={replace}
        title={t("crm.companies.title")}
        createLabel={t("crm.companies.create")}
        onCreate={() => setCreating(true)}
        searchPlaceholder={t("crm.companies.searchPlaceholder")}
        columns={columns}
        rowName={(company) => company.name}
        onOpen={(company) => void navigate({ to: "/crm/companies/$companyId", params: { companyId: company.id } })}
        filters={
          <>
            <OwnerUnitFilters entity="companies" search={search} update={update} />
            <TextFilter search={search} update={update} field="city" label={t("crm.filters.city")} />
            <TextFilter search={search} update={update} field="industry" label={t("crm.filters.industry")} />
            <DateRangeFilter
              search={search}
              update={update}
              keys={["createdFrom", "createdTo"]}
              label={t("crm.filters.created")}
            />
          </>
        }
      />
      <CreateCompanyDialog opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
