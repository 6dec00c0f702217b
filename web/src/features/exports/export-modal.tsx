import { Alert, Button, Group, Modal, MultiSelect, Progress, SegmentedControl, Stack, Text } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import type { ExportFormat } from "@planerka/common";
import { IconDownload } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { problemText } from "../../lib/notify";
import { downloadExport, type ExportProgress, saveFile } from "./export-download";

/** The part of the head cabinet's tree the export offers as choices: units with their people. */
export interface ExportTree {
  unit: { id: string; name: string };
  users: { user: { id: string; name: string; unitName: string } }[];
  children: ExportTree[];
}

interface Option {
  value: string;
  label: string;
}

/** Every unit (indented by depth) and every person of the shown tree, as choices. */
function choicesOf(root: ExportTree): { units: Option[]; users: Option[] } {
  const units: Option[] = [];
  const users: Option[] = [];
  const walk = (node: ExportTree, depth: number) => {
    units.push({ value: `unit:${node.unit.id}`, label: `${"· ".repeat(depth)}${node.unit.name}` });
    for (const item of node.users)
      users.push({ value: `user:${item.user.id}`, label: `${item.user.name} (${item.user.unitName})` });
    for (const child of node.children) walk(child, depth + 1);
  };
  walk(root, 0);
  users.sort((a, b) => a.label.localeCompare(b.label));
  return { units, users };
}

const megabytes = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const integer = new Intl.NumberFormat("ru-RU");

/**
 * «Экспорт»: the deals and activities of a period for chosen employees and units of the shown tree,
 * as XLSX or CSV, downloaded with progress and a cancel button.
 */
export function ExportModal({
  opened,
  onClose,
  root,
  month,
}: {
  opened: boolean;
  onClose: () => void;
  root: ExportTree;
  month: string;
}) {
  const { t } = useTranslation();
  const monthStart = `${month}-01`;
  const [period, setPeriod] = useState<{ month: string; from: string | null; to: string | null } | null>(null);
  // The period follows the shown month until the user changes it.
  const from = period?.month === month ? period.from : monthStart;
  const to = period?.month === month ? period.to : dayjs(monthStart).endOf("month").format("YYYY-MM-DD");
  const [chosen, setChosen] = useState<{ root: string; values: string[] } | null>(null);
  const values = chosen?.root === root.unit.id ? chosen.values : [`unit:${root.unit.id}`];
  const [format, setFormat] = useState<ExportFormat>("xlsx");
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const { units, users } = choicesOf(root);
  const running = progress !== null;

  const start = async () => {
    if (!from || !to) return;
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setDone(null);
    setProgress({ bytes: 0, totalRows: null, rows: null });
    try {
      const file = await downloadExport(
        {
          from,
          to,
          format,
          unitIds: values.filter((value) => value.startsWith("unit:")).map((value) => value.slice(5)),
          ownerIds: values.filter((value) => value.startsWith("user:")).map((value) => value.slice(5)),
        },
        setProgress,
        controller.signal,
      );
      saveFile(file.blob, file.fileName);
      setDone(file.fileName);
    } catch (caught) {
      if ((caught as Error).name !== "AbortError") setError(problemText(caught));
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };
  const cancel = () => abort.current?.abort();
  const close = () => {
    cancel();
    onClose();
  };

  const percent =
    progress?.rows != null && progress.totalRows ? Math.min(100, (progress.rows / progress.totalRows) * 100) : null;

  return (
    <Modal opened={opened} onClose={close} title={t("headCabinet.export.title")} size="lg">
      <Stack gap="md">
        <Group grow align="start">
          <DatePickerInput
            label={t("headCabinet.export.from")}
            value={from}
            onChange={(value) => setPeriod({ month, from: value, to })}
            valueFormat="D MMMM YYYY"
            maxDate={to ?? undefined}
            disabled={running}
          />
          <DatePickerInput
            label={t("headCabinet.export.to")}
            value={to}
            onChange={(value) => setPeriod({ month, from, to: value })}
            valueFormat="D MMMM YYYY"
            minDate={from ?? undefined}
            disabled={running}
          />
        </Group>
        <MultiSelect
          label={t("headCabinet.export.who")}
          description={t("headCabinet.export.whoHint")}
          placeholder={values.length === 0 ? t("headCabinet.export.everyone") : undefined}
          data={[
            { group: t("headCabinet.export.units"), items: units },
            { group: t("headCabinet.export.employees"), items: users },
          ]}
          value={values}
          onChange={(next) => setChosen({ root: root.unit.id, values: next })}
          searchable
          clearable
          hidePickedOptions
          maxDropdownHeight={280}
          disabled={running}
          comboboxProps={{ withinPortal: true }}
        />
        <SegmentedControl
          value={format}
          onChange={(value) => setFormat(value as ExportFormat)}
          data={[
            { value: "xlsx", label: t("headCabinet.export.xlsx") },
            { value: "csv", label: t("headCabinet.export.csv") },
          ]}
          disabled={running}
          aria-label={t("headCabinet.export.format")}
        />
        {progress && (
          <Stack gap={4} role="status" aria-label={t("headCabinet.export.progress")}>
            <Progress value={percent ?? 100} animated={percent === null} striped={percent === null} />
            <Text size="sm" c="dimmed">
              {t("headCabinet.export.received", { size: megabytes.format(progress.bytes / 1024 / 1024) })}
              {progress.totalRows !== null &&
                ` · ${
                  progress.rows !== null
                    ? t("headCabinet.export.rowsOf", {
                        rows: integer.format(Math.min(progress.rows, progress.totalRows)),
                        total: integer.format(progress.totalRows),
                      })
                    : t("headCabinet.export.rows", { total: integer.format(progress.totalRows) })
                }`}
            </Text>
          </Stack>
        )}
        {error && <Alert color="red">{error}</Alert>}
        {done && !running && (
          <Text size="sm" c="teal">
            {t("headCabinet.export.saved", { name: done })}
          </Text>
        )}
        <Group justify="flex-end">
          {running ? (
            <Button variant="default" onClick={cancel}>
              {t("headCabinet.export.cancel")}
            </Button>
          ) : (
            <Button variant="default" onClick={close}>
              {t("headCabinet.export.close")}
            </Button>
          )}
          <Button
            leftSection={<IconDownload size={16} />}
            onClick={() => void start()}
            loading={running}
            disabled={!from || !to}
          >
            {t("headCabinet.export.download")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
