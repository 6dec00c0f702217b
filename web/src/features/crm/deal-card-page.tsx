import { Button, Group, Menu, Paper, Stack, Text, Title } from "@mantine/core";
import type { Deal, Stage } from "@planerka/common";
import {
  IconCalendarPlus,
  IconChevronDown,
  IconMail,
  IconPencil,
  IconPhone,
  IconPhoneIncoming,
  IconPhoneOutgoing,
  IconTrash,
  IconUsers,
} from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDate, formatDateTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { RecordChat } from "../chat/record-chat";
import { DealOneCBlock } from "../one-c/deal-one-c";
import { NewTaskButton, RecordTasks } from "../tasks/record-tasks";
import { RecordWorkflows } from "../workflows/record-workflows";
import { ActivityFormDialog, type ActivityFormInitial } from "./activity-form-dialog";
import {
  CardLayout,
  CardLoader,
  CardSection,
  type CardView,
  DeleteRecordModal,
  FieldRows,
  runCardAction,
  useSaveRecord,
} from "./card-kit";
import { pipelinesQuery } from "./crm-api";
import { canDo, formatDay, money } from "./crm-common";
import { DealEmailDialog } from "./deal-email-dialog";
import { DealForm, dealValues } from "./deal-form";
import { FormDrawer } from "./form-kit";
import { StageBadge } from "./stage-badge";
import { StageBar } from "./stage-bar";

export function DealCardPage() {
  const { dealId } = useParams({ from: "/app/crm/deals/$dealId" });
  const search = useSearch({ from: "/app/crm/deals/$dealId" });
  const navigate = useNavigate({ from: "/crm/deals/$dealId" });
  return (
    <CardLoader
      entity="deals"
      id={dealId}
      tab={search.tab}
      onTab={(tab) => void navigate({ search: tab === "history" ? { tab } : {}, replace: true })}
    >
      {({ record, ...view }) => <DealCard deal={record} {...view} />}
    </CardLoader>
  );
}

type DealCardProps = Omit<CardView<Deal>, "record"> & { deal: Deal };

/** What the card's actions open: any activity, a planned outgoing call, a logged incoming call, a meeting. */
type ActivityAction = "plan" | "callPlan" | "callLog" | "meeting";

/**
 * The activity form as each action opens it: the deal, its company and contact, the deal's owner as
 * the responsible employee, and the kind of activity. («Задача» is not an activity: it opens the task
 * form, see tasks/record-tasks.tsx.)
 */
function actionInitial(action: ActivityAction, deal: Deal): ActivityFormInitial {
  const links: ActivityFormInitial = {
    dealId: deal.id,
    companyId: deal.companyId ?? undefined,
    contactId: deal.contactId ?? undefined,
    ownerId: deal.ownerId,
  };
  switch (action) {
    case "callPlan":
      return { ...links, category: "call", direction: "out", typeCode: "call_out_deal" };
    case "callLog":
      return {
        ...links,
        category: "call",
        direction: "in",
        typeCode: "call_in_known",
        completed: true,
        dueAt: new Date().toISOString(),
      };
    case "meeting":
      return { ...links, category: "meeting" };
    default:
      return links;
  }
}

