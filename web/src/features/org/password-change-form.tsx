import { Button, Group, PasswordInput, Stack, Text } from "@mantine/core";
import { passwordMinLength } from "@planerka/common";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { handleFormError, notifySuccess } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { changeOwnPassword } from "../auth/auth-api";

const empty = { currentPassword: "", newPassword: "", repeatPassword: "" };

/** «Смена пароля» in the profile: the current password, the new one twice. */
export function PasswordChangeForm() {
  const { t } = useTranslation();
  const form = useFormState(empty);
  const [submitting, setSubmitting] = useState(false);
  const { values } = form;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!values.currentPassword) errors.currentPassword = t("errors.required");
    if (values.newPassword.length < passwordMinLength)
      errors.newPassword = t("users.validation.password", { min: passwordMinLength });
    else if (values.repeatPassword !== values.newPassword) errors.repeatPassword = t("profile.passwordMismatch");
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setSubmitting(true);
    try {
      await changeOwnPassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.reset(empty);
      notifySuccess(t("profile.passwordChanged"));
    } catch (error) {
      if (isProblem(error, 422) && "currentPassword" in error.fieldErrors())
        form.setErrors({ currentPassword: t("profile.wrongCurrentPassword") });
      else handleFormError(error, form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="profile-password">
      <Stack gap="xs">
        <Text size="sm" fw={500} id="profile-password">
          {t("profile.password")}
        </Text>
        <PasswordInput
          label={t("users.fields.currentPassword")}
          autoComplete="current-password"
          {...form.text("currentPassword")}
        />
        <PasswordInput
          label={t("users.fields.newPassword")}
          description={t("users.fields.passwordHint", { min: passwordMinLength })}
          autoComplete="new-password"
          {...form.text("newPassword")}
        />
        <PasswordInput
          label={t("profile.repeatPassword")}
          autoComplete="new-password"
          {...form.text("repeatPassword")}
        />
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={submitting}>
            {t("profile.changePassword")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
