import { ActionIcon, Group, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { CardSection } from "./card-kit";
import { crmListQuery } from "./crm-api";
import { phones as formatPhones, money } from "./crm-common";
import { StageBadge } from "./stage-badge";

const shown = 10;

interface RelatedDealsProps {
  title: string;
  emptyText: string;
  allLabel: (count: number) => string;
  filter: { companyId: string } | { contactId: string };
  addLabel?: string;
  onAdd?: () => void;
}

/** A card's deals: open ones first by last change, with a link to all of them in the deals list. */
export function RelatedDeals({ title, emptyText, allLabel, filter, addLabel, onAdd }: RelatedDealsProps) {
  const query = useQuery(crmListQuery("deals", { ...filter, sort: "-updatedAt", limit: shown }));
  const total = query.data?.total ?? 0;
  return (
    <CardSection title={title} action={onAdd && addLabel ? <AddButton label={addLabel} onClick={onAdd} /> : undefined}>
      {query.error ? (
        <Text c="red" size="sm">
          {problemText(query.error)}
        </Text>
      ) : !query.data ? (
        <Skeleton h={60} />
      ) : query.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      ) : (
        <Stack gap={8}>
          {query.data.items.map((deal) => (
            <div key={deal.id}>
              <AnchorLink to="/crm/deals/$dealId" params={{ dealId: deal.id }} size="sm" fw={500} lineClamp={2}>
                {deal.title}
              </AnchorLink>
              <Group gap={6} wrap="wrap">
                <StageBadge stage={deal.stage} size="xs" />
                <Text size="xs" fw={500}>
                  {money(deal.amount)}
                </Text>
                <Text size="xs" c="dimmed">
                  {deal.ownerName}
                </Text>
              </Group>
            </div>
          ))}
          {total > shown && (
            <AnchorLink to="/crm/deals" search={{ ...filter, view: "list" }} size="sm">
              {allLabel(total)}
            </AnchorLink>
          )}
        </Stack>
      )}
    </CardSection>
  );
}

interface RelatedContactsProps {
  companyId: string;
  title: string;
  emptyText: string;
  allLabel: (count: number) => string;
  addLabel?: string;
  onAdd?: () => void;
}

export function RelatedContacts({ companyId, title, emptyText, allLabel, addLabel, onAdd }: RelatedContactsProps) {
  const query = useQuery(crmListQuery("contacts", { companyId, sort: "name", limit: shown }));
  const total = query.data?.total ?? 0;
  return (
    <CardSection title={title} action={onAdd && addLabel ? <AddButton label={addLabel} onClick={onAdd} /> : undefined}>
      {query.error ? (
        <Text c="red" size="sm">
          {problemText(query.error)}
        </Text>
      ) : !query.data ? (
        <Skeleton h={60} />
      ) : query.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      ) : (
        <Stack gap={8}>
          {query.data.items.map((contact) => (
            <div key={contact.id}>
              <AnchorLink to="/crm/contacts/$contactId" params={{ contactId: contact.id }} size="sm" fw={500}>
                {contact.name}
              </AnchorLink>
              <Text size="xs" c="dimmed">
                {[contact.position, formatPhones(contact.phones.slice(0, 1))].filter(Boolean).join(" · ")}
              </Text>
            </div>
          ))}
          {total > shown && (
            <AnchorLink to="/crm/contacts" search={{ companyId }} size="sm">
              {allLabel(total)}
            </AnchorLink>
          )}
        </Stack>
      )}
    </CardSection>
  );
}

function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" aria-label={label || t("common.open")} onClick={onClick}>
        <IconPlus size={16} />
      </ActionIcon>
    </Tooltip>
  );
}
