import { Button, Group, Menu, Text } from "@mantine/core";
import type { Deal, Stage } from "@planerka/common";
import {
  IconCalendarPlus,
  IconChevronDown,
  IconMail,
  IconPhone,
  IconPhoneIncoming,
  IconPhoneOutgoing,
  IconUsers,
} from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDate, formatDateTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { DealOneCBlock } from "../one-c/deal-one-c";
import { NewTaskButton } from "../tasks/record-tasks";
import { ActivityFormDialog, type ActivityFormInitial } from "./activity-form-dialog";
import { CardLoader, type CardView, runCardAction, useSaveRecord } from "./card-kit";
import { pipelinesQuery } from "./crm-api";
import { canDo, formatDay, money } from "./crm-common";
import { DealEmailDialog } from "./deal-email-dialog";
import { DealForm, dealValues } from "./deal-form";
import { RecordCard } from "./record-card";
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

function DealCard({ deal, ...view }: DealCardProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const pipelines = useQuery(pipelinesQuery).data ?? [];
  const pipeline = pipelines.find((item) => item.id === deal.pipelineId);
  const save = useSaveRecord("deals", deal.id);
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
  const canPlan = canDo(me, "deals", "read") && me.abilities.access.activities?.write !== "none";
  const original = dealValues(deal);

  const moveTo = async (stage: Stage) => {
    setPendingStage(stage.id);
    await runCardAction(
      () => save({ stageId: stage.id }, deal.version, t("crm.deals.stageMoved", { stage: stage.name })),
      view.reload,
    );
    setPendingStage(null);
  };

  const companyLink = deal.company ? (
    <AnchorLink key="company" to="/crm/companies/$companyId" params={{ companyId: deal.company.id }} size="sm">
      {deal.company.name}
    </AnchorLink>
  ) : null;

  const actions = (
    <>
      {canPlan && (
        <Menu position="bottom-start" withinPortal>
          <Menu.Target>
            <Button variant="light" leftSection={<IconPhone size={16} />} rightSection={<IconChevronDown size={14} />}>
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
    </>
  );

  const actionTitles: Partial<Record<ActivityAction, string>> = {
    callPlan: t("mail.actions.callPlanTitle"),
    callLog: t("mail.actions.callLogTitle"),
    meeting: t("mail.actions.meetingTitle"),
  };

  return (
    <RecordCard
      {...view}
      entity="deals"
      record={deal}
      title={deal.title}
      kicker={
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
      }
      facts={
        <>
          <Text fz={22} fw={700}>
            {money(deal.amount)}
          </Text>
          {companyLink}
        </>
      }
      actions={actions}
      actionsLabel={t("mail.actions.label")}
      band={
        pipeline ? (
          <StageBar
            deal={deal}
            stages={pipeline.stages}
            disabled={!deal.abilities.edit}
            pendingStageId={pendingStage}
            onMove={(stage) => void moveTo(stage)}
          />
        ) : null
      }
      details={[
        ["companyId", companyLink],
        [
          "contactId",
          deal.contact ? (
            <AnchorLink key="contact" to="/crm/contacts/$contactId" params={{ contactId: deal.contact.id }} size="sm">
              {deal.contact.name}
            </AnchorLink>
          ) : null,
        ],
        ["amount", money(deal.amount)],
        ["stageId", deal.stage.name],
        ...(pipelines.length > 1 ? [["pipelineId", pipeline?.name] as const] : []),
        ["ownerId", deal.ownerName],
        ["expectedCloseDate", formatDay(deal.expectedCloseDate)],
        ["closedAt", formatDate(deal.closedAt, me.timeZone)],
        ["source", deal.source],
        ["stageChangedAt", formatDateTime(deal.stageChangedAt, me.timeZone)],
        ["lastActivityAt", formatDateTime(deal.lastActivityAt, me.timeZone)],
        ["createdAt", formatDateTime(deal.createdAt, me.timeZone)],
        ...(deal.externalId ? [["externalId", deal.externalId] as const] : []),
      ]}
      related={<DealOneCBlock dealId={deal.id} />}
      texts={{
        list: t("crm.deals.title"),
        editTitle: t("crm.deals.editTitle"),
        updated: t("crm.deals.updated"),
        deleteTitle: t("crm.deals.deleteTitle"),
        deleteMessage: t("crm.deals.deleteConfirm", { title: deal.title }),
        deleted: t("crm.deals.deleted"),
      }}
      form={(formProps) => <DealForm {...formProps} initial={original} original={original} />}
      dialogs={
        <>
          <DealEmailDialog deal={deal} opened={writing} onClose={() => setWriting(false)} />
          <ActivityFormDialog
            key={activityDialog.key}
            opened={activityDialog.opened}
            onClose={() => setActivityDialog((dialog) => ({ ...dialog, opened: false }))}
            title={actionTitles[action]}
            initial={actionInitial(action, deal)}
            onSaved={() => {
              void queryClient.invalidateQueries({ queryKey: ["crm", "deals", "timeline", deal.id] });
              void queryClient.invalidateQueries({ queryKey: ["crm", "deals", "one", deal.id] });
            }}
          />
        </>
      }
    />
  );
}
