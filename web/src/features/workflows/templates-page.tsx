import { Badge, Group, Paper, Select, Skeleton, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { type LinkableEntity, linkableEntities, type WorkflowTemplate } from "@planerka/common";
import { IconAlertTriangle, IconPlus, IconTopologyStar3 } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { AnchorLink, ButtonLink } from "../../lib/links";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { pipelinesQuery } from "../crm/crm-api";
import { refreshWorkflows, templatesQuery, updateTemplate } from "./workflows-api";

/** «Бизнес-процессы» in the settings: every template, switched on and off right in the list. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 48em)");
  const [entity, setEntity] = useState<LinkableEntity | null>(null);
  const { data: templates, error } = useQuery(templatesQuery(entity ? { entity } : {}));

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="sm">
        <div style={{ flex: "1 1 320px" }}>
          <Title order={2}>{t("workflows.templates.title")}</Title>
          <Text c="dimmed" size="sm" maw={760}>
            {t("workflows.templates.intro")}
          </Text>
        </div>
        <ButtonLink
          to="/settings/workflows/$templateId"
          params={{ templateId: "new" }}
          leftSection={<IconPlus size={16} />}
        >
          {t("workflows.templates.create")}
        </ButtonLink>
      </Group>
      <Select
        aria-label={t("workflows.page.entity")}
        placeholder={t("workflows.page.anyEntity")}
        data={linkableEntities.map((value) => ({ value, label: t(`workflows.entitiesPlural.${value}`) }))}
        value={entity}
        onChange={(value) => setEntity(value as LinkableEntity | null)}
        clearable
        w={220}
      />
      {error ? (
        <Text c="red">{problemText(error)}</Text>
      ) : !templates ? (
        <Skeleton h={240} />
      ) : templates.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          <Stack align="center" gap="xs">
            <IconTopologyStar3 size={32} stroke={1.4} color="var(--mantine-color-dimmed)" />
            <Text c="dimmed">{t("workflows.templates.empty")}</Text>
          </Stack>
        </Paper>
      ) : phone ? (
        <Stack gap="sm">
          {templates.map((template) => (
            <TemplateCard key={template.id} template={template} />
          ))}
        </Stack>
      ) : (
        <Paper withBorder radius="md">
          <Table verticalSpacing="sm" aria-label={t("workflows.templates.title")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("workflows.templates.columns.name")}</Table.Th>
                <Table.Th>{t("workflows.templates.columns.entity")}</Table.Th>
                <Table.Th>{t("workflows.templates.columns.trigger")}</Table.Th>
                <Table.Th>{t("workflows.templates.columns.active")}</Table.Th>
                <Table.Th ta="right">{t("workflows.templates.columns.running")}</Table.Th>
                <Table.Th ta="right">{t("workflows.templates.columns.stalled")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {templates.map((template) => (
                <Table.Tr key={template.id} data-template-id={template.id}>
                  <Table.Td maw={420}>
                    <TemplateName template={template} />
                  </Table.Td>
                  <Table.Td>{t(`workflows.entities.${template.entity}`)}</Table.Td>
                  <Table.Td>
                    <TriggerText template={template} />
                  </Table.Td>
                  <Table.Td>
                    <ActiveSwitch template={template} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <RunningCount template={template} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <StalledCount template={template} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}

function TemplateCard({ template }: { template: WorkflowTemplate }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="sm" data-template-id={template.id}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <TemplateName template={template} />
          <ActiveSwitch template={template} />
        </Group>
        <Text size="sm" c="dimmed">
          {t(`workflows.entities.${template.entity}`)} · <TriggerText template={template} />
        </Text>
        <Group gap="md">
          <Text size="sm">
            {t("workflows.templates.running")}: <RunningCount template={template} />
          </Text>
          <Text size="sm">
            {t("workflows.templates.stalled")}: <StalledCount template={template} />
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

function TemplateName({ template }: { template: WorkflowTemplate }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Group gap={6} wrap="wrap">
        <AnchorLink
          to="/settings/workflows/$templateId"
          params={{ templateId: template.id }}
          fw={600}
          size="sm"
          style={{ overflowWrap: "anywhere" }}
        >
          {template.name}
        </AnchorLink>
        {template.builtinKey && (
          <Badge size="xs" variant="light" color="gray">
            {t("workflows.templates.builtin")}
          </Badge>
        )}
      </Group>
      {template.description && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {template.description}
        </Text>
      )}
    </Stack>
  );
}

export function TriggerText({ template }: { template: Pick<WorkflowTemplate, "trigger" | "triggerStageId"> }) {
  const { t } = useTranslation();
  const pipelines = useQuery({ ...pipelinesQuery, enabled: template.trigger === "stage" }).data ?? [];
  if (template.trigger !== "stage") return <>{t(`workflows.triggers.${template.trigger}`)}</>;
  const stage = pipelines.flatMap((pipeline) => pipeline.stages).find((item) => item.id === template.triggerStageId);
  return <>{stage ? t("workflows.triggerStage", { stage: stage.name }) : t("workflows.triggers.stage")}</>;
}

function RunningCount({ template }: { template: WorkflowTemplate }) {
  if (template.runningCount === 0) return <>0</>;
  return (
    <AnchorLink to="/workflows" search={{ templateId: template.id }} size="sm">
      {template.runningCount}
    </AnchorLink>
  );
}

function StalledCount({ template }: { template: WorkflowTemplate }) {
  if (template.stalledCount === 0) return <>0</>;
  return (
    <AnchorLink to="/workflows" search={{ templateId: template.id, show: "stalled" }} size="sm" c="red.7" fw={600}>
      <IconAlertTriangle size={14} style={{ verticalAlign: "-2px", marginRight: 4 }} />
      {template.stalledCount}
    </AnchorLink>
  );
}

function ActiveSwitch({ template }: { template: WorkflowTemplate }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);

  const toggle = async (active: boolean) => {
    setPending(true);
    try {
      await updateTemplate(template.id, { active, version: template.version });
      notifySuccess(
        t(active ? "workflows.templates.activated" : "workflows.templates.deactivated", { name: template.name }),
      );
    } catch (error) {
      // A stale version or a refusal: the list reloads below and shows the truth.
      notifyError(error);
    } finally {
      setPending(false);
      refreshWorkflows(queryClient);
    }
  };

  return (
    <Switch
      checked={template.active}
      disabled={pending}
      onChange={(event) => void toggle(event.currentTarget.checked)}
      aria-label={t("workflows.templates.activate", { name: template.name })}
    />
  );
}
