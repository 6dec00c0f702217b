import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { Contact } from "@planerka/common";
import { IconPencil, IconTrash } from "@tabler/icons-react";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
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
import { ContactForm, contactValues } from "./contact-form";
import { CreateDealDialog } from "./create-dialogs";
import { canDo } from "./crm-common";
import { FormDrawer } from "./form-kit";
import { RelatedDeals } from "./related-lists";

export function ContactCardPage() {
  const { contactId } = useParams({ from: "/app/crm/contacts/$contactId" });
  const search = useSearch({ from: "/app/crm/contacts/$contactId" });
  const navigate = useNavigate({ from: "/crm/contacts/$contactId" });
  return (
    <CardLoader
      entity="contacts"
      id={contactId}
      tab={search.tab}
      onTab={(tab) => void navigate({ search: tab === "history" ? { tab } : {}, replace: true })}
    >
      {({ record, ...view }) => <ContactCard contact={record} {...view} />}
    </CardLoader>
  );
}

type ContactCardProps = Omit<CardView<Contact>, "record"> & { contact: Contact };

function ContactCard({ contact, reload, tab, onTab }: ContactCardProps) {
  const { t } = useTranslation();
  const me = useMe();
  const save = useSaveRecord("contacts", contact.id);
  const [editing, setEditing] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const [addingDeal, setAddingDeal] = useState(false);
  const canWrite = contact.abilities.edit;
  const canDelete = contact.abilities.delete;
  const original = contactValues(contact);

  const companyLink = contact.company ? (
    <AnchorLink to="/crm/companies/$companyId" params={{ companyId: contact.company.id }} size="sm">
      {contact.company.name}
    </AnchorLink>
  ) : null;

  const header = (
    <Paper withBorder radius="md" p={{ base: "sm", sm: "md" }}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: "1 1 320px" }}>
          <Title order={2} style={{ overflowWrap: "anywhere" }}>
            {contact.name}
          </Title>
          <Group gap="md" wrap="wrap">
            {contact.position && <Text size="sm">{contact.position}</Text>}
            {companyLink}
            <Text size="sm" c="dimmed">
              {t("crm.card.owner")}: {contact.ownerName}
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
            [t("crm.fields.contacts.phones"), <PhoneLinks key="phones" phones={contact.phones} />],
            [t("crm.fields.contacts.emails"), <EmailLinks key="emails" emails={contact.emails} />],
            [t("crm.fields.contacts.position"), contact.position],
            [t("crm.fields.contacts.companyId"), companyLink],
            [t("crm.fields.contacts.ownerId"), contact.ownerName],
            [t("crm.fields.contacts.createdAt"), formatDateTime(contact.createdAt, me.timeZone)],
            ...(contact.externalId
              ? [[t("crm.fields.contacts.externalId"), contact.externalId] as [string, string]]
              : []),
          ]}
        />
      </CardSection>
      <RelatedDeals
        filter={{ contactId: contact.id }}
        title={t("crm.contacts.deals")}
        emptyText={t("crm.contacts.noDeals")}
        allLabel={(count) => t("crm.contacts.allDeals", { count })}
        addLabel={canDo(me, "deals", "write") ? t("crm.contacts.addDeal") : undefined}
        onAdd={() => setAddingDeal(true)}
      />
      <RecordTasks
        record={{ entityType: "contact", entityId: contact.id, title: contact.name }}
        assignee={{ id: contact.ownerId, name: contact.ownerName }}
      />
      <RecordWorkflows entity="contact" entityId={contact.id} canStart={canWrite} />
      <RecordChat entityType="contact" entityId={contact.id} />
    </>
  );

  return (
    <>
      <CardLayout
        entity="contacts"
        id={contact.id}
        listLabel={t("crm.contacts.title")}
        header={header}
        aside={aside}
        tab={tab}
        onTab={onTab}
        canComment={contact.abilities.comment}
      />
      <FormDrawer opened={editing} onClose={() => setEditing(false)} title={t("crm.contacts.editTitle")}>
        <ContactForm
          key={`${contact.version}-${formKey}`}
          initial={original}
          original={original}
          contactId={contact.id}
          onCancel={() => setEditing(false)}
          onStale={() => void reload().then(() => setFormKey((key) => key + 1))}
          onSubmit={async (patch) => {
            await save(patch, contact.version, t("crm.contacts.updated"));
            setEditing(false);
          }}
        />
      </FormDrawer>
      <DeleteRecordModal
        entity="contacts"
        id={contact.id}
        opened={deleting}
        title={t("crm.contacts.deleteTitle")}
        message={t("crm.contacts.deleteConfirm", { name: contact.name })}
        deletedText={t("crm.contacts.deleted")}
        onClose={() => setDeleting(false)}
      />
      <CreateDealDialog
        opened={addingDeal}
        onClose={() => setAddingDeal(false)}
        preset={{
          contactId: contact.id,
          contactName: contact.name,
          companyId: contact.companyId,
          companyName: contact.company?.name ?? null,
        }}
      />
    </>
  );
}
