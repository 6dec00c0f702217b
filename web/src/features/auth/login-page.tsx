import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { isProblem, ProblemError } from "../../lib/api";
import { problemText } from "../../lib/notify";
import { meQuery, setupStatusQuery } from "../../lib/session";
import { useFormState } from "../../lib/use-form-state";
import { login } from "./auth-api";
import { AuthLayout } from "./auth-layout";

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const search = useSearch({ from: "/login" });
  const { data: status } = useQuery(setupStatusQuery);
  const form = useFormState({ login: "", password: "" });

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: async (me) => {
      queryClient.clear();
      queryClient.setQueryData(meQuery.queryKey, me);
      await navigate({ href: search.redirect ?? "/", replace: true });
    },
    onError: (error) => {
      if (error instanceof ProblemError) form.setErrors(error.fieldErrors());
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!form.values.login.trim()) errors.login = t("errors.required");
    if (!form.values.password) errors.password = t("errors.required");
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    mutation.mutate({ login: form.values.login.trim(), password: form.values.password });
  };

  const error = mutation.error;
  let message: string | null = null;
  if (isProblem(error, 401)) message = t("auth.invalid");
  else if (isProblem(error, 429)) {
    // The per-login delay is seconds at first; the per-address limits last minutes.
    const seconds = error.retryAfter ?? 60;
    message =
      seconds < 60
        ? t("auth.tooManySeconds", { count: Math.max(1, seconds) })
        : t("auth.tooMany", { count: Math.ceil(seconds / 60) });
  } else if (error && !(error instanceof ProblemError && error.status === 400)) message = problemText(error);

  return (
    <AuthLayout title={t("auth.loginTitle")} subtitle={status?.companyName}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {message && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {message}
            </Alert>
          )}
          <TextInput
            label={t("auth.login")}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            {...form.text("login")}
          />
          <PasswordInput label={t("auth.password")} autoComplete="current-password" {...form.text("password")} />
          <Button type="submit" fullWidth loading={mutation.isPending} mt="xs">
            {t("auth.submit")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
