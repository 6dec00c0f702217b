import { Alert, Anchor, Button, Group, Modal, Select, Skeleton, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { LinkableEntity } from "@planerka/common";
import { IconPlayerPlay } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifySuccess, problemText } from "../../lib/notify";
import { CardSection } from "../crm/card-kit";
import { byUrgency, CompactInstances } from "./compact-instances";
import { InstanceDrawer } from "./instance-drawer";
import { instancesQuery, refreshWorkflows, startWorkflow, templatesQuery } from "./workflows-api";

/** The CRM's name of each entity in its query keys and paths. */
const crmEntities = { deal: "deals", lead: "leads", company: "companies", contact: "contacts" } as const;

/**
 * A step may change the record (a field, the stage) or add to its timeline: when an instance moves
 * on, the card's record, timeline and history reload.
 */
function useRefreshRecordOnProgress(entity: LinkableEntity, entityId: string, signature: string | null) {
  const queryClient = useQueryClient();
  const previous = useRef<string | null>(null);
  useEffect(() => {
    if (signature === null) return;
    if (previous.current !== null && previous.current !== signature) {
      for (const part of ["one", "timeline", "history"]) {
        void queryClient.invalidateQueries({ queryKey: ["crm", crmEntities[entity], part, entityId] });
      }
    }
    previous.current = signature;
  }, [queryClient, entity, entityId, signature]);
}

/** How many finished instances show before «Показать завершённые». */
const finishedShown = 3;

function manualTemplatesQuery(entity: LinkableEntity) {
  return { ...templatesQuery({ entity, trigger: "manual", active: "true" }), retry: false };
}

/**
 * «Бизнес-процессы» on a CRM card: the record's instances (running first, stalled flagged), each
 * opening its history, and «Запустить процесс» with the active manual templates of that entity.
 */
export function RecordWorkflows({
  entity,
  entityId,
  canStart = true,
}: {
  entity: LinkableEntity;
  entityId: string;
  /** The caller may change the record (starting needs it); the server checks again. */
  canStart?: boolean;
}) {
  const { t } = useTranslation();
  const { data, error } = useQuery(instancesQuery({ limit: 50, entity, entityId }));
  const templates = useQuery({ ...manualTemplatesQuery(entity), enabled: canStart }).data ?? [];
  const [openId, setOpenId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [allFinished, setAllFinished] = useState(false);
  useRefreshRecordOnProgress(
    entity,
    entityId,
    data
      ? data.items.map((instance) => `${instance.id}:${instance.status}:${instance.currentStep?.id ?? ""}`).join("|")
      : null,
  );

  const sorted = [...(data?.items ?? [])].sort(byUrgency);
  const running = sorted.filter((instance) => instance.status === "running");
  const finished = sorted.filter((instance) => instance.status !== "running");
  const shown = [...running, ...(allFinished ? finished : finished.slice(0, finishedShown))];

  return (
    <CardSection
      title={t("workflows.record.title")}
      action={
        canStart && templates.length > 0 ? (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconPlayerPlay size={14} />}
            onClick={() => setStarting(true)}
          >
            {t("workflows.record.startShort")}
          </Button>
        ) : undefined
      }
    >
      {error ? (
        <Text size="sm" c="red">
          {problemText(error)}
        </Text>
      ) : !data ? (
        <Skeleton h={60} />
      ) : shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("workflows.record.empty")}
        </Text>
      ) : (
        <Stack gap={4}>
          <CompactInstances instances={shown} onOpen={setOpenId} label={t("workflows.record.title")} />
          {finished.length > finishedShown && (
            <Anchor component="button" type="button" size="xs" onClick={() => setAllFinished((value) => !value)}>
              {allFinished
                ? t("workflows.record.hideFinished")
                : t("workflows.record.showFinished", { count: finished.length })}
            </Anchor>
          )}
        </Stack>
      )}
      <StartWorkflowModal opened={starting} entity={entity} entityId={entityId} onClose={() => setStarting(false)} />
      <InstanceDrawer instanceId={openId} onClose={() => setOpenId(null)} />
    </CardSection>
  );
}

function StartWorkflowModal({
  opened,
  entity,
  entityId,
  onClose,
}: {
  opened: boolean;
  entity: LinkableEntity;
  entityId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  const queryClient = useQueryClient();
  const { data: templates, error: loadError } = useQuery({ ...manualTemplatesQuery(entity), enabled: opened });
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const chosen = templates?.find((template) => template.id === templateId) ?? null;

  const close = () => {
    setTemplateId(null);
    setError(null);
    onClose();
  };

  const start = async () => {
    if (!chosen) return;
    setPending(true);
    setError(null);
    try {
      await startWorkflow(chosen.id, entityId);
      notifySuccess(t("workflows.record.started", { name: chosen.name }));
      refreshWorkflows(queryClient);
      close();
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      centered={!phone}
      title={<Text fw={600}>{t("workflows.record.startTitle")}</Text>}
    >
      <Stack>
        {loadError ? (
          <Alert color="red">{problemText(loadError)}</Alert>
        ) : !templates ? (
          <Skeleton h={36} />
        ) : templates.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("workflows.record.noTemplates")}
          </Text>
        ) : (
          <Select
            label={t("workflows.record.template")}
            data={templates.map((template) => ({ value: template.id, label: template.name }))}
            value={templateId}
            onChange={setTemplateId}
            searchable
            data-autofocus
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {chosen?.description && (
          <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
            {chosen.description}
          </Text>
        )}
        {error !== null && (
          <Alert color="red" role="alert">
            {problemText(error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={pending}>
            {t("common.cancel")}
          </Button>
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            onClick={() => void start()}
            loading={pending}
            disabled={!chosen}
          >
            {t("workflows.record.start")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
