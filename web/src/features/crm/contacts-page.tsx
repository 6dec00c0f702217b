import { Text } from "@mantine/core";
import type { Contact } from "@planerka/common";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDate } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { CreateContactDialog } from "./create-dialogs";
import { phones } from "./crm-common";
import type { CrmListSearch } from "./crm-search";
import { CompanyFilter, DateRangeFilter, OwnerUnitFilters } from "./filters";
import { type Column, CrmListPage } from "./list-kit";

export function ContactsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = useSearch({ from: "/app/crm/contacts" });
  const navigate = useNavigate({ from: "/crm/contacts" });
  const [creating, setCreating] = useState(false);
  const update = (changes: Partial<CrmListSearch>) =>
    void navigate({ search: (prev: CrmListSearch) => ({ ...prev, page: undefined, ...changes }), replace: true });
  const replace = (next: CrmListSearch) => void navigate({ search: next, replace: true });

  const columns: Column<Contact>[] = [
    {
      key: "name",
      minWidth: 200,
      label: t("crm.fields.contacts.name"),
      sort: "name",
      render: (contact, { trash }) => (
        <div>
          {trash ? (
            <Text size="sm" fw={500}>
              {contact.name}
            </Text>
          ) : (
            <AnchorLink
              to="/crm/contacts/$contactId"
              params={{ contactId: contact.id }}
              fw={500}
              size="sm"
              onClick={(event) => event.stopPropagation()}
            >
              {contact.name}
            </AnchorLink>
          )}
          <Text size="xs" c="dimmed" hiddenFrom="md">
            {[contact.position, contact.company?.name].filter(Boolean).join(" · ")}
          </Text>
        </div>
      ),
    },
    {
      key: "position",
      label: t("crm.fields.contacts.position"),
      sort: "position",
      visibleFrom: "md",
      render: (contact) => contact.position ?? "",
    },
    {
      key: "company",
      label: t("crm.fields.contacts.companyId"),
      sort: "company",
      visibleFrom: "md",
      render: (contact) =>
        contact.company ? (
          <AnchorLink
            to="/crm/companies/$companyId"
            params={{ companyId: contact.company.id }}
            size="sm"
            c="var(--mantine-color-text)"
            onClick={(event) => event.stopPropagation()}
          >
            {contact.company.name}
          </AnchorLink>
        ) : (
          ""
        ),
    },
    {
      key: "phones",
      label: t("crm.fields.contacts.phones"),
      visibleFrom: "sm",
      render: (contact) => (
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {phones(contact.phones.slice(0, 1))}
        </Text>
      ),
    },
    {
      key: "emails",
      label: t("crm.fields.contacts.emails"),
      visibleFrom: "lg",
      render: (contact) => contact.emails[0] ?? "",
    },
    {
      key: "owner",
      label: t("crm.fields.contacts.ownerId"),
      sort: "owner",
      visibleFrom: "lg",
      render: (contact) => contact.ownerName,
    },
    {
      key: "createdAt",
      label: t("crm.fields.contacts.createdAt"),
      sort: "createdAt",
      visibleFrom: "xl",
      render: (contact) => formatDate(contact.createdAt, me.timeZone),
    },
  ];

  return (
    <>
      <CrmListPage
        entity="contacts"
        search={search}
        update={update}
        replace={replace}
        title={t("crm.contacts.title")}
        createLabel={t("crm.contacts.create")}
        onCreate={() => setCreating(true)}
        searchPlaceholder={t("crm.contacts.searchPlaceholder")}
        columns={columns}
        rowName={(contact) => contact.name}
        onOpen={(contact) => void navigate({ to: "/crm/contacts/$contactId", params: { contactId: contact.id } })}
        filters={
          <>
            <OwnerUnitFilters entity="contacts" search={search} update={update} />
            <CompanyFilter search={search} update={update} label={t("crm.fields.contacts.companyId")} />
            <DateRangeFilter
              search={search}
              update={update}
              keys={["createdFrom", "createdTo"]}
              label={t("crm.filters.created")}
            />
          </>
        }
      />
      <CreateContactDialog opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
