import { Button, Group, PasswordInput, Select, SimpleGrid, Stack, Switch, Text, TextInput } from "@mantine/core";
import { passwordMinLength, type Role, type Unit, userWriteSchema } from "@planerka/common";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { type FieldText, formErrors } from "../../lib/form-validation";
import { handleFormError } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { UnitSelect } from "./unit-select";

export interface UserFormValues {
  [key: string]: unknown;
  login: string;
  password: string;
  /** Asked only when people change their own password. */
  currentPassword?: string;
  name: string;
  position: string;
  email: string;
  phone: string;
  role: Role;
  unitId: string | null;
  active: boolean;
}

interface UserFormProps {
  mode: "create" | "edit";
  initial: UserFormValues;
  units: Unit[];
  roleOptions: Role[];
  allowedUnits: Set<string> | "all";
  /** Editing oneself: role, unit and the active flag stay as they are. */
  selfLocked?: boolean;
  onSubmit: (values: UserFormValues) => Promise<unknown>;
  onCancel: () => void;
  onStale?: () => void;
}

/** A new password is asked when creating; when editing, an empty one keeps the old. */
const editSchema = userWriteSchema.partial({ password: true });

/** The user's fields as the API takes them (what `users-page` creates; `changedFields` sends the changes). */
function userInput(values: UserFormValues) {
  return {
    login: values.login.trim(),
    password: values.password || undefined,
    name: values.name.trim(),
    position: values.position.trim() || null,
    email: values.email.trim() || null,
    phone: values.phone.trim() || null,
    role: values.role,
    unitId: values.unitId,
    active: values.active,
  };
}

export function UserForm({
  mode,
  initial,
  units,
  roleOptions,
  allowedUnits,
  selfLocked,
  onSubmit,
  onCancel,
  onStale,
}: UserFormProps) {
  const { t } = useTranslation();
  const form = useFormState<UserFormValues>(initial);
  const [submitting, setSubmitting] = useState(false);
  const { values } = form;
  const askCurrentPassword = Boolean(selfLocked && values.password);

  const validate = (): Record<string, string> => {
    const texts: Record<string, FieldText> = {
      login: () => t("users.validation.login"),
      password: ({ code }) =>
        code === "too_small" ? t("users.validation.password", { min: passwordMinLength }) : undefined,
      email: () => t("users.validation.email"),
      phone: () => t("users.validation.phone"),
    };
    const errors = formErrors(mode === "create" ? userWriteSchema : editSchema, userInput(values), t, { texts });
    if (askCurrentPassword && !values.currentPassword) errors.currentPassword = t("errors.required");
    return errors;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = validate();
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setSubmitting(true);
    try {
      await onSubmit(values);
    } catch (error) {
      handleFormError(error, form, onStale);
      if (isProblem(error, 422) && "currentPassword" in error.fieldErrors())
        form.setErrors({ currentPassword: t("profile.wrongCurrentPassword") });
      // A taken login comes back as a bare 409; point at the field it concerns.
      if (isProblem(error, 409) && /login/i.test(error.detail ?? "")) form.setErrors({ login: error.detail });
    } finally {
      setSubmitting(false);
    }
  };

  const roleData = roleOptions.map((role) => ({ value: role, label: t(`roles.${role}`) }));
  if (!roleOptions.includes(values.role)) roleData.push({ value: values.role, label: t(`roles.${values.role}`) });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
          <TextInput
            label={t("users.fields.login")}
            required
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            {...form.text("login")}
          />
          <PasswordInput
            label={mode === "create" ? t("users.fields.password") : t("users.fields.newPassword")}
            description={
              mode === "edit"
                ? t("users.fields.newPasswordHint", { min: passwordMinLength })
                : t("users.fields.passwordHint", { min: passwordMinLength })
            }
            required={mode === "create"}
            autoComplete="new-password"
            {...form.text("password")}
          />
        </SimpleGrid>
        {askCurrentPassword && (
          <PasswordInput
            label={t("users.fields.currentPassword")}
            required
            autoComplete="current-password"
            {...form.text("currentPassword")}
          />
        )}
        <TextInput label={t("users.fields.name")} required {...form.text("name")} />
        <TextInput label={t("users.fields.position")} {...form.text("position")} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
          <TextInput label={t("users.fields.email")} type="email" {...form.text("email")} />
          <TextInput
            label={t("users.fields.phone")}
            type="tel"
            placeholder="+7 7__ ___ __ __"
            {...form.text("phone")}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
          <Select
            label={t("users.fields.role")}
            required
            data={roleData}
            value={values.role}
            onChange={(role) => role && form.setField("role", role as Role)}
            allowDeselect={false}
            disabled={selfLocked}
            error={form.errors.role}
          />
          <UnitSelect
            label={t("users.fields.unit")}
            required
            units={units}
            allowed={allowedUnits}
            value={values.unitId}
            onChange={(unitId) => form.setField("unitId", unitId)}
            disabled={selfLocked}
            error={form.errors.unitId}
          />
        </SimpleGrid>
        <Switch
          label={t("users.fields.active")}
          checked={values.active}
          onChange={(event) => form.setField("active", event.currentTarget.checked)}
          disabled={selfLocked}
          mt={4}
        />
        {selfLocked && (
          <Text size="xs" c="dimmed">
            {t("users.selfRoleLocked")}
          </Text>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel} disabled={submitting}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={submitting}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Only what changed goes into a PATCH, so a concurrent edit of another field is not overwritten. */
export function changedFields(before: UserFormValues, after: UserFormValues) {
  const patch: Record<string, unknown> = {};
  const textOrNull = (value: string) => (value.trim() === "" ? null : value.trim());
  if (after.login.trim() !== before.login) patch.login = after.login.trim();
  if (after.password) patch.password = after.password;
  if (after.password && after.currentPassword) patch.currentPassword = after.currentPassword;
  if (after.name.trim() !== before.name) patch.name = after.name.trim();
  for (const key of ["position", "email", "phone"] as const) {
    if (textOrNull(after[key]) !== textOrNull(before[key])) patch[key] = textOrNull(after[key]);
  }
  if (after.role !== before.role) patch.role = after.role;
  if (after.unitId !== before.unitId && after.unitId) patch.unitId = after.unitId;
  if (after.active !== before.active) patch.active = after.active;
  return patch;
}
