import { NumberInput, Paper, SegmentedControl, Stack, Table, Text } from "@mantine/core";
import { normListSchema } from "@planerka/common";
import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../lib/api";
import { notifyError } from "../../lib/notify";
import { UnitSelect } from "../org/unit-select";
import { unitsQuery } from "../org/units-api";
import { UserPicker } from "../org/user-picker";

function normsQuery(target: { unitId?: string; userId?: string }) {
  return queryOptions({
    queryKey: ["activity-norms", target],
    queryFn: ({ signal }) => api("/activity-norms", normListSchema, { signal, query: target }),
  });
}

/**
 * Daily activity norms for a unit or one person: the type's default applies unless a unit up the
 * tree or the person has their own. Empty means "inherit".
 */
export function NormsPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [level, setLevel] = useState<"unit" | "user">("unit");
  const [unitId, setUnitId] = useState<string | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const units = useQuery(unitsQuery);
  const target = level === "unit" ? (unitId ? { unitId } : undefined) : userId ? { userId } : undefined;
  const norms = useQuery({ ...normsQuery(target ?? {}), enabled: Boolean(target) });

  const save = async (typeId: string, value: number | null) => {
    if (!target) return;
    try {
      await api("/activity-norms", normListSchema, { method: "PUT", json: { typeId, ...target, dailyNorm: value } });
      await queryClient.invalidateQueries({ queryKey: ["activity-norms"] });
    } catch (error) {
      notifyError(error);
    }
  };
  const sourceLabel = (source: string) => t(`plans.norms.source.${source as "user" | "unit" | "type" | "none"}`);

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t("plans.norms.hint")}
      </Text>
      <SegmentedControl
        value={level}
        onChange={(value) => setLevel(value as "unit" | "user")}
        data={[
          { value: "unit", label: t("plans.norms.forUnit") },
          { value: "user", label: t("plans.norms.forUser") },
        ]}
        w="fit-content"
      />
      {level === "unit" ? (
        <UnitSelect label={t("plans.unit")} units={units.data ?? []} value={unitId} onChange={setUnitId} w={320} />
      ) : (
        <UserPicker label={t("plans.employee")} value={userId} onChange={setUserId} w={320} />
      )}
      {norms.data && !norms.data.editable && (
        <Text size="sm" c="dimmed">
          {t("plans.norms.notEditable")}
        </Text>
      )}
      {norms.data && (
        <Paper withBorder>
          <Table aria-label={t("plans.norms.title")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("plans.norms.type")}</Table.Th>
                <Table.Th ta="right">{t("plans.norms.weight")}</Table.Th>
                <Table.Th ta="right">{t("plans.norms.default")}</Table.Th>
                <Table.Th ta="right">{t("plans.norms.own")}</Table.Th>
                <Table.Th ta="right">{t("plans.norms.effective")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {norms.data.items.map((item) => (
                <Table.Tr key={item.typeId}>
                  <Table.Td>{item.typeName}</Table.Td>
                  <Table.Td ta="right">{item.weight}</Table.Td>
                  <Table.Td ta="right">{item.typeDefault ?? "—"}</Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`${t("plans.norms.own")}: ${item.typeName}`}
                      defaultValue={item.own ?? ""}
                      key={`${item.typeId}-${item.own}`}
                      min={0}
                      max={1000}
                      decimalScale={2}
                      hideControls
                      size="xs"
                      w={90}
                      disabled={!norms.data.editable}
                      ml="auto"
                      onBlur={(event) => {
                        const text = event.currentTarget.value.replace(",", ".");
                        const value = text === "" ? null : Number(text);
                        if (value !== item.own && (value === null || !Number.isNaN(value)))
                          void save(item.typeId, value);
                      }}
                    />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{item.effective ?? "—"}</Text>
                    <Text size="xs" c="dimmed">
                      {sourceLabel(item.source)}
                    </Text>
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
