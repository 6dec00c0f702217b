import { Button, Drawer, Grid, Group, Modal, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { Unit } from "@planerka/common";
import { IconFoldDown, IconFoldUp, IconPlus, IconSitemap } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { PageHeader } from "../../lib/list-page";
import { notifySuccess, problemText } from "../../lib/notify";
import { UnitDetails } from "./unit-details";
import { childKind, UnitForm } from "./unit-form";
import { UnitTree } from "./unit-tree";
import { buildUnitTree, flattenTree } from "./unit-tree-model";
import { createUnit, deleteUnit, type UnitInput, unitsQuery, updateUnit } from "./units-api";

type Editing = { mode: "create"; parent: Unit | undefined } | { mode: "edit"; unit: Unit };

export function UnitsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const search = useSearch({ from: "/app/units" });
  const navigate = useNavigate({ from: "/units" });
  const narrow = useMediaQuery("(max-width: 62em)");
  const phone = useMediaQuery("(max-width: 36em)");
  const { data: units, error, refetch } = useQuery(unitsQuery);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<Unit | null>(null);
  const [formKey, setFormKey] = useState(0);

  const tree = useMemo(() => buildUnitTree(units ?? []), [units]);
  const flat = useMemo(() => flattenTree(tree), [tree]);
  const [expanded, setExpanded] = useState<Set<string> | null>(null);
  // Until the user folds anything, the company and its regions stand open.
  const open = expanded ?? new Set(flat.filter((node) => node.depth < 2).map((node) => node.unit.id));
  const canEdit = me.abilities.manageUnits;
  const selected = flat.find((node) => node.unit.id === search.unit);
  const byId = new Map((units ?? []).map((unit) => [unit.id, unit]));

  const select = (unit: Unit | undefined) => void navigate({ search: { unit: unit?.id }, replace: true });
  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  };

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ["units"] });
    await queryClient.invalidateQueries({ queryKey: ["users"] });
    await queryClient.invalidateQueries({ queryKey: ["me"] });
  };

  const save = async (values: UnitInput) => {
    if (editing?.mode === "edit") {
      const { unit } = editing;
      await updateUnit(unit.id, {
        name: values.name,
        kind: values.kind,
        ...(unit.parentId !== null && values.parentId !== unit.parentId ? { parentId: values.parentId } : {}),
        headUserId: values.headUserId,
        version: unit.version,
      });
      notifySuccess(t("units.updated"));
    } else {
      const created = await createUnit(values);
      if (values.parentId) setExpanded(new Set(open).add(values.parentId));
      select(created);
      notifySuccess(t("units.created"));
    }
    await refresh();
    setEditing(null);
  };

  const reloadEdited = async () => {
    const fresh = await refetch();
    const unit = editing?.mode === "edit" ? fresh.data?.find((item) => item.id === editing.unit.id) : undefined;
    if (unit) setEditing({ mode: "edit", unit });
    setFormKey((key) => key + 1);
  };

  const startCreate = (parent: Unit | undefined) => setEditing({ mode: "create", parent });
  const formInitial: UnitInput | null = editing
    ? editing.mode === "edit"
      ? {
          name: editing.unit.name,
          kind: editing.unit.kind,
          parentId: editing.unit.parentId,
          headUserId: editing.unit.headUserId,
        }
      : { name: "", kind: childKind(editing.parent), parentId: editing.parent?.id ?? null, headUserId: null }
    : null;

  const details = selected && (
    <UnitDetails
      node={selected}
      parent={selected.unit.parentId ? byId.get(selected.unit.parentId) : undefined}
      canEdit={canEdit}
      onSelect={select}
      onEdit={(unit) => setEditing({ mode: "edit", unit })}
      onAddChild={startCreate}
      onDelete={setDeleting}
    />
  );

  return (
    <Stack gap="md">
      <PageHeader
        title={t("units.title")}
        intro={t("units.selectHint")}
        action={
          <Group gap="xs">
            <Button
              variant="default"
              size="sm"
              leftSection={<IconFoldDown size={16} />}
              onClick={() => setExpanded(new Set(flat.map((node) => node.unit.id)))}
            >
              {t("units.expandAll")}
            </Button>
            <Button
              variant="default"
              size="sm"
              leftSection={<IconFoldUp size={16} />}
              onClick={() => setExpanded(new Set())}
            >
              {t("units.collapseAll")}
            </Button>
            {canEdit && (
              <Button leftSection={<IconPlus size={18} />} onClick={() => startCreate(selected?.unit ?? tree[0]?.unit)}>
                {t("units.add")}
              </Button>
            )}
          </Group>
        }
      />

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder radius="md" p="xs">
            {error ? (
              <Text c="red" p="md">
                {problemText(error)}
              </Text>
            ) : !units ? (
              <Skeleton h={320} />
            ) : tree.length === 0 ? (
              <Stack align="center" p="xl" gap="xs">
                <IconSitemap size={32} stroke={1.4} color="var(--mantine-color-dimmed)" />
                <Text c="dimmed">{t("units.empty")}</Text>
              </Stack>
            ) : (
              <UnitTree
                nodes={tree}
                expanded={open}
                onToggle={toggle}
                selectedId={search.unit}
                onSelect={select}
                canEdit={canEdit}
                onEdit={(unit) => setEditing({ mode: "edit", unit })}
                onAddChild={startCreate}
                onDelete={setDeleting}
              />
            )}
          </Paper>
        </Grid.Col>
        {!narrow && (
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Paper withBorder radius="md" p="md" pos="sticky" top={72}>
              {details ?? (
                <Text c="dimmed" size="sm">
                  {t("units.selectHint")}
                </Text>
              )}
            </Paper>
          </Grid.Col>
        )}
      </Grid>

      {narrow && (
        <Drawer opened={Boolean(selected)} onClose={() => select(undefined)} position="bottom" size="85%" title=" ">
          {details}
        </Drawer>
      )}

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={<Text fw={600}>{editing?.mode === "edit" ? t("units.editTitle") : t("units.createTitle")}</Text>}
        size="md"
        fullScreen={phone}
      >
        {editing && formInitial && units && (
          <UnitForm
            key={`${editing.mode === "edit" ? `${editing.unit.id}-${editing.unit.version}` : "new"}-${formKey}`}
            units={units}
            unit={editing.mode === "edit" ? editing.unit : undefined}
            initial={formInitial}
            onSubmit={save}
            onCancel={() => setEditing(null)}
            onStale={() => void reloadEdited()}
          />
        )}
      </Modal>

      <ConfirmModal
        opened={deleting !== null}
        title={t("units.deleteTitle")}
        message={t("units.deleteConfirm", { name: deleting?.name ?? "" })}
        confirmLabel={t("common.delete")}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await deleteUnit(deleting.id);
          if (search.unit === deleting.id) select(undefined);
          await refresh();
          notifySuccess(t("units.deleted"));
        }}
      />
    </Stack>
  );
}
