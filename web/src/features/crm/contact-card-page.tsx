import { Text } from "@mantine/core";
import type { Contact } from "@planerka/common";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { CardLoader, type CardView, EmailLinks, PhoneLinks } from "./card-kit";
import { ContactForm, contactValues } from "./contact-form";
import { CreateDealDialog } from "./create-dialogs";
import { canDo } from "./crm-common";
import { RecordCard } from "./record-card";
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

function ContactCard({ contact, ...view }: ContactCardProps) {
  const { t } = useTranslation();
  const me = useMe();
  const [addingDeal, setAddingDeal] = useState(false);
  const original = contactValues(contact);

  const companyLink = contact.company ? (
    <AnchorLink to="/crm/companies/$companyId" params={{ companyId: contact.company.id }} size="sm">
      {contact.company.name}
    </AnchorLink>
  ) : null;

  return (
    <RecordCard
      {...view}
      entity="contacts"
      record={contact}
      title={contact.name}
      facts={
        <>
          {contact.position && <Text size="sm">{contact.position}</Text>}
          {companyLink}
        </>
      }
      details={[
        ["phones", <PhoneLinks key="phones" phones={contact.phones} />],
        ["emails", <EmailLinks key="emails" emails={contact.emails} />],
        ["position", contact.position],
        ["companyId", companyLink],
        ["ownerId", contact.ownerName],
        ["createdAt", formatDateTime(contact.createdAt, me.timeZone)],
        ...(contact.externalId ? [["externalId", contact.externalId] as const] : []),
      ]}
      related={
        <RelatedDeals
          filter={{ contactId: contact.id }}
          title={t("crm.contacts.deals")}
          emptyText={t("crm.contacts.noDeals")}
          allLabel={(count) => t("crm.contacts.allDeals", { count })}
          addLabel={canDo(me, "deals", "write") ? t("crm.contacts.addDeal") : undefined}
          onAdd={() => setAddingDeal(true)}
        />
      }
      texts={{
        list: t("crm.contacts.title"),
        editTitle: t("crm.contacts.editTitle"),
        updated: t("crm.contacts.updated"),
        deleteTitle: t("crm.contacts.deleteTitle"),
        deleteMessage: t("crm.contacts.deleteConfirm", { name: contact.name }),
        deleted: t("crm.contacts.deleted"),
      }}
      form={(formProps) => <ContactForm {...formProps} initial={original} original={original} contactId={contact.id} />}
      dialogs={
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
      }
    />
  );
}
