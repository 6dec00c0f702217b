import { Alert, Button, Group, Input, SegmentedControl, Stack, Textarea, TextInput } from "@mantine/core";
import {
  type GroupDetail,
  type GroupKind,
  type GroupVisibility,
  groupKinds,
  groupVisibilities,
  type PersonRef,
} from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../lib/form-modal";
import { handleFormError, isStaleVersion, notifySuccess } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { UserMultiPicker } from "../org/user-multi-picker";
import { createGroup, refreshGroupViews, updateGroup } from "./groups-api";

interface GroupFormValues extends Record<string, unknown> {
  name: string;
  description: string;
  kind: GroupKind;
  visibility: GroupVisibility;
  members: PersonRef[];
}

interface GroupFormDialogProps {
  opened: boolean;
  onClose: () => void;
  /** Edit mode: the group to change (members are managed on its page). */
  group?: GroupDetail;
  onSaved?: (group: GroupDetail) => void;
}

/** Creates a group or project (name, description, kind, who sees it, first members) or edits one. */
export function GroupFormDialog({ opened, onClose, group, onSaved }: GroupFormDialogProps) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={group ? t("groups.form.editTitle") : t("groups.form.createTitle")}
    >
      {opened && (
        <GroupForm
          key={group ? `${group.id}-${group.version}` : "new"}
          group={group}
          onCancel={onClose}
          onSaved={(saved) => {
            onSaved?.(saved);
            onClose();
          }}
        />
      )}
    </FormModal>
  );
}

function GroupForm({
  group,
  onCancel,
  onSaved,
}: {
  group?: GroupDetail;
  onCancel: () => void;
  onSaved: (group: GroupDetail) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState<GroupFormValues>(() => ({
    name: group?.name ?? "",
    description: group?.description ?? "",
    kind: group?.kind ?? "group",
    visibility: group?.visibility ?? "open",
    members: [],
  }));
  const { values, setField, errors } = form;
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!values.name.trim()) return form.setErrors({ name: t("errors.required") });
    setSaving(true);
    try {
      const fields = {
        name: values.name.trim(),
        description: values.description.trim(),
        kind: values.kind,
        visibility: values.visibility,
      };
      const saved = group
        ? await updateGroup(group.id, { ...fields, version: group.version })
        : await createGroup({ ...fields, memberIds: values.members.map((person) => person.id) });
      notifySuccess(group ? t("groups.form.saved") : t("groups.form.created"));
      refreshGroupViews(queryClient, saved.id);
      queryClient.setQueryData(["groups", "one", saved.id], saved);
      onSaved(saved);
    } catch (error) {
      handleFormError(error, { setErrors: (next) => form.setErrors({ ...next, members: next.memberIds }) });
      if (isStaleVersion(error)) {
        setStale(true);
        if (group) void queryClient.invalidateQueries({ queryKey: ["groups", "one", group.id] });
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {stale && (
          <Alert color="yellow" role="alert">
            {t("groups.form.stale")}
          </Alert>
        )}
        <TextInput label={t("groups.form.name")} required maxLength={200} data-autofocus {...form.text("name")} />
        <Textarea
          label={t("groups.form.description")}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={5000}
          value={values.description}
          onChange={(event) => setField("description", event.currentTarget.value)}
          error={errors.description}
        />
        <Input.Wrapper label={t("groups.form.kind")} error={errors.kind}>
          <SegmentedControl
            fullWidth
            mt={4}
            value={values.kind}
            onChange={(value) => setField("kind", value as GroupKind)}
            data={groupKinds.map((kind) => ({ value: kind, label: t(`groups.kind.${kind}`) }))}
          />
        </Input.Wrapper>
        <Input.Wrapper
          label={t("groups.form.visibility")}
          description={t(`groups.visibilityHint.${values.visibility}`)}
          error={errors.visibility}
        >
          <SegmentedControl
            fullWidth
            mt={4}
            value={values.visibility}
            onChange={(value) => setField("visibility", value as GroupVisibility)}
            data={groupVisibilities.map((visibility) => ({
              value: visibility,
              label: t(`groups.visibility.${visibility}`),
            }))}
          />
        </Input.Wrapper>
        {!group && (
          <UserMultiPicker
            label={t("groups.form.members")}
            description={t("groups.form.membersHint")}
            value={values.members}
            onChange={(value) => setField("members", value)}
            error={errors.members}
          />
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={saving}>
            {group ? t("common.save") : t("groups.form.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
