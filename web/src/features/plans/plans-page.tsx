import { Alert, Button, FileButton, Group, Paper, ScrollArea, Select, Stack, Table, Tabs, Text } from "@mantine/core";
import { formatTenge, type ImportRowError } from "@planerka/common";
import { IconCopy, IconUpload } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../lib/list-page";
import { notifyError, notifyErrorAs, notifySuccess } from "../../lib/notify";
import { importProblemText, importRowErrorText } from "../imports/import-messages";
import { UnitSelect } from "../org/unit-select";
import { unitsQuery } from "../org/units-api";
import { NormsPanel } from "./norms-panel";
import { PlanCell } from "./plan-cell";
import { copyPlans, importPlans, plansQuery, setPlan } from "./plans-api";

// dayjs, not Intl: its locales carry the month names a browser's ICU may lack (Kazakh in Chromium).
const shortMonth = (month: string, language: string) => dayjs(`${month}-01`).locale(language).format("MMM");

/** Heads' plan grid: their people × the months of a year, edited in place, with totals per month. */
export function PlansPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [copyTo, setCopyTo] = useState(new Date().toISOString().slice(0, 7));
  const units = useQuery(unitsQuery);
  const plans = useQuery(plansQuery(year, unitId));

  const save = async (userId: string, month: string, amount: number) => {
    try {
      await setPlan(userId, month, amount);
      await queryClient.invalidateQueries({ queryKey: ["plans"] });
    } catch (error) {
      notifyError(error);
      throw error;
    }
  };
  const copy = async () => {
    const [copyYear, copyMonth] = copyTo.split("-").map(Number) as [number, number];
    const from = new Date(Date.UTC(copyYear, copyMonth - 2, 1)).toISOString().slice(0, 7);
    try {
      const result = await copyPlans(from, copyTo, unitId);
      notifySuccess(t("plans.copied", { count: result.copied }));
      await queryClient.invalidateQueries({ queryKey: ["plans"] });
    } catch (error) {
      notifyError(error);
    }
  };

  const [uploading, setUploading] = useState(false);
  const [importErrors, setImportErrors] = useState<ImportRowError[]>([]);
  const upload = async (file: File | null) => {
    if (!file) return;
    setUploading(true);
    try {
      const result = await importPlans(file);
      setImportErrors(result.errors);
      notifySuccess(t("plans.imported", { count: result.saved }));
      await queryClient.invalidateQueries({ queryKey: ["plans"] });
    } catch (error) {
      notifyErrorAs(error, importProblemText(error));
    } finally {
      setUploading(false);
    }
  };

  const months = plans.data?.months ?? [];
  const totals = months.map((month) =>
    (plans.data?.items ?? []).reduce((sum, row) => sum + (row.months[month] ?? 0), 0),
  );
  return (
    <Stack gap="md">
      <PageHeader title={t("plans.title")} intro={t("plans.subtitle")} />
      <Tabs defaultValue="plans" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="plans">{t("plans.tabs.plans")}</Tabs.Tab>
          <Tabs.Tab value="norms">{t("plans.tabs.norms")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="norms">
          <NormsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="plans">
          <Stack gap="md">
            <Group align="end" wrap="wrap">
              <Select
                label={t("plans.year")}
                data={[thisYear - 1, thisYear, thisYear + 1].map((value) => String(value))}
                value={String(year)}
                onChange={(value) => value && setYear(Number(value))}
                w={110}
              />
              <UnitSelect
                label={t("plans.unit")}
                units={units.data ?? []}
                value={unitId}
                onChange={setUnitId}
                clearable
                placeholder={t("plans.allUnits")}
                w={260}
              />
              <Select
                label={t("plans.copyTo")}
                data={months.map((month) => ({
                  value: month,
                  label: `${shortMonth(month, i18n.language)} ${month.slice(0, 4)}`,
                }))}
                value={copyTo}
                onChange={(value) => value && setCopyTo(value)}
                w={150}
              />
              <Button leftSection={<IconCopy size={16} />} variant="light" onClick={copy}>
                {t("plans.copyPrevious")}
              </Button>
              <FileButton onChange={upload} accept=".xlsx,.csv">
                {(props) => (
                  <Button {...props} leftSection={<IconUpload size={16} />} variant="default" loading={uploading}>
                    {t("plans.import")}
                  </Button>
                )}
              </FileButton>
            </Group>
            <Text size="xs" c="dimmed">
              {t("plans.importHint")}
            </Text>
            {importErrors.length > 0 && (
              <Alert color="orange" title={t("plans.importErrors")} withCloseButton onClose={() => setImportErrors([])}>
                {importErrors.slice(0, 20).map((error) => (
                  <Text key={error.row} size="sm">
                    {t("plans.row", { row: error.row })}: {importRowErrorText(error)}
                  </Text>
                ))}
              </Alert>
            )}
            <Paper withBorder>
              <ScrollArea>
                <Table striped highlightOnHover stickyHeader aria-label={t("plans.title")}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th
                        style={{ position: "sticky", left: 0, background: "var(--mantine-color-body)", zIndex: 1 }}
                      >
                        {t("plans.employee")}
                      </Table.Th>
                      {months.map((month) => (
                        <Table.Th key={month} ta="right">
                          {shortMonth(month, i18n.language)}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {(plans.data?.items ?? []).map((row) => (
                      <Table.Tr key={row.user.id}>
                        <Table.Td
                          style={{ position: "sticky", left: 0, background: "var(--mantine-color-body)", zIndex: 1 }}
                        >
                          <Text size="sm" fw={500}>
                            {row.user.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {row.user.unitName}
                          </Text>
                        </Table.Td>
                        {months.map((month) => (
                          <Table.Td key={month}>
                            <PlanCell
                              value={row.months[month]}
                              editable={row.editable}
                              label={`${row.user.name} — ${month}`}
                              onSave={(amount) => save(row.user.id, month, amount)}
                            />
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  <Table.Tfoot>
                    <Table.Tr>
                      <Table.Th style={{ position: "sticky", left: 0, background: "var(--mantine-color-body)" }}>
                        {t("plans.total")}
                      </Table.Th>
                      {totals.map((total, index) => (
                        <Table.Th key={months[index]} ta="right">
                          {formatTenge(total, { whole: true })}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Tfoot>
                </Table>
              </ScrollArea>
              {plans.data && plans.data.items.length === 0 && (
                <Text c="dimmed" p="md">
                  {t("plans.empty")}
                </Text>
              )}
            </Paper>
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
