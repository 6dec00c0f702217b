import { Text } from "@mantine/core";
import type { Company } from "@planerka/common";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { CardLoader, type CardView, EmailLinks, PhoneLinks } from "./card-kit";
import { CompanyForm, companyValues } from "./company-form";
import { CreateContactDialog, CreateDealDialog } from "./create-dialogs";
import { canDo } from "./crm-common";
import { RecordCard } from "./record-card";
import { RelatedContacts, RelatedDeals } from "./related-lists";

export function CompanyCardPage() {
  const { companyId } = useParams({ from: "/app/crm/companies/$companyId" });
  const search = useSearch({ from: "/app/crm/companies/$companyId" });
  const navigate = useNavigate({ from: "/crm/companies/$companyId" });
  return (
    <CardLoader
      entity="companies"
      id={companyId}
      tab={search.tab}
      onTab={(tab) => void navigate({ search: tab === "history" ? { tab } : {}, replace: true })}
    >
      {({ record, ...view }) => <CompanyCard company={record} {...view} />}
    </CardLoader>
  );
}

type CompanyCardProps = Omit<CardView<Company>, "record"> & { company: Company };

function CompanyCard({ company, ...view }: CompanyCardProps) {
  const { t } = useTranslation();
  const me = useMe();
  const [addingContact, setAddingContact] = useState(false);
  const [addingDeal, setAddingDeal] = useState(false);
  const original = companyValues(company);
  const preset = { companyId: company.id, companyName: company.name };

  return (
    <RecordCard
      {...view}
      entity="companies"
      record={company}
      title={company.name}
      facts={
        <>
          {company.bin && (
            <Text size="sm" c="dimmed">
              {t("crm.fields.companies.bin")}: {company.bin}
            </Text>
          )}
          {company.city && <Text size="sm">{company.city}</Text>}
          {company.industry && (
            <Text size="sm" c="dimmed">
              {company.industry}
            </Text>
          )}
        </>
      }
      details={[
        ["phones", <PhoneLinks key="phones" phones={company.phones} />],
        ["emails", <EmailLinks key="emails" emails={company.emails} />],
        ["bin", company.bin],
        ["city", company.city],
        ["address", company.address],
        ["industry", company.industry],
        ["ownerId", company.ownerName],
        ["createdAt", formatDateTime(company.createdAt, me.timeZone)],
        ...(company.externalId ? [["externalId", company.externalId] as const] : []),
      ]}
      related={
        <>
          <RelatedContacts
            companyId={company.id}
            title={t("crm.companies.contacts")}
            emptyText={t("crm.companies.noContacts")}
            allLabel={(count) => t("crm.companies.allContacts", { count })}
            addLabel={canDo(me, "contacts", "write") ? t("crm.companies.addContact") : undefined}
            onAdd={() => setAddingContact(true)}
          />
          <RelatedDeals
            filter={{ companyId: company.id }}
            title={t("crm.companies.deals")}
            emptyText={t("crm.companies.noDeals")}
            allLabel={(count) => t("crm.companies.allDeals", { count })}
            addLabel={canDo(me, "deals", "write") ? t("crm.companies.addDeal") : undefined}
            onAdd={() => setAddingDeal(true)}
          />
        </>
      }
      texts={{
        list: t("crm.companies.title"),
        editTitle: t("crm.companies.editTitle"),
        updated: t("crm.companies.updated"),
        deleteTitle: t("crm.companies.deleteTitle"),
        deleteMessage: t("crm.companies.deleteConfirm", { name: company.name }),
        deleted: t("crm.companies.deleted"),
      }}
      form={(formProps) => <CompanyForm {...formProps} initial={original} original={original} companyId={company.id} />}
      dialogs={
        <>
          <CreateContactDialog opened={addingContact} onClose={() => setAddingContact(false)} preset={preset} />
          <CreateDealDialog opened={addingDeal} onClose={() => setAddingDeal(false)} preset={preset} />
        </>
      }
    />
  );
}
