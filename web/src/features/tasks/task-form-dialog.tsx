import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Input,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { DatesProvider, DateTimePicker } from "@mantine/dates";
import { useMediaQuery } from "@mantine/hooks";
import {
  type LinkableEntity,
  linkableEntities,
  type PersonRef,
  type TaskDetail,
  type TaskInput,
  type TaskPriority,
  taskPriorities,
} from "@planerka/common";
import { IconPlus, IconX } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { handleFormError, isStaleVersion, notifySuccess } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { RecordPicker } from "../crm/record-picker";
import { GroupSelect } from "../groups/group-select";
import { UserMultiPicker } from "../org/user-multi-picker";
import { UserPicker } from "../org/user-picker";
import { fromPicker, patchOf, plannedOf, type TaskFormValues, valuesOf } from "./task-form-values";
import { TaskPicker, TitledRecordPicker } from "./task-pickers";
import { createTask, refreshTaskViews, updateTask } from "./tasks-api";

// Tiptap and ProseMirror load with the dialog's first opening, not with the page.
const RichTextField = lazy(() => import("./rich-text-field").then((module) => ({ default: module.RichTextField })));

export interface TaskFormInitial {
  assignee?: PersonRef;
  link?: { entityType: LinkableEntity; entityId: string; title: string | null };
  parent?: { id: string; title: string };
  /** A task made on a group's page belongs to that group. */
  group?: { id: string; name: string };
}

export interface TaskFormDialogProps {
  opened: boolean;
  onClose: () => void;
  /** The dialog's title instead of «Новая задача». */
  title?: string;
  /** Prefilled values of a new task (a deal card's «Задача», «Добавить подзадачу»). */
  initial?: TaskFormInitial;
  /** Edit mode: the task to change. */
  task?: TaskDetail;
  onSaved?: (task: TaskDetail) => void;
  /** Edit mode: the task changed under the form (409); the caller reloads it. */
  onStale?: () => Promise<unknown>;
}

/** Creates or edits a task: what, who, by when, how important, how long, and what it belongs to. */
export function TaskFormDialog({ opened, onClose, title, initial, task, onSaved, onStale }: TaskFormDialogProps) {
  const { t, i18n } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  // Kept here: the form remounts with the reloaded task, and the notice must outlive that.
  const [stale, setStale] = useState(false);
  const close = () => {
    setStale(false);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={
        <Text span fw={600}>
          {title ??
            (task
              ? t("tasks.form.editTitle")
              : initial?.parent
                ? t("tasks.form.subtaskTitle")
                : t("tasks.form.createTitle"))}
        </Text>
      }
      size="xl"
      fullScreen={Boolean(phone)}
    >
      <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>
        {opened && (
          <TaskForm
            key={task ? `${task.id}-${task.version}` : "new"}
            initial={initial}
            task={task}
            stale={stale}
            onCancel={close}
            onSaved={(saved) => {
              onSaved?.(saved);
              close();
            }}
            onStale={async () => {
              setStale(true);
              await onStale?.();
            }}
          />
        )}
      </DatesProvider>
    </Modal>
  );
}

interface TaskFormProps {
  initial?: TaskFormInitial;
  task?: TaskDetail;
  onCancel: () => void;
  onSaved: (task: TaskDetail) => void;
  onStale: () => Promise<unknown>;
  /** The task was reloaded after someone else's change: say so above the fields. */
  stale: boolean;
}

