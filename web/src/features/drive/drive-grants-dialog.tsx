import { ActionIcon, Button, Group, Loader, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import type { DriveLevel, PersonRef } from "@planerka/common";
import { IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../lib/form-modal";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { GroupSelect } from "../groups/group-select";
import { UnitSelect } from "../org/unit-select";
import { unitsQuery } from "../org/units-api";
import { UserMultiPicker } from "../org/user-multi-picker";
import { type DriveGrantInput, driveGrantsQuery, refreshDrive, saveGrants } from "./drive-api";

type SubjectType = DriveGrantInput["subjectType"];
interface GrantRow extends DriveGrantInput {
  subjectName: string;
}

/** «Доступ»: who else may read or change the folder (people, units, groups), and what comes from above. */
export function DriveGrantsDialog({
  folder,
  onClose,
}: {
  folder: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal opened={folder !== null} onClose={onClose} title={t("drive.access.title", { name: folder?.name ?? "" })}>
      {folder && <GrantsLoader folderId={folder.id} onDone={onClose} />}
    </FormModal>
  );
}

function GrantsLoader({ folderId, onDone }: { folderId: string; onDone: () => void }) {
  const query = useQuery(driveGrantsQuery(folderId));
  if (query.error) return <Text c="red">{problemText(query.error)}</Text>;
  if (!query.data) return <Loader size="sm" />;
  return (
    <GrantsForm folderId={folderId} initial={query.data.grants} inherited={query.data.inherited} onDone={onDone} />
  );
}

function GrantsForm({
  folderId,
  initial,
  inherited,
  onDone,
}: {
  folderId: string;
  initial: GrantRow[];
  inherited: (GrantRow & { folderId: string; folderName: string })[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const units = useQuery(unitsQuery);
  const [rows, setRows] = useState<GrantRow[]>(initial);
  const [type, setType] = useState<SubjectType>("user");
  const [subject, setSubject] = useState<{ id: string; name: string } | null>(null);
  const [people, setPeople] = useState<PersonRef[]>([]);
  const [level, setLevel] = useState<DriveLevel>("read");
  const [pending, setPending] = useState(false);
  const levels = [
    { value: "read", label: t("drive.access.read") },
    { value: "edit", label: t("drive.access.edit") },
  ];

  const chosen = type === "user" ? people : subject ? [subject] : [];
  const add = () => {
    const ids = new Set(chosen.map((item) => item.id));
    const others = rows.filter((row) => !(row.subjectType === type && ids.has(row.subjectId)));
    const added = chosen.map((item) => ({ subjectType: type, subjectId: item.id, subjectName: item.name, level }));
    setRows([...others, ...added]);
    setSubject(null);
    setPeople([]);
  };

  const save = async () => {
    setPending(true);
    try {
      await saveGrants(
        folderId,
        rows.map(({ subjectType, subjectId, level: rowLevel }) => ({ subjectType, subjectId, level: rowLevel })),
      );
      notifySuccess(t("drive.access.saved"));
      void queryClient.invalidateQueries({ queryKey: ["drive", "grants", folderId] });
      refreshDrive(queryClient);
      onDone();
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(false);
    }
  };

  const typeLabel = (subjectType: SubjectType) => t(`drive.access.${subjectType}`);

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t("drive.access.intro")}
      </Text>
      <Stack gap={6} role="list" aria-label={t("drive.actions.access")}>
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("drive.access.none")}
          </Text>
        )}
        {rows.map((row) => (
          <Group key={`${row.subjectType}-${row.subjectId}`} wrap="nowrap" gap="xs" role="listitem">
            <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" truncate="end">
                {row.subjectName}
              </Text>
              <Text size="xs" c="dimmed">
                {typeLabel(row.subjectType)}
              </Text>
            </Stack>
            <Select
              data={levels}
              value={row.level}
              allowDeselect={false}
              aria-label={t("drive.access.level")}
              w={170}
              onChange={(value) =>
                setRows((current) =>
                  current.map((item) => (item === row ? { ...item, level: (value as DriveLevel) ?? "read" } : item)),
                )
              }
            />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t("drive.access.remove", { name: row.subjectName })}
              onClick={() => setRows((current) => current.filter((item) => item !== row))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
      </Stack>
      {inherited.length > 0 && (
        <Stack gap={2}>
          {inherited.map((row) => (
            <Text key={`${row.folderId}-${row.subjectType}-${row.subjectId}`} size="xs" c="dimmed">
              {row.subjectName} — {t(`drive.access.${row.level}`)} (
              {t("drive.access.inherited", { folder: row.folderName })})
            </Text>
          ))}
        </Stack>
      )}
      <Stack gap="xs" p="sm" style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: 8 }}>
        <SegmentedControl
          aria-label={t("drive.access.subjectType")}
          value={type}
          onChange={(value) => {
            setType(value as SubjectType);
            setSubject(null);
            setPeople([]);
          }}
          data={(["user", "unit", "group"] as const).map((value) => ({ value, label: typeLabel(value) }))}
        />
        {type === "user" && (
          <UserMultiPicker
            label={t("drive.access.user")}
            value={people}
            onChange={setPeople}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {type === "unit" && (
          <UnitSelect
            label={t("drive.access.unit")}
            units={units.data ?? []}
            value={subject?.id ?? null}
            onChange={(id) =>
              setSubject(id ? { id, name: units.data?.find((unit) => unit.id === id)?.name ?? id } : null)
            }
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {type === "group" && (
          <GroupSelect
            label={t("drive.access.group")}
            value={subject?.id ?? null}
            onChange={(id, name) => setSubject(id ? { id, name: name ?? id } : null)}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <Group align="flex-end" gap="xs">
          <Select
            label={t("drive.access.level")}
            data={levels}
            value={level}
            allowDeselect={false}
            onChange={(value) => setLevel((value as DriveLevel) ?? "read")}
            style={{ flex: 1 }}
          />
          <Button variant="light" onClick={add} disabled={chosen.length === 0}>
            {t("drive.access.add")}
          </Button>
        </Group>
      </Stack>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone} disabled={pending}>
          {t("common.cancel")}
        </Button>
        <Button onClick={() => void save()} loading={pending}>
          {t("common.save")}
        </Button>
      </Group>
    </Stack>
  );
}
