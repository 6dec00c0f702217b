import { Group, Paper, Select, Stack, Switch, Textarea, TextInput } from "@mantine/core";
import { type LinkableEntity, linkableEntities, workflowTriggers } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { pipelinesQuery } from "../crm/crm-api";
import type { DraftErrors, TemplateDraft } from "./template-draft";
import type { WorkflowTrigger } from "./workflows-api";

/** The template's own fields: name, description, record type, how it starts, whether it is on. */
export function TemplateGeneral({
  draft,
  errors,
  patch,
}: {
  draft: TemplateDraft;
  errors: DraftErrors;
  /** Changes fields of the draft and clears the errors of `field`. */
  patch: (change: Partial<TemplateDraft>, field: string) => void;
}) {
  const { t } = useTranslation();
  const pipelines = useQuery(pipelinesQuery).data ?? [];
  // Only deals have stages: another record type cannot start on one.
  const setEntity = (entity: LinkableEntity) => {
    const trigger = entity !== "deal" && draft.trigger === "stage" ? "manual" : draft.trigger;
    patch({ entity, trigger }, "entity");
  };
  const stageOptions = pipelines.map((pipeline) => ({
    group: pipeline.name,
    items: [...pipeline.stages]
      .sort((a, b) => a.sort - b.sort)
      .map((stage) => ({ value: stage.id, label: stage.name })),
  }));

  return (
    <Paper
      withBorder
      radius="md"
      p={{ base: "sm", sm: "md" }}
      component="section"
      aria-label={t("workflows.editor.general")}
    >
      <Stack gap="sm">
        <TextInput
          label={t("workflows.editor.name")}
          value={draft.name}
          onChange={(event) => patch({ name: event.currentTarget.value }, "name")}
          error={errors.name}
          maxLength={200}
          required
        />
        <Textarea
          label={t("workflows.editor.description")}
          value={draft.description}
          onChange={(event) => patch({ description: event.currentTarget.value }, "description")}
          error={errors.description}
          maxLength={2000}
          autosize
          minRows={2}
          maxRows={5}
        />
        <Group gap="sm" align="flex-start" wrap="wrap">
          <Select
            label={t("workflows.editor.entity")}
            data={linkableEntities.map((value) => ({ value, label: t(`workflows.entities.${value}`) }))}
            value={draft.entity}
            onChange={(value) => value && setEntity(value as LinkableEntity)}
            allowDeselect={false}
            error={errors.entity}
            w={{ base: "100%", xs: 180 }}
          />
          <Select
            label={t("workflows.editor.trigger")}
            data={workflowTriggers
              .filter((trigger) => trigger !== "stage" || draft.entity === "deal")
              .map((value) => ({ value, label: t(`workflows.triggers.${value}`) }))}
            value={draft.trigger}
            onChange={(value) => value && patch({ trigger: value as WorkflowTrigger }, "trigger")}
            allowDeselect={false}
            error={errors.trigger}
            w={{ base: "100%", xs: 240 }}
          />
          {draft.trigger === "stage" && (
            <Select
              label={t("workflows.editor.triggerStage")}
              data={stageOptions}
              value={draft.triggerStageId}
              onChange={(value) => patch({ triggerStageId: value }, "triggerStageId")}
              error={errors.triggerStageId}
              searchable
              required
              style={{ flex: "1 1 220px" }}
            />
          )}
        </Group>
        <Switch
          label={t("workflows.editor.active")}
          description={t("workflows.editor.activeHint")}
          checked={draft.active}
          onChange={(event) => patch({ active: event.currentTarget.checked }, "active")}
        />
      </Stack>
    </Paper>
  );
}
