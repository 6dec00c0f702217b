import { Alert, Anchor, Button, Group, Text } from "@mantine/core";
import type { Lead } from "@planerka/common";
import { IconCalendarPlus, IconTransform } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink, ButtonLink } from "../../lib/links";
import { PhoneLink } from "../telephony/phone-link";
import { ActivityFormDialog } from "./activity-form-dialog";
import { CardLoader, type CardView } from "./card-kit";
import { canDo } from "./crm-common";
import { LeadConvertDialog } from "./lead-convert-dialog";
import { LeadForm, leadValues } from "./lead-form";
import { LeadStatusBadge } from "./leads-page";
import { RecordCard } from "./record-card";

export function LeadCardPage() {
  const { leadId } = useParams({ from: "/app/crm/leads/$leadId" });
  const search = useSearch({ from: "/app/crm/leads/$leadId" });
  const navigate = useNavigate({ from: "/crm/leads/$leadId" });
  return (
    <CardLoader
      entity="leads"
      id={leadId}
      tab={search.tab}
      onTab={(tab) => void navigate({ search: tab === "history" ? { tab } : {}, replace: true })}
    >
      {({ record, ...view }) => <LeadCard lead={record} {...view} />}
    </CardLoader>
  );
}

type LeadCardProps = Omit<CardView<Lead>, "record"> & { lead: Lead };

function LeadCard({ lead, ...view }: LeadCardProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [converting, setConverting] = useState(false);
  const [planning, setPlanning] = useState(false);
  const converted = lead.status === "converted";
  const canConvert = lead.abilities.edit && !converted && canDo(me, "deals", "write");
  const canPlan = !converted && me.abilities.access.activities?.write !== "none";
  const original = leadValues(lead);

  const band =
    converted && lead.convertedDealId ? (
      <Alert color="teal" title={t("crm.leads.convertedTo")}>
        <Group gap="sm">
          {lead.convertedAt && <Text size="sm">{formatDateTime(lead.convertedAt, me.timeZone)}</Text>}
          <ButtonLink
            to="/crm/deals/$dealId"
            params={{ dealId: lead.convertedDealId }}
            size="xs"
            variant="light"
            color="teal"
          >
            {t("crm.leads.openDeal")}
          </ButtonLink>
        </Group>
      </Alert>
    ) : null;

  return (
    <RecordCard
      {...view}
      entity="leads"
      record={lead}
      title={lead.title}
      kicker={
        <Group gap="xs">
          <LeadStatusBadge status={lead.status} />
          {lead.source && (
            <Text size="sm" c="dimmed">
              {lead.source}
            </Text>
          )}
        </Group>
      }
      facts={
        <>
          {lead.contactName && <Text size="sm">{lead.contactName}</Text>}
          {lead.companyName && <Text size="sm">{lead.companyName}</Text>}
        </>
      }
      actions={
        <>
          {canConvert && (
            <Button leftSection={<IconTransform size={16} />} onClick={() => setConverting(true)}>
              {t("crm.convert.button")}
            </Button>
          )}
          {canPlan && (
            <Button variant="light" leftSection={<IconCalendarPlus size={16} />} onClick={() => setPlanning(true)}>
              {t("crm.card.planActivity")}
            </Button>
          )}
        </>
      }
      editable={lead.abilities.edit && !converted}
      band={band}
      details={[
        ["contactName", lead.contactName],
        ["companyName", lead.companyName],
        ["phone", lead.phone ? <PhoneLink key="phone" phone={lead.phone} /> : null],
        [
          "email",
          lead.email ? (
            <Anchor key="email" href={`mailto:${lead.email}`} size="sm">
              {lead.email}
            </Anchor>
          ) : null,
        ],
        ["source", lead.source],
        ["status", t(`crm.leadStatuses.${lead.status}`)],
        [
          "comment",
          lead.comment ? (
            <Text key="comment" size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {lead.comment}
            </Text>
          ) : null,
        ],
        ["ownerId", lead.ownerName],
        ["createdAt", formatDateTime(lead.createdAt, me.timeZone)],
        ...(lead.convertedDealId
          ? [
              [
                "convertedDealId",
                <AnchorLink key="deal" to="/crm/deals/$dealId" params={{ dealId: lead.convertedDealId }} size="sm">
                  {t("crm.leads.openDeal")}
                </AnchorLink>,
              ] as const,
            ]
          : []),
      ]}
      texts={{
        list: t("crm.leads.title"),
        editTitle: t("crm.leads.editTitle"),
        updated: t("crm.leads.updated"),
        deleteTitle: t("crm.leads.deleteTitle"),
        deleteMessage: t("crm.leads.deleteConfirm", { title: lead.title }),
        deleted: t("crm.leads.deleted"),
      }}
      form={(formProps) => <LeadForm {...formProps} initial={original} original={original} />}
      dialogs={
        <>
          <LeadConvertDialog
            lead={lead}
            opened={converting}
            onClose={() => setConverting(false)}
            onStale={() => void view.reload()}
          />
          <ActivityFormDialog
            opened={planning}
            onClose={() => setPlanning(false)}
            initial={{ leadId: lead.id, ownerId: lead.ownerId }}
            onSaved={() => void queryClient.invalidateQueries({ queryKey: ["crm", "leads", "timeline", lead.id] })}
          />
        </>
      }
    />
  );
}
