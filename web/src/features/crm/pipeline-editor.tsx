import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  ColorInput,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { type Pipeline, type StageSemantic, stageSemantics } from "@planerka/common";
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../lib/api";
import { ConfirmModal } from "../../lib/confirm-modal";
import { isStaleVersion, notifySuccess, problemText } from "../../lib/notify";
import { deletePipeline, explainConflict, refreshPipelines, type StageInput, updatePipeline } from "./crm-settings-api";
import { isHexColor, semanticColors, stageSwatches } from "./stage-colors";

interface DraftStage extends StageInput {
  /** A stable key for React, also for stages not saved yet. */
  key: string;
}

interface Draft {
  name: string;
  stages: DraftStage[];
}

let draftKeys = 0;
const nextKey = () => `new-${++draftKeys}`;

function draftOf(pipeline: Pipeline): Draft {
  return {
    name: pipeline.name,
    stages: [...pipeline.stages]
      .sort((a, b) => a.sort - b.sort)
      .map((stage) => ({
        key: stage.id,
        id: stage.id,
        name: stage.name,
        color: stage.color,
        semantic: stage.semantic,
      })),
  };
}

function sameDraft(a: Draft, b: Draft): boolean {
  const plain = (draft: Draft) =>
    JSON.stringify({
      name: draft.name.trim(),
      stages: draft.stages.map(({ id, name, color, semantic }) => ({
        id,
        name: name.trim(),
        color: color.toLowerCase(),
        semantic,
      })),
    });
  return plain(a) === plain(b);
}

type StageErrors = Record<number, Partial<Record<"name" | "color" | "semantic", string>>>;

