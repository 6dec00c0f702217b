import { Alert, Badge, Box, Button, Grid, Group, Menu, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { type WorkflowStep, type WorkflowStepType, type WorkflowTemplate, workflowStepTypes } from "@planerka/common";
import { IconChevronDown, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../lib/api";
import { ConfirmModal } from "../../lib/confirm-modal";
import { isStaleVersion, notifySuccess, problemText } from "../../lib/notify";
import { FlowPreview } from "./flow-preview";
import { StepCard } from "./step-card";
import {
  appendStep,
  checkDraft,
  type DraftErrors,
  draftOf,
  emptyDraft,
  errorsOf,
  inputOf,
  moveStep,
  removeStep,
  retypeStep,
  sameDraft,
  stepErrors,
  type TemplateDraft,
} from "./template-draft";
import { TemplateGeneral } from "./template-general";
import { StepTypeIcon } from "./workflow-bits";
import { createTemplate, deleteTemplate, refreshWorkflows, templateQuery, updateTemplate } from "./workflows-api";

/** Drops the errors under `prefix` (a field, or a whole step) once it is edited. */
function without(errors: DraftErrors, prefix: string): DraftErrors {
  const entries = Object.entries(errors).filter(([key]) => key !== prefix && !key.startsWith(`${prefix}.`));
  return entries.length === Object.keys(errors).length ? errors : Object.fromEntries(entries);
}

const placedKeys = ["name", "description", "entity", "trigger", "triggerStageId", "startStepId", "steps"];

/** Messages that no field shows (a path the form does not know): they go into the alert. */
function unplaced(errors: DraftErrors): string[] {
  return Object.entries(errors)
    .filter(([key]) => !placedKeys.includes(key) && !/^steps\.\d+/.test(key))
    .map(([key, message]) => (key ? `${key}: ${message}` : message));
}

/** The template editor: general fields, the ordered steps, a sketch of the flow; saved as one write. */
export function TemplateEditor({ template }: { template: WorkflowTemplate | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [base, setBase] = useState(template);
  const [draft, setDraft] = useState<TemplateDraft>(() => (template ? draftOf(template) : emptyDraft()));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  // The alert that only summed up field errors goes once the last of them is fixed.
  const [problemIsFields, setProblemIsFields] = useState(false);
  if (problem && problemIsFields && Object.keys(errors).length === 0) {
    setProblem(null);
    setProblemIsFields(false);
  }
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [addedStepId, setAddedStepId] = useState<string | null>(null);

  // A newer version from the server (another admin, or a reload after a conflict) replaces a clean draft.
  if (template && base && template.version !== base.version) {
    setBase(template);
    if (sameDraft(draft, draftOf(base))) setDraft(draftOf(template));
  }

  const dirty = base ? !sameDraft(draft, draftOf(base)) : true;

  const patch = (change: Partial<TemplateDraft>, field: string) => {
    setDraft((current) => ({ ...current, ...change }));
    setErrors((current) => without(current, field));
  };

  /** Moving, adding or removing steps renumbers them: their old errors no longer point right. */
  const restructure = (next: (current: TemplateDraft) => TemplateDraft) => {
    setDraft(next);
    setErrors((current) =>
      Object.fromEntries(Object.entries(current).filter(([key]) => !key.startsWith("steps.") && key !== "startStepId")),
    );
  };

  const setStep = (index: number, step: WorkflowStep) => {
    setDraft((current) => ({ ...current, steps: current.steps.map((old, at) => (at === index ? step : old)) }));
    setErrors((current) => without(current, `steps.${index}`));
  };

  const addStep = (type: WorkflowStepType) => {
    const { draft: next, index } = appendStep(draft, type, t(`workflows.stepTypes.${type}`));
    restructure(() => next);
    setAddedStepId(next.steps[index]?.id ?? null);
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    const found = checkDraft(draft, t("errors.required"));
    if (Object.keys(found).length > 0) {
      setErrors(found);
      setProblem([t("workflows.editor.invalid"), ...unplaced(found)].join(" "));
      setProblemIsFields(unplaced(found).length === 0);
      return;
    }
    setSaving(true);
    setProblem(null);
    setProblemIsFields(false);
    try {
      const input = inputOf(draft);
      const saved = base
        ? await updateTemplate(base.id, { ...input, version: base.version })
        : await createTemplate(input);
      queryClient.setQueryData(templateQuery(saved.id).queryKey, saved);
      refreshWorkflows(queryClient);
      setErrors({});
      if (base) {
        setBase(saved);
        setDraft(draftOf(saved));
        notifySuccess(t("workflows.editor.saved"));
      } else {
        notifySuccess(t("workflows.editor.created"));
        void navigate({ to: "/settings/workflows/$templateId", params: { templateId: saved.id }, replace: true });
      }
    } catch (error) {
      const found = error instanceof ProblemError ? errorsOf(error.errors) : {};
      setErrors(found);
      setProblem([problemText(error), ...unplaced(found)].join(" "));
      if (isStaleVersion(error) && base)
        void queryClient.invalidateQueries({ queryKey: templateQuery(base.id).queryKey });
    } finally {
      setSaving(false);
    }
  };

  const discard = () => {
    setDraft(base ? draftOf(base) : emptyDraft());
    setErrors({});
    setProblem(null);
  };

  const stepsSection = (
    <Stack gap="sm" component="section" aria-label={t("workflows.editor.steps")}>
      <Group justify="space-between" align="flex-end" gap="sm">
        <Title order={3}>{t("workflows.editor.steps")}</Title>
        {draft.steps.length > 1 && (
          <Select
            label={t("workflows.editor.startStep")}
            data={draft.steps.map((step, index) => ({
              value: step.id,
              label: t("workflows.editor.stepLabel", { number: index + 1, name: step.name || "…" }),
            }))}
            value={draft.startStepId || null}
            onChange={(value) => value && patch({ startStepId: value }, "startStepId")}
            allowDeselect={false}
            error={errors.startStepId}
            w={{ base: "100%", xs: 280 }}
          />
        )}
      </Group>
      {draft.steps.length <= 1 && errors.startStepId && (
        <Text size="sm" c="red">
          {errors.startStepId}
        </Text>
      )}
      {errors.steps && (
        <Text size="sm" c="red">
          {errors.steps}
        </Text>
      )}
      {draft.steps.map((step, index) => (
        <StepCard
          key={step.id}
          step={step}
          index={index}
          count={draft.steps.length}
          isStart={step.id === draft.startStepId}
          steps={draft.steps}
          entity={draft.entity}
          errors={stepErrors(errors, index)}
          autoFocusName={step.id === addedStepId}
          onChange={(next) => setStep(index, next)}
          onRetype={(type) => {
            setDraft((current) => retypeStep(current, index, type));
            setErrors((current) => without(current, `steps.${index}`));
          }}
          onMove={(by) => restructure((current) => moveStep(current, index, by))}
          onRemove={() => restructure((current) => removeStep(current, index))}
        />
      ))}
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            rightSection={<IconChevronDown size={14} />}
            w="fit-content"
          >
            {t("workflows.editor.addStep")}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {workflowStepTypes.map((type) => (
            <Menu.Item key={type} leftSection={<StepTypeIcon type={type} />} onClick={() => addStep(type)}>
              {t(`workflows.stepTypes.${type}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Stack>
  );

  return (
    <form onSubmit={save} noValidate>
      <Stack gap="md">
        <Group justify="space-between" align="center" gap="sm">
          <Group gap="xs">
            <Title order={2}>{base ? base.name : t("workflows.editor.newTitle")}</Title>
            {base?.builtinKey && (
              <Badge variant="light" color="gray">
                {t("workflows.templates.builtin")}
              </Badge>
            )}
          </Group>
          {base && (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setDeleting(true)}
            >
              {t("workflows.editor.delete")}
            </Button>
          )}
        </Group>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack gap="md">
              <TemplateGeneral draft={draft} errors={errors} patch={patch} />
              {stepsSection}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Paper
              withBorder
              radius="md"
              p="sm"
              component="section"
              aria-label={t("workflows.editor.preview")}
              style={{ position: "sticky", top: 72 }}
            >
              <Text fw={600} size="sm" mb="xs">
                {t("workflows.editor.preview")}
              </Text>
              <FlowPreview steps={draft.steps} startStepId={draft.startStepId} />
            </Paper>
          </Grid.Col>
        </Grid>
        {(dirty || problem) && (
          <Box
            pos="sticky"
            bottom={0}
            py="xs"
            style={{
              zIndex: 5,
              background: "var(--mantine-color-body)",
              borderTop: "1px solid var(--mantine-color-gray-3)",
            }}
          >
            <Stack gap="xs">
              {problem && (
                <Alert color="red" role="alert" py="xs" withCloseButton onClose={() => setProblem(null)}>
                  {problem}
                </Alert>
              )}
              <Group justify="flex-end" gap="sm">
                {dirty && base && (
                  <Text size="xs" c="orange.8">
                    {t("workflows.editor.unsaved")}
                  </Text>
                )}
                {base && (
                  <Button variant="default" onClick={discard} disabled={!dirty || saving}>
                    {t("workflows.editor.discard")}
                  </Button>
                )}
                <Button type="submit" loading={saving} disabled={!dirty}>
                  {t("workflows.editor.save")}
                </Button>
              </Group>
            </Stack>
          </Box>
        )}
      </Stack>
      {base && (
        <ConfirmModal
          opened={deleting}
          title={t("workflows.editor.deleteTitle")}
          message={t("workflows.editor.deleteMessage", { name: base.name })}
          confirmLabel={t("common.delete")}
          onConfirm={async () => {
            await deleteTemplate(base.id);
            notifySuccess(t("workflows.editor.deleted"));
            queryClient.removeQueries({ queryKey: templateQuery(base.id).queryKey });
            refreshWorkflows(queryClient);
            void navigate({ to: "/settings/workflows" });
          }}
          onClose={() => setDeleting(false)}
        />
      )}
    </form>
  );
}
