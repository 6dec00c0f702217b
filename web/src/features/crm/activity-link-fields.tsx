import { Badge, Group, SimpleGrid } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { LinkSelect } from "./link-select";

type LinkName = { id: string; name: string } | null;

/** The names of the linked company and contact, for the pickers before their first search answers. */
export interface LinkNames {
  company: LinkName;
  contact: LinkName;
}

interface Links {
  dealId: string | null;
  companyId: string | null;
  contactId: string | null;
}

interface ActivityLinkFieldsProps {
  values: Links;
  errors: Partial<Record<keyof Links, string>>;
  setLink: (field: keyof Links, id: string | null) => void;
  names: LinkNames;
  setNames: (update: (names: LinkNames) => LinkNames) => void;
  /** The linked deal as loaded (editing). */
  deal: LinkName;
  /** The lead an activity belongs to: shown, not changed here. */
  lead: LinkName;
}

/** What an activity is about: a deal, a company, a contact; a chosen deal or contact fills the empty ones in. */
export function ActivityLinkFields({ values, errors, setLink, names, setNames, deal, lead }: ActivityLinkFieldsProps) {
  const { t } = useTranslation();
  const fillCompany = (company: LinkName | undefined) => {
    if (!company || values.companyId) return;
    setNames((current) => ({ ...current, company }));
    setLink("companyId", company.id);
  };

  return (
    <>
      <LinkSelect
        entity="deals"
        label={t("activities.form.deal")}
        value={values.dealId}
        initialOption={deal}
        onChange={(value, option) => {
          setLink("dealId", value);
          // A deal knows its company and contact: fill the empty links in.
          fillCompany(option?.company);
          const contact = option?.contact;
          if (contact && !values.contactId) {
            setNames((current) => ({ ...current, contact }));
            setLink("contactId", contact.id);
          }
        }}
        error={errors.dealId}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
        <LinkSelect
          entity="companies"
          label={t("activities.form.company")}
          value={values.companyId}
          initialOption={names.company}
          onChange={(value) => setLink("companyId", value)}
          error={errors.companyId}
        />
        <LinkSelect
          entity="contacts"
          label={t("activities.form.contact")}
          value={values.contactId}
          initialOption={names.contact}
          onChange={(value, option) => {
            setLink("contactId", value);
            fillCompany(option?.company);
          }}
          error={errors.contactId}
        />
      </SimpleGrid>
      {lead && (
        <Group gap="xs">
          <Badge variant="light" color="gray">
            {t("activities.form.lead")}: {lead.name}
          </Badge>
        </Group>
      )}
    </>
  );
}
