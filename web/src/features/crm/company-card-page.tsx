import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { Company } from "@planerka/common";
import { IconPencil, IconTrash } from "@tabler/icons-react";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { RecordChat } from "../chat/record-chat";
import { RecordTasks } from "../tasks/record-tasks";
import { RecordWorkflows } from "../workflows/record-workflows";
import {
  CardLayout,
  CardLoader,
  CardSection,
  type CardView,
  DeleteRecordModal,
  EmailLinks,
  FieldRows,
  PhoneLinks,
  useSaveRecord,
} from "./card-kit";
import { CompanyForm, companyValues } from "./company-form";
import { CreateContactDialog, CreateDealDialog } from "./create-dialogs";
import { canDo } from "./crm-common";
import { FormDrawer } from "./form-kit";
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

function CompanyCard({ company, reload, tab, onTab }: CompanyCardProps) {
  const { t } = useTranslation();
  const me = useMe();
  const save = useSaveRecord("companies", company.id);
  const [editing, setEditing] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const [addingContact, setAddingContact] = useState(false);
  const [addingDeal, setAddingDeal] = useState(false);
  const canWrite = company.abilities.edit;
  const canDelete = company.abilities.delete;
  const original = companyValues(company);

  const header = (
    <Paper withBorder radius="md" p={{ base: "sm", sm: "md" }}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: "1 1 320px" }}>
          <Title order={2} style={{ overflowWrap: "anywhere" }}>
            {company.name}
          </Title>
          <Group gap="md" wrap="wrap">
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
            <Text size="sm" c="dimmed">
              {t("crm.card.owner")}: {company.ownerName}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs" wrap="wrap">
          {canWrite && (
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              {t("crm.card.edit")}
            </Button>
          )}
          {canDelete && (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setDeleting(true)}
            >
              {t("crm.card.delete")}
            </Button>
          )}
        </Group>
      </Group>
    </Paper>
  );

  const aside = (
    <>
      <CardSection title={t("crm.card.details")}>
        <FieldRows
          rows={[
            [t("crm.fields.companies.phones"), <PhoneLinks key="phones" phones={company.phones} />],
            [t("crm.fields.companies.emails"), <EmailLinks key="emails" emails={company.emails} />],
            [t("crm.fields.companies.bin"), company.bin],
            [t("crm.fields.companies.city"), company.city],
            [t("crm.fields.companies.address"), company.address],
            [t("crm.fields.companies.industry"), company.industry],
            [t("crm.fields.companies.ownerId"), company.ownerName],
            [t("crm.fields.companies.createdAt"), formatDateTime(company.createdAt, me.timeZone)],
            ...(company.externalId
              ? [[t("crm.fields.companies.externalId"), company.externalId] as [string, string]]
              : []),
          ]}
        />
      </CardSection>
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
      <RecordTasks
        record={{ entityType: "company", entityId: company.id, title: company.name }}
        assignee={{ id: company.ownerId, name: company.ownerName }}
      />
      <RecordWorkflows entity="company" entityId={company.id} canStart={canWrite} />
      <RecordChat entityType="company" entityId={company.id} />
    </>
  );

  return (
    <>
      <CardLayout
        entity="companies"
        id={company.id}
        listLabel={t("crm.companies.title")}
        header={header}
        aside={aside}
        tab={tab}
        onTab={onTab}
        canComment={company.abilities.comment}
      />
      <FormDrawer opened={editing} onClose={() => setEditing(false)} title={t("crm.companies.editTitle")}>
        <CompanyForm
          key={`${company.version}-${formKey}`}
          initial={original}
          original={original}
          companyId={company.id}
          onCancel={() => setEditing(false)}
          onStale={() => void reload().then(() => setFormKey((key) => key + 1))}
          onSubmit={async (patch) => {
            await save(patch, company.version, t("crm.companies.updated"));
            setEditing(false);
          }}
        />
      </FormDrawer>
      <DeleteRecordModal
        entity="companies"
        id={company.id}
        opened={deleting}
        title={t("crm.companies.deleteTitle")}
        message={t("crm.companies.deleteConfirm", { name: company.name })}
        deletedText={t("crm.companies.deleted")}
        onClose={() => setDeleting(false)}
      />
      <CreateContactDialog
        opened={addingContact}
        onClose={() => setAddingContact(false)}
        preset={{ companyId: company.id, companyName: company.name }}
      />
      <CreateDealDialog
        opened={addingDeal}
        onClose={() => setAddingDeal(false)}
        preset={{ companyId: company.id, companyName: company.name }}
      />
    </>
  );
}