function DealCard({ deal, reload, tab, onTab }: DealCardProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const pipelines = useQuery(pipelinesQuery).data ?? [];
  const pipeline = pipelines.find((item) => item.id === deal.pipelineId);
  const save = useSaveRecord("deals", deal.id);
  const [editing, setEditing] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [deleting, setDeleting] = useState(false);
  // The last action stays while its dialog closes, so the title does not change under the animation.
  const [activityDialog, setActivityDialog] = useState<{ action: ActivityAction; opened: boolean; key: number }>({
    action: "plan",
    opened: false,
    key: 0,
  });
  const setAction = (action: ActivityAction) =>
    setActivityDialog(({ key }) => ({ action, opened: true, key: key + 1 }));
  const action = activityDialog.action;
  const [writing, setWriting] = useState(false);
  const [pendingStage, setPendingStage] = useState<string | null>(null);
  const canWrite = deal.abilities.edit;
  const canDelete = deal.abilities.delete;
  const canPlan = canDo(me, "deals", "read") && me.abilities.access.activities?.write !== "none";

  const moveTo = async (stage: Stage) => {
    setPendingStage(stage.id);
    await runCardAction(
      () => save({ stageId: stage.id }, deal.version, t("crm.deals.stageMoved", { stage: stage.name })),
      reload,
    );
    setPendingStage(null);
  };

  const header = (
    <Paper withBorder radius="md" p={{ base: "sm", sm: "md" }}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: "1 1 320px" }}>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" c="dimmed">
              {t("crm.deals.number", { number: deal.number })}
            </Text>
            <StageBadge stage={deal.stage} />
            {deal.closedAt && (
              <Text size="sm" c="dimmed">
                {t("crm.deals.closedOn", { date: formatDate(deal.closedAt, me.timeZone) })}
              </Text>
            )}
          </Group>
          <Title order={2} style={{ overflowWrap: "anywhere" }}>
            {deal.title}
          </Title>
          <Group gap="md" wrap="wrap">
            <Text fz={22} fw={700}>
              {money(deal.amount)}
            </Text>
            {deal.company && (
              <AnchorLink
                key="company"
                to="/crm/companies/$companyId"
                params={{ companyId: deal.company.id }}
                size="sm"
              >
                {deal.company.name}
              </AnchorLink>
            )}
            <Text size="sm" c="dimmed">
              {t("crm.card.owner")}: {deal.ownerName}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs" wrap="wrap" role="group" aria-label={t("mail.actions.label")}>
          {canPlan && (
            <Menu position="bottom-start" withinPortal>
              <Menu.Target>
                <Button
                  variant="light"
                  leftSection={<IconPhone size={16} />}
                  rightSection={<IconChevronDown size={14} />}
                >
                  {t("mail.actions.call")}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPhoneOutgoing size={16} />} onClick={() => setAction("callPlan")}>
                  {t("mail.actions.callPlan")}
                </Menu.Item>
                <Menu.Item leftSection={<IconPhoneIncoming size={16} />} onClick={() => setAction("callLog")}>
                  {t("mail.actions.callLog")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
          <Button variant="light" leftSection={<IconMail size={16} />} onClick={() => setWriting(true)}>
            {t("mail.actions.email")}
          </Button>
          {canPlan && (
            <Button variant="light" leftSection={<IconUsers size={16} />} onClick={() => setAction("meeting")}>
              {t("mail.actions.meeting")}
            </Button>
          )}
          <NewTaskButton
            record={{ entityType: "deal", entityId: deal.id, title: deal.title }}
            assignee={{ id: deal.ownerId, name: deal.ownerName }}
            dialogTitle={t("tasks.dealActionTitle")}
          />
          {canPlan && (
            <Button leftSection={<IconCalendarPlus size={16} />} onClick={() => setAction("plan")}>
              {t("crm.card.planActivity")}
            </Button>
          )}
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

  const band = pipeline ? (
    <StageBar
      deal={deal}
      stages={pipeline.stages}
      disabled={!canWrite}
      pendingStageId={pendingStage}
      onMove={(stage) => void moveTo(stage)}
    />
  ) : null;

  const aside = (
    <CardSection title={t("crm.card.details")}>
      <FieldRows
        rows={[
          [
            t("crm.fields.deals.companyId"),
            deal.company ? (
              <AnchorLink
                key="company"
                to="/crm/companies/$companyId"
                params={{ companyId: deal.company.id }}
                size="sm"
              >
                {deal.company.name}
              </AnchorLink>
            ) : null,
          ],
          [
            t("crm.fields.deals.contactId"),
            deal.contact ? (
              <AnchorLink key="contact" to="/crm/contacts/$contactId" params={{ contactId: deal.contact.id }} size="sm">
                {deal.contact.name}
              </AnchorLink>
            ) : null,
          ],
          [t("crm.fields.deals.amount"), money(deal.amount)],
          [t("crm.fields.deals.stageId"), deal.stage.name],
          ...(pipelines.length > 1 ? [[t("crm.fields.deals.pipelineId"), pipeline?.name] as [string, string]] : []),
          [t("crm.fields.deals.ownerId"), deal.ownerName],
          [t("crm.fields.deals.expectedCloseDate"), formatDay(deal.expectedCloseDate)],
          [t("crm.fields.deals.closedAt"), formatDate(deal.closedAt, me.timeZone)],
          [t("crm.fields.deals.source"), deal.source],
          [t("crm.fields.deals.stageChangedAt"), formatDateTime(deal.stageChangedAt, me.timeZone)],
          [t("crm.fields.deals.lastActivityAt"), formatDateTime(deal.lastActivityAt, me.timeZone)],
          [t("crm.fields.deals.createdAt"), formatDateTime(deal.createdAt, me.timeZone)],
          ...(deal.externalId ? [[t("crm.fields.deals.externalId"), deal.externalId] as [string, string]] : []),
        ]}
      />
    </CardSection>
  );
  const tasks = (
    <RecordTasks
      record={{ entityType: "deal", entityId: deal.id, title: deal.title }}
      assignee={{ id: deal.ownerId, name: deal.ownerName }}
    />
  );

  const original = dealValues(deal);

  return (
    <>
      <CardLayout
        entity="deals"
        id={deal.id}
        listLabel={t("crm.deals.title")}
        header={header}
        band={band}
        aside={
          <>
            {aside}
            <DealOneCBlock dealId={deal.id} />
            {tasks}
            <RecordWorkflows entity="deal" entityId={deal.id} canStart={canWrite} />
            <RecordChat entityType="deal" entityId={deal.id} />
          </>
        }
        tab={tab}
        onTab={onTab}
        canComment={deal.abilities.comment}
      />
      <FormDrawer opened={editing} onClose={() => setEditing(false)} title={t("crm.deals.editTitle")}>
        <DealForm
          key={`${deal.version}-${formKey}`}
          initial={original}
          original={original}
          onCancel={() => setEditing(false)}
          onStale={() => void reload().then(() => setFormKey((key) => key + 1))}
          onSubmit={async (patch) => {
            await save(patch, deal.version, t("crm.deals.updated"));
            setEditing(false);
          }}
        />
      </FormDrawer>
      <DeleteRecordModal
        entity="deals"
        id={deal.id}
        opened={deleting}
        title={t("crm.deals.deleteTitle")}
        message={t("crm.deals.deleteConfirm", { title: deal.title })}
        deletedText={t("crm.deals.deleted")}
        onClose={() => setDeleting(false)}
      />
      <DealEmailDialog deal={deal} opened={writing} onClose={() => setWriting(false)} />
      <ActivityFormDialog
        key={activityDialog.key}
        opened={activityDialog.opened}
        onClose={() => setActivityDialog((dialog) => ({ ...dialog, opened: false }))}
        title={
          action === "callPlan"
            ? t("mail.actions.callPlanTitle")
            : action === "callLog"
              ? t("mail.actions.callLogTitle")
              : action === "meeting"
                ? t("mail.actions.meetingTitle")
                : undefined
        }
        initial={actionInitial(action, deal)}
        onSaved={() => {
          void queryClient.invalidateQueries({ queryKey: ["crm", "deals", "timeline", deal.id] });
          void queryClient.invalidateQueries({ queryKey: ["crm", "deals", "one", deal.id] });
        }}
      />
    </>
  );
}
