import { Button, Group, Modal, Skeleton, Stack, Text, TextInput } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../lib/list-page";
import { handleFormError, notifySuccess, problemText } from "../../lib/notify";
import { createPipeline, pipelinesQuery, refreshPipelines } from "./crm-settings-api";
import { PipelineEditor } from "./pipeline-editor";
import { semanticColors } from "./stage-colors";

export function PipelinesPage() {
  const { t } = useTranslation();
  const pipelines = useQuery(pipelinesQuery);
  const [creating, setCreating] = useState(false);
  const phone = useMediaQuery("(max-width: 36em)");

  return (
    <Stack gap="md">
      <PageHeader
        title={t("activities.pipelines.title")}
        intro={t("activities.pipelines.intro")}
        introWidth={720}
        action={
          <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
            {t("activities.pipelines.add")}
          </Button>
        }
      />

      {pipelines.error ? (
        <Text c="red">{problemText(pipelines.error)}</Text>
      ) : !pipelines.data ? (
        <Skeleton h={320} radius="md" />
      ) : pipelines.data.length === 0 ? (
        <Text c="dimmed">{t("activities.pipelines.empty")}</Text>
      ) : (
        [...pipelines.data]
          .sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
          .map((pipeline) => <PipelineEditor key={pipeline.id} pipeline={pipeline} />)
      )}

      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={
          <Text span fw={600}>
            {t("activities.pipelines.createTitle")}
          </Text>
        }
        centered={!phone}
      >
        <CreatePipelineForm onDone={() => setCreating(false)} />
      </Modal>
    </Stack>
  );
}

function CreatePipelineForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError(t("errors.required"));
    setPending(true);
    try {
      // A new pipeline starts with the usual four stages; the admin renames and adds from there.
      await createPipeline({
        name: name.trim(),
        stages: [
          { name: t("activities.pipelines.defaultStages.new"), color: "#15aabf", semantic: "open" },
          { name: t("activities.pipelines.defaultStages.inWork"), color: semanticColors.open, semantic: "open" },
          { name: t("activities.pipelines.defaultStages.won"), color: semanticColors.won, semantic: "won" },
          { name: t("activities.pipelines.defaultStages.lost"), color: semanticColors.lost, semantic: "lost" },
        ],
      });
      refreshPipelines(queryClient);
      notifySuccess(t("activities.pipelines.created"));
      onDone();
    } catch (caught) {
      handleFormError(caught, { setErrors: (errors) => setError(errors.name) });
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t("activities.pipelines.name")}
          required
          data-autofocus
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setError(undefined);
          }}
          error={error}
          maxLength={200}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={pending}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={pending}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
