import { Alert, Button, Group, ScrollArea, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { type ImportJob, importFields } from "@planerka/common";
import { IconInfoCircle } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { notifyError } from "../../lib/notify";
import { importFieldLabel, importProblemText } from "./import-messages";
import { startImport } from "./imports-api";

interface ImportMappingStepProps {
  job: ImportJob;
  onStarted: (job: ImportJob) => void;
  onBack: () => void;
}

type Mapping = Record<string, string | null>;

const skip = "__skip__";

/** Step 2: which field each column of the file fills, with the first rows as a preview. */
export function ImportMappingStep({ job, onStarted, onBack }: ImportMappingStepProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  const fields = importFields[job.entity];
  const [mapping, setMapping] = useState<Mapping>(() =>
    Object.fromEntries(
      job.columns.map((column) => {
        const suggested = job.suggestedMapping[column] ?? null;
        return [column, suggested && fields.some((field) => field.key === suggested) ? suggested : null];
      }),
    ),
  );
  const [serverError, setServerError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const fieldLabel = importFieldLabel;

  const options = [
    { value: skip, label: t("activities.imports.skip") },
    ...fields.map((field) => ({
      value: field.key,
      label: field.required ? `${fieldLabel(field.key)} (${t("activities.imports.required")})` : fieldLabel(field.key),
    })),
  ];

  const used = new Map<string, number>();
  for (const key of Object.values(mapping)) if (key) used.set(key, (used.get(key) ?? 0) + 1);
  const missing = fields
    .filter((field) => field.required && !used.has(field.key))
    .map((field) => fieldLabel(field.key));
  const duplicates = [...used.entries()].filter(([, count]) => count > 1).map(([key]) => key);
  const externalIdMapped = used.has("externalId");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (missing.length > 0 || duplicates.length > 0) return;
    setStarting(true);
    setServerError(null);
    try {
      onStarted(await startImport(job.id, mapping));
    } catch (error) {
      if (isProblem(error, 422)) setServerError(importProblemText(error));
      else notifyError(error);
    } finally {
      setStarting(false);
    }
  };

  const samples = (index: number) =>
    job.sampleRows
      .map((row) => row[index] ?? "")
      .filter((value) => value.trim() !== "")
      .slice(0, 3)
      .join(" · ");

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {t("activities.imports.mappingIntro", {
            name: job.fileName,
            rows: t("activities.imports.rows", { count: job.total }),
          })}
        </Text>
        <Alert color={externalIdMapped ? "teal" : "blue"} variant="light" icon={<IconInfoCircle size={18} />} py="xs">
          {t("activities.imports.externalIdHint")}
        </Alert>

        <Table.ScrollContainer minWidth={phone ? 0 : 560}>
          <Table verticalSpacing={6} withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={phone ? "45%" : "30%"}>{t("activities.imports.column")}</Table.Th>
                <Table.Th w={phone ? undefined : "35%"}>{t("activities.imports.field")}</Table.Th>
                {!phone && <Table.Th>{t("activities.imports.sample")}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {job.columns.map((column, index) => {
                const value = mapping[column] ?? null;
                const duplicate = value !== null && duplicates.includes(value);
                return (
                  <Table.Tr key={column}>
                    <Table.Td>
                      <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
                        {column}
                      </Text>
                      {phone && (
                        <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
                          {samples(index)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={t("activities.imports.fieldFor", { column })}
                        data={options}
                        value={value ?? skip}
                        onChange={(next) =>
                          setMapping((current) => ({ ...current, [column]: !next || next === skip ? null : next }))
                        }
                        allowDeselect={false}
                        size="sm"
                        error={
                          duplicate ? t("activities.imports.duplicateField", { field: fieldLabel(value) }) : undefined
                        }
                        styles={value === null ? { input: { color: "var(--mantine-color-dimmed)" } } : undefined}
                      />
                    </Table.Td>
                    {!phone && (
                      <Table.Td>
                        <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
                          {samples(index)}
                        </Text>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>

        {missing.length > 0 && (
          <Alert color="red" role="alert" py="xs">
            {t("activities.imports.requiredMissing", { fields: missing.join(", ") })}
          </Alert>
        )}
        {serverError && (
          <Alert color="red" role="alert" py="xs">
            {serverError}
          </Alert>
        )}

        {job.sampleRows.length > 0 && (
          <Stack gap={6}>
            <Title order={4} size="h5">
              {t("activities.imports.preview")}
            </Title>
            <ScrollArea type="auto" offsetScrollbars>
              <Table
                withTableBorder
                withColumnBorders
                striped
                fz="xs"
                verticalSpacing={4}
                miw={job.columns.length * 120}
              >
                <Table.Thead>
                  <Table.Tr>
                    {job.columns.map((column) => (
                      <Table.Th key={column} style={{ whiteSpace: "nowrap" }}>
                        {column}
                        <Text span size="xs" c="dimmed" display="block" fw={400}>
                          {mapping[column] ? fieldLabel(mapping[column] ?? "") : t("activities.imports.skip")}
                        </Text>
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {job.sampleRows.slice(0, 5).map((row, rowIndex) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no identity of their own.
                    <Table.Tr key={rowIndex}>
                      {job.columns.map((column, index) => (
                        <Table.Td
                          key={column}
                          style={{ maxWidth: 240, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}
                        >
                          {row[index] ?? ""}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          </Stack>
        )}

        <Group justify="space-between">
          <Button variant="default" onClick={onBack} disabled={starting}>
            {t("activities.imports.back")}
          </Button>
          <Button type="submit" loading={starting} disabled={missing.length > 0 || duplicates.length > 0}>
            {t("activities.imports.start")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
