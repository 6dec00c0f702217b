import { Alert, Button, Group, Paper, Radio, Stack, Text } from "@mantine/core";
import { type ImportEntity, type ImportJob, importEntities } from "@planerka/common";
import { IconFileSpreadsheet, IconUpload, IconX } from "@tabler/icons-react";
import { type DragEvent, type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { notifyError } from "../../lib/notify";
import { formatSize } from "../../lib/numbers";
import { importProblemText } from "./import-messages";
import { importExtensions, importFileLimitBytes, uploadImport } from "./imports-api";

interface ImportFileStepProps {
  onUploaded: (job: ImportJob) => void;
}

/** Step 1: what is loaded and from which file (drag and drop or a file dialog). */
export function ImportFileStep({ onUploaded }: ImportFileStepProps) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [entity, setEntity] = useState<ImportEntity>("companies");
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [uploading, setUploading] = useState(false);

  const choose = (next: File | undefined | null) => {
    setError(null);
    if (!next) return;
    const name = next.name.toLowerCase();
    if (!importExtensions.some((extension) => name.endsWith(extension))) {
      setFile(null);
      return setError(t("activities.imports.wrongType"));
    }
    if (next.size > importFileLimitBytes) {
      setFile(null);
      return setError(t("activities.imports.tooLarge"));
    }
    setFile(next);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setError(t("activities.imports.fileRequired"));
    setUploading(true);
    setError(null);
    try {
      onUploaded(await uploadImport(entity, file));
    } catch (caught) {
      // A bad file (unreadable, no header row, too many rows) is told next to the file.
      if (isProblem(caught) && caught.status >= 400 && caught.status < 500 && caught.status !== 401)
        setError(importProblemText(caught));
      else notifyError(caught);
    } finally {
      setUploading(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Radio.Group
          label={t("activities.imports.entity")}
          value={entity}
          onChange={(value) => setEntity(value as ImportEntity)}
        >
          <Group gap="lg" mt={6}>
            {importEntities.map((item) => (
              <Radio key={item} value={item} label={t(`activities.imports.entities.${item}`)} />
            ))}
          </Group>
        </Radio.Group>

        <Paper
          withBorder
          radius="md"
          p="lg"
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          style={{
            borderStyle: "dashed",
            borderWidth: 2,
            borderColor: dragging
              ? "var(--mantine-color-blue-filled)"
              : error
                ? "var(--mantine-color-red-filled)"
                : undefined,
            background: dragging ? "var(--mantine-color-blue-light)" : "var(--mantine-color-gray-0)",
          }}
        >
          <input
            ref={input}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-label={t("activities.imports.file")}
            hidden
            onChange={(event) => {
              choose(event.currentTarget.files?.[0]);
              event.currentTarget.value = "";
            }}
          />
          {file ? (
            <Group justify="space-between" wrap="nowrap">
              <Group gap="sm" wrap="nowrap" miw={0}>
                <IconFileSpreadsheet size={32} stroke={1.4} color="var(--mantine-color-teal-7)" aria-hidden />
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {t("activities.imports.chosen", { name: file.name, size: formatSize(file.size) })}
                </Text>
              </Group>
              <Button
                variant="subtle"
                color="gray"
                size="compact-sm"
                leftSection={<IconX size={14} />}
                onClick={() => setFile(null)}
              >
                {t("activities.imports.removeFile")}
              </Button>
            </Group>
          ) : (
            <Stack align="center" gap={6}>
              <IconUpload size={32} stroke={1.4} color="var(--mantine-color-dimmed)" aria-hidden />
              <Text fw={500}>{t("activities.imports.dropHere")}</Text>
              <Text size="sm" c="dimmed">
                {t("activities.imports.orChoose")}
              </Text>
              <Button variant="default" onClick={() => input.current?.click()}>
                {t("activities.imports.chooseFile")}
              </Button>
              <Text size="xs" c="dimmed" ta="center">
                {t("activities.imports.fileHint")}
              </Text>
            </Stack>
          )}
        </Paper>
        {error && (
          <Alert color="red" role="alert" py="xs">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={uploading} disabled={!file}>
            {t("activities.imports.upload")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
