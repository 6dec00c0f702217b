import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { formatPhone, type Lead } from "@planerka/common";
import { IconCalendarPlus, IconPencil, IconTransform, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink, ButtonLink } from "../../lib/links";
import { RecordChat } from "../chat/record-chat";
import { RecordTasks } from "../tasks/record-tasks";
import { RecordWorkflows } from "../workflows/record-workflows";
import { ActivityFormDialog } from "./activity-form-dialog";
import {
  CardLayout,
  CardLoader,
  CardSection,
  type CardView,
  DeleteRecordModal,
  FieldRows,
  useSaveRecord,
} from "./card-kit";
import { canDo } from "./crm-common";
import { FormDrawer } from "./form-kit";
import { LeadConvertDialog } from "./lead-convert-dialog";
import { LeadForm, leadValues } from "./lead-form";
import { LeadStatusBadge } from "./leads-page";

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

function LeadCard({ lead, reload, tab, onTab }: LeadCardProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const save = useSaveRecord("leads", lead.id);
  const [editing, setEditing] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const [converting, setConverting] = useState(false);
  const [planning, setPlanning] = useState(false);
  const converted = lead.status === "converted";
  const canWrite = lead.abilities.edit;
  const canDelete = lead.abilities.delete;
  const canConvert = canWrite && !converted && canDo(me, "deals", "write");
  const canPlan = !converted && me.abilities.access.activities?.write !== "none";
  const original = leadValues(lead);

  const header = (
    <Paper withBorder radius="md" p={{ base: "sm", sm: "md" }}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: "1 1 320px" }}>
          <Group gap="xs">
            <LeadStatusBadge status={lead.status} />
            {lead.source && (
              <Text size="sm" c="dimmed">
                {lead.source}
              </Text>
            )}
          </Group>
          <Title order={2} style={{ overflowWrap: "anywhere" }}>
            {lead.title}
          </Title>
          <Group gap="md" wrap="wrap">
            {lead.contactName && <Text size="sm">{lead.contactName}</Text>}
            {lead.companyName && <Text size="sm">{lead.companyName}</Text>}
            <Text size="sm" c="dimmed">
              {t("crm.card.owner")}: {lead.ownerName}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs" wrap="wrap">
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
          {canWrite && !converted && (
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

  const aside = (
    <CardSection title={t("crm.card.details")}>
      <FieldRows
        rows={[
          [t("crm.fields.leads.contactName"), lead.contactName],
          [t("crm.fields.leads.companyName"), lead.companyName],
          [
            t("crm.fields.leads.phone"),
            lead.phone ? (
              <Anchor key="phone" href={`tel:${lead.phone}`} size="sm">
                {formatPhone(lead.phone)}
              </Anchor>
            ) : null,
          ],
          [
            t("crm.fields.leads.email"),
            lead.email ? (
              <Anchor key="email" href={`mailto:${lead.email}`} size="sm">
                {lead.email}
              </Anchor>
            ) : null,
          ],
          [t("crm.fields.leads.source"), lead.source],
          [t("crm.fields.leads.status"), t(`crm.leadStatuses.${lead.status}`)],
          [
            t("crm.fields.leads.comment"),
            lead.comment ? (
              <Text key="comment" size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {lead.comment}
              </Text>
            ) : null,
          ],
          [t("crm.fields.leads.ownerId"), lead.ownerName],
          [t("crm.fields.leads.createdAt"), formatDateTime(lead.createdAt, me.timeZone)],
          ...(lead.convertedDealId
            ? [
                [
                  t("crm.fields.leads.convertedDealId"),
                  <AnchorLink key="deal" to="/crm/deals/$dealId" params={{ dealId: lead.convertedDealId }} size="sm">
                    {t("crm.leads.openDeal")}
                  </AnchorLink>,
                ] as [string, ReactNode],
              ]
            : []),
        ]}
      />
    </CardSection>
  );
  const tasks = (
    <RecordTasks
      record={{ entityType: "lead", entityId: lead.id, title: lead.title }}
      assignee={{ id: lead.ownerId, name: lead.ownerName }}
    />
  );

  return (
    <>
      <CardLayout
        entity="leads"
        id={lead.id}
        listLabel={t("crm.leads.title")}
        header={header}
        band={band}
        aside={
          <>
            {aside}
            {tasks}
            <RecordWorkflows entity="lead" entityId={lead.id} canStart={canWrite} />
            <RecordChat entityType="lead" entityId={lead.id} />
          </>
        }
        tab={tab}
        onTab={onTab}
        canComment={lead.abilities.comment}
      />
      <FormDrawer opened={editing} onClose={() => setEditing(false)} title={t("crm.leads.editTitle")}>
        <LeadForm
          key={`${lead.version}-${formKey}`}
          initial={original}
          original={original}
          onCancel={() => setEditing(false)}
          onStale={() => void reload().then(() => setFormKey((key) => key + 1))}
          onSubmit={async (patch) => {
            await save(patch, lead.version, t("crm.leads.updated"));
            setEditing(false);
          }}
        />
      </FormDrawer>
      <LeadConvertDialog
        lead={lead}
        opened={converting}
        onClose={() => setConverting(false)}
        onStale={() => void reload()}
      />
      <DeleteRecordModal
        entity="leads"
        id={lead.id}
        opened={deleting}
        title={t("crm.leads.deleteTitle")}
        message={t("crm.leads.deleteConfirm", { title: lead.title })}
        deletedText={t("crm.leads.deleted")}
        onClose={() => setDeleting(false)}
      />
      <ActivityFormDialog
        opened={planning}
        onClose={() => setPlanning(false)}
        initial={{ leadId: lead.id, ownerId: lead.ownerId }}
        onSaved={() => void queryClient.invalidateQueries({ queryKey: ["crm", "leads", "timeline", lead.id] })}
      />
    </>
  );
}
