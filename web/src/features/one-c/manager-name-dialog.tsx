import { Button, Group, Stack, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../lib/form-modal";
import { handleFormError, notifySuccess } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { UserPicker } from "../org/user-picker";
import { saveManagerName } from "./one-c-api";

export interface ManagerNameValue {
  /** Null for a new name; an existing one is fixed (it is the key). */
  name: string | null;
  userId: string | null;
  userName: string | null;
}

/** How 1C names a manager → the employee; saving hands that employee the orders that waited for the name. */
export function ManagerNameDialog({
  opened,
  initial,
  onClose,
}: {
  opened: boolean;
  initial: ManagerNameValue;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const form = useFormState<{ [key: string]: unknown; name: string; userId: string | null }>({
    name: initial.name ?? "",
    userId: initial.userId,
  });
  const { values } = form;
  const existing = initial.name !== null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!values.name.trim()) errors.name = t("errors.required");
    if (!values.userId) errors.userId = t("errors.required");
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setSaving(true);
    try {
      const { assigned } = await saveManagerName(values.name.trim(), values.userId as string);
      // Orders that waited for this name became deals: the log, the status and the queue change too.
      await queryClient.invalidateQueries({ queryKey: ["one-c"] });
      if (assigned > 0) void queryClient.invalidateQueries({ queryKey: ["crm", "deals"] });
      notifySuccess(assigned > 0 ? t("oneC.managers.savedAssigned", { count: assigned }) : t("oneC.managers.saved"));
      onClose();
    } catch (error) {
      handleFormError(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={existing ? t("oneC.managers.editTitle", { name: initial.name }) : t("oneC.managers.addTitle")}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t("oneC.managers.name")}
            required
            disabled={existing}
            data-autofocus={existing ? undefined : true}
            maxLength={300}
            {...form.text("name")}
          />
          <UserPicker
            label={t("oneC.managers.user")}
            required
            value={values.userId}
            onChange={(userId) => form.setField("userId", userId)}
            initialOption={initial.userId && initial.userName ? { id: initial.userId, name: initial.userName } : null}
            error={form.errors.userId}
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose} disabled={saving}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={saving}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}
