import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { type ActivityCategory, type ActivityType, activityCategories } from "@planerka/common";
import { IconDeviceFloppy, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type KeyboardEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../lib/api";
import { ConfirmModal } from "../../lib/confirm-modal";
import { PageHeader } from "../../lib/list-page";
import { handleFormError, isStaleVersion, notifySuccess, problemText } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import {
  type ActivityTypeInput,
  activityTypesQuery,
  createActivityType,
  deleteActivityType,
  updateActivityType,
} from "./activities-api";
import { ActivityTypeIcon } from "./activity-type-icon";
import { explainConflict } from "./crm-settings-api";

function refreshTypes(queryClient: ReturnType<typeof useQueryClient>) {
  void queryClient.invalidateQueries({ queryKey: ["activity-types"] });
  void queryClient.invalidateQueries({ queryKey: ["crm", "activity-types"] });
}

export function ActivityTypesPage() {
  const { t } = useTranslation();
  const types = useQuery(activityTypesQuery);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<ActivityType | null>(null);
  const [deleteOpened, setDeleteOpened] = useState(false);
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 36em)");

  return (
    <Stack gap="md">
      <PageHeader
        title={t("activities.types.title")}
        intro={t("activities.types.intro")}
        action={
          <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
            {t("activities.types.add")}
          </Button>
        }
      />

      <Paper withBorder radius="md">
        {types.error ? (
          <Text c="red" p="md">
            {problemText(types.error)}
          </Text>
        ) : !types.data ? (
          <Skeleton h={320} />
        ) : types.data.length === 0 ? (
          <Text c="dimmed" p="md">
            {t("activities.types.empty")}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={940}>
            <Table verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("activities.types.name")}</Table.Th>
                  <Table.Th w={170}>{t("activities.types.category")}</Table.Th>
                  <Table.Th w={130} ta="center">
                    {t("activities.types.inWeeklyTable")}
                  </Table.Th>
                  <Table.Th w={95}>{t("activities.types.sort")}</Table.Th>
                  <Table.Th w={105}>{t("activities.types.dailyNorm")}</Table.Th>
                  <Table.Th w={90}>{t("activities.types.weight")}</Table.Th>
                  <Table.Th w={80} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {types.data.map((type) => (
                  <TypeRow
                    key={`${type.id}-${type.version}`}
                    type={type}
                    onDelete={() => {
                      setDeleting(type);
                      setDeleteOpened(true);
                    }}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>

      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={
          <Text span fw={600}>
            {t("activities.types.createTitle")}
          </Text>
        }
        size="lg"
        centered={!phone}
        fullScreen={phone}
      >
        <CreateTypeForm
          nextSort={Math.max(0, ...(types.data ?? []).map((type) => type.sort)) + 10}
          onDone={() => setCreating(false)}
        />
      </Modal>
      <ConfirmModal
        opened={deleteOpened}
        title={t("activities.types.deleteTitle")}
        message={t("activities.types.deleteMessage", { name: deleting?.name ?? "" })}
        confirmLabel={t("common.delete")}
        onConfirm={async () => {
          if (!deleting) return;
          await deleteActivityType(deleting.id).catch((error) => {
            throw explainConflict(error, t("activities.types.typeInUse"));
          });
          notifySuccess(t("activities.types.deleted"));
          refreshTypes(queryClient);
        }}
        onClose={() => setDeleteOpened(false)}
      />
    </Stack>
  );
}

interface RowDraft {
  [key: string]: unknown;
  name: string;
  category: ActivityCategory;
  inWeeklyTable: boolean;
  sort: number | string;
  dailyNorm: number | string;
  weight: number | string;
}

function draftOf(type: ActivityType): RowDraft {
  return {
    name: type.name,
    category: type.category,
    inWeeklyTable: type.inWeeklyTable,
    sort: type.sort,
    dailyNorm: type.dailyNorm ?? "",
    weight: type.weight,
  };
}

/** The changed fields of a row, or the first problem found. */
function rowPatch(type: ActivityType, draft: RowDraft): Partial<ActivityTypeInput> {
  const patch: Partial<ActivityTypeInput> = {};
  if (draft.name.trim() !== type.name) patch.name = draft.name.trim();
  if (draft.category !== type.category) patch.category = draft.category;
  if (draft.inWeeklyTable !== type.inWeeklyTable) patch.inWeeklyTable = draft.inWeeklyTable;
  if (Number(draft.sort) !== type.sort) patch.sort = Number(draft.sort);
  const norm = draft.dailyNorm === "" ? null : Number(draft.dailyNorm);
  if (norm !== type.dailyNorm) patch.dailyNorm = norm;
  if (Number(draft.weight) !== type.weight) patch.weight = Number(draft.weight);
  return patch;
}

function rowValues(draft: RowDraft): Partial<ActivityTypeInput> {
  return {
    name: draft.name.trim(),
    category: draft.category,
    inWeeklyTable: draft.inWeeklyTable,
    sort: Number(draft.sort),
    dailyNorm: draft.dailyNorm === "" ? null : Number(draft.dailyNorm),
    weight: Number(draft.weight),
  };
}

function TypeRow({ type, onDelete }: { type: ActivityType; onDelete: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState<RowDraft>(() => draftOf(type));
  const [saving, setSaving] = useState(false);
  const { values } = form;
  const patch = rowPatch(type, values);
  const dirty = Object.keys(patch).length > 0;
  const label = (field: string) => t("activities.types.fieldOf", { field, name: type.name });
  const categoryData = activityCategories.map((value) => ({ value, label: t(`activities.category.${value}`) }));

  const save = async () => {
    if (!dirty || saving) return;
    const errors: Record<string, string> = {};
    if (!values.name.trim()) errors.name = t("errors.required");
    if (values.sort === "") errors.sort = t("errors.required");
    if (values.weight === "") errors.weight = t("errors.required");
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setSaving(true);
    try {
      // The whole row goes, not only the changed fields: the server fills fields left out of a
      // PATCH with their create-time defaults (order 100, weight 1, not in the weekly table).
      await updateActivityType(type.id, { ...rowValues(values), version: type.version });
      notifySuccess(t("activities.types.saved"));
      refreshTypes(queryClient);
    } catch (error) {
      handleFormError(error, form, () => refreshTypes(queryClient));
    } finally {
      setSaving(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    const target = event.target as HTMLElement;
    // Enter in a text or number field saves the row; in a select it picks an option.
    if (event.key === "Enter" && target.tagName === "INPUT" && !target.hasAttribute("aria-haspopup")) {
      event.preventDefault();
      void save();
    }
  };

  return (
    <Table.Tr onKeyDown={onKeyDown} bg={dirty ? "var(--mantine-color-yellow-light)" : undefined}>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <ActivityTypeIcon category={values.category} />
          <TextInput
            aria-label={label(t("activities.types.name"))}
            size="xs"
            maxLength={200}
            style={{ flex: 1 }}
            {...form.text("name")}
          />
        </Group>
        <Text size="xs" c="dimmed" ml={22} mt={2} ff="monospace">
          {type.code}
        </Text>
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={label(t("activities.types.category"))}
          size="xs"
          data={categoryData}
          value={values.category}
          onChange={(value) => value && form.setField("category", value as ActivityCategory)}
          allowDeselect={false}
          error={form.errors.category}
        />
      </Table.Td>
      <Table.Td>
        <Group justify="center">
          <Checkbox
            aria-label={label(t("activities.types.inWeeklyTable"))}
            checked={values.inWeeklyTable}
            onChange={(event) => form.setField("inWeeklyTable", event.currentTarget.checked)}
          />
        </Group>
      </Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={label(t("activities.types.sort"))}
          size="xs"
          min={0}
          max={10_000}
          allowDecimal={false}
          allowNegative={false}
          hideControls
          value={values.sort}
          onChange={(value) => form.setField("sort", value)}
          error={form.errors.sort}
        />
      </Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={label(t("activities.types.dailyNorm"))}
          size="xs"
          min={0}
          max={1000}
          decimalScale={2}
          allowNegative={false}
          hideControls
          placeholder="—"
          value={values.dailyNorm}
          onChange={(value) => form.setField("dailyNorm", value)}
          error={form.errors.dailyNorm}
        />
      </Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={label(t("activities.types.weight"))}
          size="xs"
          min={0}
          max={100}
          decimalScale={2}
          allowNegative={false}
          hideControls
          value={values.weight}
          onChange={(value) => form.setField("weight", value)}
          error={form.errors.weight}
        />
      </Table.Td>
      <Table.Td>
        <Group gap={2} wrap="nowrap" justify="flex-end">
          <Tooltip label={t("common.save")} withArrow>
            <ActionIcon
              variant={dirty ? "filled" : "subtle"}
              color={dirty ? "blue" : "gray"}
              aria-label={t("activities.types.saveRow", { name: type.name })}
              disabled={!dirty}
              loading={saving}
              onClick={() => void save()}
            >
              <IconDeviceFloppy size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t("common.delete")} withArrow>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t("activities.types.deleteRow", { name: type.name })}
              onClick={onDelete}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

interface CreateValues {
  [key: string]: unknown;
  code: string;
  name: string;
  category: ActivityCategory;
  direction: "none" | "in" | "out";
  inWeeklyTable: boolean;
  sort: number | string;
  dailyNorm: number | string;
  weight: number | string;
}

function CreateTypeForm({ nextSort, onDone }: { nextSort: number; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState<CreateValues>({
    code: "",
    name: "",
    category: "call",
    direction: "none",
    inWeeklyTable: false,
    sort: nextSort,
    dailyNorm: "",
    weight: 1,
  });
  const [pending, setPending] = useState(false);
  const { values } = form;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!/^[a-z0-9_]{2,50}$/.test(values.code.trim())) errors.code = t("activities.types.codeHint");
    if (!values.name.trim()) errors.name = t("errors.required");
    if (values.sort === "") errors.sort = t("errors.required");
    if (values.weight === "") errors.weight = t("errors.required");
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setPending(true);
    try {
      await createActivityType({
        code: values.code.trim(),
        name: values.name.trim(),
        category: values.category,
        direction: values.direction === "none" ? null : values.direction,
        inWeeklyTable: values.inWeeklyTable,
        sort: Number(values.sort),
        dailyNorm: values.dailyNorm === "" ? null : Number(values.dailyNorm),
        weight: Number(values.weight),
      });
      notifySuccess(t("activities.types.created"));
      refreshTypes(queryClient);
      onDone();
    } catch (error) {
      handleFormError(error, form);
      // A taken code is a 409 without a field path; show it at the code.
      if (error instanceof ProblemError && error.status === 409 && !isStaleVersion(error)) {
        form.setErrors({ code: problemText(error) });
      }
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label={t("activities.types.code")}
            description={t("activities.types.codeHint")}
            required
            data-autofocus
            autoCapitalize="none"
            spellCheck={false}
            maxLength={50}
            {...form.text("code")}
          />
          <TextInput label={t("activities.types.name")} required maxLength={200} {...form.text("name")} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t("activities.types.category")}
            data={activityCategories.map((value) => ({ value, label: t(`activities.category.${value}`) }))}
            value={values.category}
            onChange={(value) => value && form.setField("category", value as ActivityCategory)}
            allowDeselect={false}
            error={form.errors.category}
          />
          <Select
            label={t("activities.types.direction")}
            data={(["none", "in", "out"] as const).map((value) => ({
              value,
              label: t(`activities.types.directions.${value}`),
            }))}
            value={values.direction}
            onChange={(value) => value && form.setField("direction", value as CreateValues["direction"])}
            allowDeselect={false}
            error={form.errors.direction}
          />
        </SimpleGrid>
        <SimpleGrid cols={3} spacing="sm">
          <NumberInput
            label={t("activities.types.sort")}
            min={0}
            max={10_000}
            allowDecimal={false}
            allowNegative={false}
            value={values.sort}
            onChange={(value) => form.setField("sort", value)}
            error={form.errors.sort}
          />
          <NumberInput
            label={t("activities.types.dailyNorm")}
            min={0}
            max={1000}
            decimalScale={2}
            allowNegative={false}
            placeholder="—"
            value={values.dailyNorm}
            onChange={(value) => form.setField("dailyNorm", value)}
            error={form.errors.dailyNorm}
          />
          <NumberInput
            label={t("activities.types.weight")}
            min={0}
            max={100}
            decimalScale={2}
            allowNegative={false}
            value={values.weight}
            onChange={(value) => form.setField("weight", value)}
            error={form.errors.weight}
          />
        </SimpleGrid>
        <Checkbox
          label={t("activities.types.inWeeklyTable")}
          checked={values.inWeeklyTable}
          onChange={(event) => form.setField("inWeeklyTable", event.currentTarget.checked)}
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