/** One pipeline: its name and its ordered stages, saved together as one PATCH. */
export function PipelineEditor({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [base, setBase] = useState(pipeline);
  const [draft, setDraft] = useState<Draft>(() => draftOf(pipeline));
  const [nameError, setNameError] = useState<string | undefined>();
  const [stageErrors, setStageErrors] = useState<StageErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);

  // A newer version from the server (another admin, or our own save) replaces a clean draft.
  if (pipeline.version !== base.version) {
    setBase(pipeline);
    if (sameDraft(draft, draftOf(base))) setDraft(draftOf(pipeline));
  }

  const dirty = !sameDraft(draft, draftOf(base));
  const semanticLabels = stageSemantics.map((value) => ({
    value,
    label: t(`activities.pipelines.semantics.${value}`),
  }));

  const setStage = (index: number, patch: Partial<DraftStage>) => {
    setDraft((current) => ({
      ...current,
      stages: current.stages.map((stage, at) => (at === index ? { ...stage, ...patch } : stage)),
    }));
    setStageErrors((current) => {
      if (!current[index]) return current;
      const next = { ...current };
      delete next[index];
      return next;
    });
  };

  const move = (index: number, by: -1 | 1) => {
    setDraft((current) => {
      const stages = [...current.stages];
      const target = index + by;
      if (target < 0 || target >= stages.length) return current;
      [stages[index], stages[target]] = [stages[target] as DraftStage, stages[index] as DraftStage];
      return { ...current, stages };
    });
    setStageErrors({});
  };

  const remove = (index: number) => {
    setDraft((current) => ({ ...current, stages: current.stages.filter((_, at) => at !== index) }));
    setStageErrors({});
  };

  const add = () => {
    setDraft((current) => {
      // A new stage goes before the closing (won/lost) stages.
      const firstClosing = current.stages.findIndex((stage) => stage.semantic !== "open");
      const at = firstClosing === -1 ? current.stages.length : firstClosing;
      const stage: DraftStage = {
        key: nextKey(),
        name: t("activities.pipelines.newStage"),
        color: stageSwatches[current.stages.length % stageSwatches.length] ?? semanticColors.open,
        semantic: "open",
      };
      return { ...current, stages: [...current.stages.slice(0, at), stage, ...current.stages.slice(at)] };
    });
    setStageErrors({});
  };

  const validate = (): string | null => {
    const errors: StageErrors = {};
    draft.stages.forEach((stage, index) => {
      if (!stage.name.trim()) errors[index] = { ...errors[index], name: t("errors.required") };
      if (!isHexColor(stage.color)) errors[index] = { ...errors[index], color: "#rrggbb" };
    });
    setStageErrors(errors);
    const nameMissing = !draft.name.trim();
    setNameError(nameMissing ? t("errors.required") : undefined);
    if (draft.stages.length < 2) return t("activities.pipelines.needTwo");
    if (!draft.stages.some((stage) => stage.semantic === "won")) return t("activities.pipelines.needWon");
    if (!draft.stages.some((stage) => stage.semantic === "lost")) return t("activities.pipelines.needLost");
    return Object.keys(errors).length > 0 || nameMissing ? "" : null;
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    const invalid = validate();
    setProblem(invalid || null);
    if (invalid !== null) return;
    setSaving(true);
    try {
      const saved = await updatePipeline(base.id, {
        name: draft.name.trim(),
        stages: draft.stages.map(({ id, name, color, semantic }) => ({
          ...(id ? { id } : {}),
          name: name.trim(),
          color: color.toLowerCase(),
          semantic,
        })),
        version: base.version,
      });
      setBase(saved);
      setDraft(draftOf(saved));
      queryClient.setQueryData(["pipelines"], (old: { items: Pipeline[] } | undefined) =>
        old ? { ...old, items: old.items.map((item) => (item.id === saved.id ? saved : item)) } : old,
      );
      refreshPipelines(queryClient);
      notifySuccess(t("activities.pipelines.saved"));
    } catch (caught) {
      const error = explainConflict(caught, t("activities.pipelines.stageHasDeals"));
      setProblem(problemText(error));
      if (error instanceof ProblemError) {
        const errors: StageErrors = {};
        for (const item of error.errors) {
          const match = /stages\.(\d+)\.(name|color|semantic)/.exec(item.path);
          if (match) errors[Number(match[1])] = { ...errors[Number(match[1])], [match[2] as "name"]: item.message };
          else if (/(^|\.)name$/.test(item.path)) setNameError(item.message);
        }
        setStageErrors(errors);
      }
      if (isStaleVersion(error)) refreshPipelines(queryClient);
    } finally {
      setSaving(false);
    }
  };

  const discard = () => {
    setDraft(draftOf(base));
    setProblem(null);
    setStageErrors({});
    setNameError(undefined);
  };

  return (
    <Paper withBorder radius="md" p={{ base: "sm", sm: "md" }} component="section" aria-label={base.name}>
      <form onSubmit={save} noValidate>
        <Stack gap="sm">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label={t("activities.pipelines.name")}
              value={draft.name}
              onChange={(event) => {
                const name = event.currentTarget.value;
                setDraft((current) => ({ ...current, name }));
                setNameError(undefined);
              }}
              error={nameError}
              maxLength={200}
              style={{ flex: "1 1 260px" }}
            />
            {base.isDefault ? (
              <Badge variant="light" size="lg" mb={6}>
                {t("activities.pipelines.isDefault")}
              </Badge>
            ) : (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => setDeleting(true)}
                mb={2}
              >
                {t("activities.pipelines.delete")}
              </Button>
            )}
          </Group>

          <Text size="sm" fw={600} mt="xs">
            {t("activities.pipelines.stages")}
          </Text>
          <Stack gap={6}>
            {draft.stages.map((stage, index) => {
              const label = t("activities.pipelines.stageNumber", { number: index + 1 });
              const errors = stageErrors[index] ?? {};
              return (
                <Box
                  key={stage.key}
                  role="group"
                  aria-label={label}
                  p={6}
                  style={{
                    borderLeft: `4px solid ${isHexColor(stage.color) ? stage.color : "var(--mantine-color-gray-4)"}`,
                    borderRadius: 4,
                    background: "var(--mantine-color-gray-0)",
                  }}
                >
                  <Group gap="xs" wrap="wrap" align="flex-start">
                    <Text size="sm" c="dimmed" w={20} ta="right" mt={7} aria-hidden>
                      {index + 1}
                    </Text>
                    <TextInput
                      aria-label={t("activities.pipelines.stageName")}
                      value={stage.name}
                      onChange={(event) => setStage(index, { name: event.currentTarget.value })}
                      error={errors.name}
                      maxLength={100}
                      style={{ flex: "1 1 200px" }}
                    />
                    <ColorInput
                      aria-label={t("activities.pipelines.stageColor")}
                      value={stage.color}
                      onChange={(color) => setStage(index, { color })}
                      format="hex"
                      swatches={stageSwatches}
                      swatchesPerRow={7}
                      withEyeDropper={false}
                      error={errors.color}
                      w={130}
                      popoverProps={{ withinPortal: true }}
                    />
                    <Select
                      aria-label={t("activities.pipelines.stageSemantic")}
                      data={semanticLabels}
                      value={stage.semantic}
                      onChange={(value) => value && setStage(index, { semantic: value as StageSemantic })}
                      allowDeselect={false}
                      error={errors.semantic}
                      w={130}
                    />
                    <Group gap={2} wrap="nowrap" mt={4}>
                      <Tooltip label={t("activities.pipelines.moveUp")} withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t("activities.pipelines.moveUp")}
                          disabled={index === 0}
                          onClick={() => move(index, -1)}
                        >
                          <IconArrowUp size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={t("activities.pipelines.moveDown")} withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t("activities.pipelines.moveDown")}
                          disabled={index === draft.stages.length - 1}
                          onClick={() => move(index, 1)}
                        >
                          <IconArrowDown size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={t("activities.pipelines.removeStageHint")} withArrow multiline w={260}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t("activities.pipelines.removeStage")}
                          onClick={() => remove(index)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Group>
                </Box>
              );
            })}
          </Stack>

          {problem && (
            <Alert color="red" role="alert" py="xs" withCloseButton onClose={() => setProblem(null)}>
              {problem}
            </Alert>
          )}

          <Group justify="space-between" gap="sm">
            <Button variant="light" leftSection={<IconPlus size={16} />} onClick={add}>
              {t("activities.pipelines.addStage")}
            </Button>
            <Group gap="sm">
              {dirty && (
                <Text size="xs" c="orange.8">
                  {t("activities.pipelines.unsaved")}
                </Text>
              )}
              <Button variant="default" onClick={discard} disabled={!dirty || saving}>
                {t("activities.pipelines.discard")}
              </Button>
              <Button type="submit" loading={saving} disabled={!dirty}>
                {t("activities.pipelines.save")}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>

      <ConfirmModal
        opened={deleting}
        title={t("activities.pipelines.deleteTitle")}
        message={t("activities.pipelines.deleteMessage", { name: base.name })}
        confirmLabel={t("common.delete")}
        onConfirm={async () => {
          await deletePipeline(base.id).catch((error) => {
            throw explainConflict(error, t("activities.pipelines.pipelineHasDeals"));
          });
          notifySuccess(t("activities.pipelines.deleted"));
          refreshPipelines(queryClient);
        }}
        onClose={() => setDeleting(false)}
      />
    </Paper>
  );
}
