import { Paper, Skeleton, Stack, Table, Text } from "@mantine/core";
import { formatPhone } from "@planerka/common";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { problemText } from "../../lib/notify";
import { userQuery } from "../org/users-api";
import { type CrmEntity, crmRecordQuery, type HistoryEntry, historyQuery, pipelinesQuery } from "./crm-api";
import { formatDay, money } from "./crm-common";

const referenceFields = {
  ownerId: "users",
  companyId: "companies",
  contactId: "contacts",
  convertedDealId: "deals",
} as const;

type ReferenceField = keyof typeof referenceFields;

function isReference(field: string): field is ReferenceField {
  return field in referenceFields;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids the history mentions, by kind, so their names can be shown instead. */
function referencedIds(entries: HistoryEntry[]) {
  const ids = {
    users: new Set<string>(),
    companies: new Set<string>(),
    contacts: new Set<string>(),
    deals: new Set<string>(),
  };
  for (const entry of entries) {
    for (const change of entry.changes) {
      if (!isReference(change.field)) continue;
      for (const value of [change.old, change.new]) {
        if (typeof value === "string" && uuidPattern.test(value)) ids[referenceFields[change.field]].add(value);
      }
    }
  }
  return ids;
}

interface HistoryListProps {
  entity: CrmEntity;
  id: string;
}

/** «История изменений»: who changed what and when, field by field, old → new, with names instead of ids. */
export function HistoryList({ entity, id }: HistoryListProps) {
  const { t } = useTranslation();
  const me = useMe();
  const query = useQuery(historyQuery(entity, id));
  const pipelines = useQuery(pipelinesQuery).data ?? [];
  const entries = query.data?.items ?? [];
  const ids = referencedIds(entries);

  const users = useQueries({ queries: [...ids.users].map((userId) => ({ ...userQuery(userId), retry: false })) });
  const records = useQueries({
    queries: (["companies", "contacts", "deals"] as const).flatMap((kind) =>
      [...ids[kind]].map((recordId) => ({ ...crmRecordQuery(kind, recordId), retry: false })),
    ),
  });
  const names = new Map<string, string>();
  for (const result of users) if (result.data) names.set(result.data.id, result.data.name);
  for (const result of records) {
    const record = result.data;
    if (record) names.set(record.id, "title" in record ? record.title : record.name);
  }
  const stages = new Map(pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage.name])));
  const pipelineNames = new Map(pipelines.map((pipeline) => [pipeline.id, pipeline.name]));
  const fieldLabels = t(`crm.fields.${entity}`, { returnObjects: true }) as Record<string, string>;

  const show = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) {
      return t("crm.history.emptyValue");
    }
    if (typeof value === "string") {
      if (field === "stageId") return stages.get(value) ?? value;
      if (field === "pipelineId") return pipelineNames.get(value) ?? value;
      if (isReference(field)) return names.get(value) ?? t("crm.history.unknownRecord");
      if (field === "amount") return money(Number(value));
      if (field === "status" && entity === "leads") {
        const statuses = t("crm.leadStatuses", { returnObjects: true }) as Record<string, string>;
        return statuses[value] ?? value;
      }
      if (field === "phone") return formatPhone(value);
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDay(value);
      if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value, me.timeZone);
      return value;
    }
    if (typeof value === "number") return field === "amount" ? money(value) : String(value);
    if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
    if (Array.isArray(value)) {
      return value
        .map((item) => (field === "phones" && typeof item === "string" ? formatPhone(item) : String(item)))
        .join(", ");
    }
    return JSON.stringify(value);
  };

  if (query.error) return <Text c="red">{problemText(query.error)}</Text>;
  if (!query.data) return <Skeleton h={160} />;
  if (entries.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {t("crm.history.empty")}
      </Text>
    );
  }

  const actionLabels = t("crm.history.actions", { returnObjects: true }) as Record<string, string>;

  return (
    <Stack gap="sm" aria-label={t("crm.card.history")} component="section">
      {entries.map((entry) => (
        <Paper key={entry.id} withBorder radius="md" p="sm">
          <Text size="xs" c="dimmed">
            {formatDateTime(entry.at, me.timeZone)} · {entry.actorName ?? t("crm.history.system")}
            {entry.via === "1c" ? ` · ${t("crm.history.via1c")}` : ""}
          </Text>
          {entry.changes.length === 0 || entry.action !== "update" ? (
            <Text size="sm" fw={500}>
              {actionLabels[entry.action] ?? entry.action}
            </Text>
          ) : null}
          {entry.changes.length > 0 && (
            <Table variant="vertical" layout="fixed" mt={4} withRowBorders={false} verticalSpacing={2}>
              <Table.Tbody>
                {entry.changes.map((change) => (
                  <Table.Tr key={change.field}>
                    <Table.Th w={{ base: 110, sm: 200 }} bg="transparent" fw={500} fz="sm">
                      {fieldLabels[change.field] ?? change.field}
                    </Table.Th>
                    <Table.Td fz="sm" style={{ overflowWrap: "anywhere" }}>
                      <Text span size="sm" c="dimmed">
                        {show(change.field, change.old)}
                      </Text>
                      {" → "}
                      <Text span size="sm">
                        {show(change.field, change.new)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