function TaskForm({ initial, task, onCancel, onSaved, onStale, stale }: TaskFormProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const zone = me.timeZone;
  const form = useFormState<TaskFormValues>(() => valuesOf(task, initial, { id: me.id, name: me.name }, zone));
  const { values, setField, errors } = form;
  const [saving, setSaving] = useState(false);
  const assigneeInitial = task?.assignee ?? initial?.assignee ?? { id: me.id, name: me.name };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!values.title.trim()) return form.setErrors({ title: t("errors.required") });
    setSaving(true);
    try {
      let saved: TaskDetail;
      if (task) {
        const patch = patchOf(task, values, zone);
        if (Object.keys(patch).length === 0) return onSaved(task);
        saved = await updateTask(task.id, { ...patch, version: task.version });
        notifySuccess(t("tasks.form.saved"));
      } else {
        const input: TaskInput = {
          title: values.title.trim(),
          priority: values.priority,
          requiresControl: values.requiresControl,
        };
        if (values.description) input.description = values.description;
        if (values.assigneeId) input.assigneeId = values.assigneeId;
        if (values.coassignees.length > 0) input.coassigneeIds = values.coassignees.map((person) => person.id);
        if (values.observers.length > 0) input.observerIds = values.observers.map((person) => person.id);
        const deadline = fromPicker(values.deadline, zone);
        if (deadline) input.deadline = deadline;
        const planned = plannedOf(values);
        if (planned) input.plannedMinutes = planned;
        if (values.entityType && values.entityId) {
          input.entityType = values.entityType;
          input.entityId = values.entityId;
        }
        if (values.parentId) input.parentId = values.parentId;
        if (values.groupId) input.groupId = values.groupId;
        const checklist = values.checklist.map((line) => line.text.trim()).filter(Boolean);
        if (checklist.length > 0) input.checklist = checklist;
        saved = await createTask(input);
        notifySuccess(t("tasks.form.created"));
        if (values.parentId) void queryClient.invalidateQueries({ queryKey: ["tasks", "one", values.parentId] });
      }
      if (values.groupId || task?.group) void queryClient.invalidateQueries({ queryKey: ["groups"] });
      refreshTaskViews(queryClient, saved.id);
      queryClient.setQueryData(["tasks", "one", saved.id], saved);
      onSaved(saved);
    } catch (error) {
      // Field errors come as `checklist.2` or `plannedMinutes`; the form's fields carry the same names.
      handleFormError(error, form);
      if (isStaleVersion(error)) await onStale();
      else if (error instanceof ProblemError && error.fieldErrors().entityId) {
        form.setErrors({ ...error.fieldErrors(), entityType: error.fieldErrors().entityId });
      }
    } finally {
      setSaving(false);
    }
  };

  const setChecklist = (index: number, text: string) =>
    setField(
      "checklist",
      values.checklist.map((line, at) => (at === index ? { ...line, text } : line)),
    );
  const addChecklistLine = () =>
    setField("checklist", [
      ...values.checklist,
      { key: Math.max(0, ...values.checklist.map((line) => line.key)) + 1, text: "" },
    ]);

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {stale && (
          <Alert color="yellow" role="alert">
            {t("tasks.form.stale")}
          </Alert>
        )}
        <TextInput
          label={t("tasks.form.title")}
          placeholder={t("tasks.form.titlePlaceholder")}
          required
          maxLength={300}
          data-autofocus
          {...form.text("title")}
        />
        <Suspense
          fallback={
            <Input.Wrapper label={t("tasks.form.description")}>
              <Skeleton h={160} mt={4} aria-label={t("tasks.editor.loading")} />
            </Input.Wrapper>
          }
        >
          <RichTextField
            label={t("tasks.form.description")}
            initialValue={values.description}
            onChange={(html) => setField("description", html)}
            error={errors.description}
          />
        </Suspense>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <UserPicker
            label={t("tasks.form.assignee")}
            value={values.assigneeId}
            onChange={(value) => setField("assigneeId", value)}
            initialOption={assigneeInitial}
            allowDeselect={false}
            error={errors.assigneeId}
          />
          <DateTimePicker
            label={t("tasks.form.deadline")}
            placeholder={t("tasks.form.deadlinePlaceholder")}
            value={values.deadline}
            onChange={(value) => setField("deadline", value)}
            valueFormat="D MMMM YYYY, HH:mm"
            defaultTimeValue="18:00"
            clearable
            error={errors.deadline}
          />
          <UserMultiPicker
            label={t("tasks.form.coassignees")}
            value={values.coassignees}
            onChange={(value) => setField("coassignees", value)}
            error={errors.coassigneeIds}
          />
          <UserMultiPicker
            label={t("tasks.form.observers")}
            value={values.observers}
            onChange={(value) => setField("observers", value)}
            error={errors.observerIds}
          />
          <Input.Wrapper label={t("tasks.form.priority")}>
            <SegmentedControl
              fullWidth
              mt={4}
              value={values.priority}
              onChange={(value) => setField("priority", value as TaskPriority)}
              data={taskPriorities.map((priority) => ({ value: priority, label: t(`tasks.priority.${priority}`) }))}
            />
          </Input.Wrapper>
          <Input.Wrapper label={t("tasks.form.plannedTime")} error={errors.plannedMinutes}>
            <Group gap="xs" grow mt={4} wrap="nowrap">
              <NumberInput
                aria-label={t("tasks.form.plannedHours")}
                rightSection={<Text size="xs">{t("tasks.form.hoursUnit")}</Text>}
                min={0}
                max={1666}
                allowDecimal={false}
                value={values.plannedHours}
                onChange={(value) => setField("plannedHours", value)}
              />
              <NumberInput
                aria-label={t("tasks.form.plannedMinutes")}
                rightSection={<Text size="xs">{t("tasks.form.minutesUnit")}</Text>}
                rightSectionWidth={40}
                min={0}
                max={59}
                allowDecimal={false}
                value={values.plannedMinutes}
                onChange={(value) => setField("plannedMinutes", value)}
              />
            </Group>
          </Input.Wrapper>
          <Select
            label={t("tasks.form.linkType")}
            data={[
              { value: "", label: t("tasks.form.linkNone") },
              ...linkableEntities.map((entity) => ({ value: entity, label: t(`tasks.entities.${entity}`) })),
            ]}
            value={values.entityType ?? ""}
            onChange={(value) => {
              setField("entityType", (value || null) as LinkableEntity | null);
              setField("entityId", null);
              setField("entityTitle", null);
            }}
            allowDeselect={false}
            error={errors.entityType}
          />
          <LinkRecordField values={values} setField={setField} error={errors.entityId} />
          {!task && (
            <TaskPicker
              label={t("tasks.form.parent")}
              value={values.parentId}
              onChange={(value) => setField("parentId", value)}
              initialOption={initial?.parent ? { id: initial.parent.id, name: initial.parent.title } : null}
              error={errors.parentId}
            />
          )}
          <GroupSelect
            label={t("tasks.form.group")}
            value={values.groupId}
            current={values.groupId && values.groupName ? { id: values.groupId, name: values.groupName } : null}
            onChange={(id, name) => {
              setField("groupId", id);
              setField("groupName", name);
            }}
            error={errors.groupId}
          />
          <Switch
            label={t("tasks.form.requiresControl")}
            description={t("tasks.form.requiresControlHint")}
            checked={values.requiresControl}
            onChange={(event) => setField("requiresControl", event.currentTarget.checked)}
            mt={task ? 0 : "md"}
          />
        </SimpleGrid>
        {!task && (
          <Input.Wrapper label={t("tasks.form.checklist")} error={errors.checklist}>
            <Stack gap={6} mt={4}>
              {values.checklist.map((line, index) => (
                <Group key={line.key} gap={6} wrap="nowrap">
                  <TextInput
                    aria-label={`${t("tasks.form.checklistPlaceholder")} ${index + 1}`}
                    placeholder={t("tasks.form.checklistPlaceholder")}
                    value={line.text}
                    maxLength={500}
                    onChange={(event) => setChecklist(index, event.currentTarget.value)}
                    onKeyDown={(event) => {
                      if (event.key === "Enter") {
                        event.preventDefault();
                        if (index === values.checklist.length - 1 && line.text.trim()) addChecklistLine();
                      }
                    }}
                    style={{ flex: 1 }}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={t("tasks.form.checklistRemove", { index: index + 1 })}
                    onClick={() =>
                      setField(
                        "checklist",
                        values.checklist.filter((_, at) => at !== index),
                      )
                    }
                  >
                    <IconX size={16} />
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={addChecklistLine}
                w="fit-content"
                disabled={values.checklist.length >= 200}
              >
                {t("tasks.form.checklistAdd")}
              </Button>
            </Stack>
          </Input.Wrapper>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={saving}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function LinkRecordField({
  values,
  setField,
  error,
}: {
  values: TaskFormValues;
  setField: <K extends keyof TaskFormValues>(key: K, value: TaskFormValues[K]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const label = t("tasks.form.linkRecord");
  const initialOption =
    values.entityId && values.entityTitle ? { id: values.entityId, name: values.entityTitle } : null;
  const choose = (id: string | null, name: string | null) => {
    setField("entityId", id);
    setField("entityTitle", name);
  };
  switch (values.entityType) {
    case "company":
    case "contact":
      return (
        <RecordPicker
          entity={values.entityType === "company" ? "companies" : "contacts"}
          label={label}
          value={values.entityId}
          onChange={choose}
          initialOption={initialOption}
          error={error}
        />
      );
    case "deal":
    case "lead":
      return (
        <TitledRecordPicker
          entity={values.entityType === "deal" ? "deals" : "leads"}
          label={label}
          placeholder={t("tasks.form.linkPlaceholder")}
          value={values.entityId}
          onChange={choose}
          initialOption={initialOption}
          error={error}
        />
      );
    default:
      return <TextInput label={label} disabled value="" placeholder={t("tasks.form.linkNone")} />;
  }
}
