import { Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { passwordMinLength } from "@planerka/common";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { handleFormError } from "../../lib/notify";
import { meQuery, setupStatusQuery } from "../../lib/session";
import { useFormState } from "../../lib/use-form-state";
import { setupPortal } from "./auth-api";
import { AuthLayout } from "./auth-layout";

export function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useFormState({ companyName: "", name: "", login: "", password: "", email: "" });

  const mutation = useMutation({
    mutationFn: setupPortal,
    onSuccess: async (me) => {
      queryClient.setQueryData(meQuery.queryKey, me);
      queryClient.setQueryData(setupStatusQuery.queryKey, { needsSetup: false, companyName: me.companyName });
      await navigate({ to: "/", replace: true });
    },
    onError: (error) => handleFormError(error, form),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { values } = form;
    const errors: Record<string, string> = {};
    for (const key of ["companyName", "name", "login"] as const) {
      if (!values[key].trim()) errors[key] = t("errors.required");
    }
    if (values.password.length < passwordMinLength) errors.password = t("auth.passwordTooShort");
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    mutation.mutate({
      companyName: values.companyName.trim(),
      name: values.name.trim(),
      login: values.login.trim(),
      password: values.password,
      email: values.email.trim() || null,
    });
  };

  return (
    <AuthLayout title={t("auth.setupTitle")} subtitle={t("auth.setupIntro")} width={460}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t("auth.companyName")} required autoFocus {...form.text("companyName")} />
          <TextInput label={t("auth.adminName")} required autoComplete="name" {...form.text("name")} />
          <TextInput
            label={t("auth.login")}
            required
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            {...form.text("login")}
          />
          <PasswordInput
            label={t("auth.password")}
            description={t("auth.passwordHint")}
            required
            autoComplete="new-password"
            {...form.text("password")}
          />
          <TextInput label={t("auth.email")} type="email" autoComplete="email" {...form.text("email")} />
          <Button type="submit" fullWidth loading={mutation.isPending} mt="xs">
            {t("auth.setupSubmit")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
