import { Button, Checkbox, Group, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { type TokenScope, tokenScopes } from "@planerka/common";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { handleFormError } from "../../lib/notify";
import { SecretShownOnce } from "../../lib/secret-shown-once";
import { useFormState } from "../../lib/use-form-state";
import { UserPicker } from "../org/user-picker";
import type { ApiTokenInput } from "../settings/settings-api";

// Distributed over the union (a type parameter), so "integrations:1c" gives "integrations.1c", never "crm.1c".
type KeyOf<S> = S extends `${infer Area}:${infer Action}` ? `${Area}.${Action}` : never;
type ScopeKey = KeyOf<TokenScope>;

/** i18next reads ":" as a namespace separator, so "crm:read" is looked up as "crm.read". */
function scopeKey(scope: TokenScope): ScopeKey {
  return scope.replace(":", ".") as ScopeKey;
}

interface ApiTokenFormProps {
  onSubmit: (input: ApiTokenInput) => Promise<unknown>;
  onCancel: () => void;
}

export function ApiTokenForm({ onSubmit, onCancel }: ApiTokenFormProps) {
  const { t } = useTranslation();
  const me = useMe();
  const [submitting, setSubmitting] = useState(false);
  const form = useFormState<{
    [key: string]: unknown;
    name: string;
    userId: string | null;
    scopes: string[];
    expiresAt: string | null;
  }>({
    name: "",
    userId: me.id,
    scopes: [],
    expiresAt: null,
  });
  const { values } = form;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!values.name.trim()) errors.name = t("errors.required");
    if (values.scopes.length === 0) errors.scopes = t("errors.required");
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setSubmitting(true);
    try {
      await onSubmit({
        name: values.name.trim(),
        userId: values.userId ?? undefined,
        scopes: values.scopes as TokenScope[],
        // The token works through the whole chosen day.
        expiresAt: values.expiresAt ? dayjs(values.expiresAt).endOf("day").toISOString() : null,
      });
    } catch (error) {
      handleFormError(error, form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t("settings.tokens.name")}
          placeholder={t("settings.tokens.namePlaceholder")}
          required
          data-autofocus
          {...form.text("name")}
        />
        <UserPicker
          label={t("settings.tokens.user")}
          value={values.userId}
          onChange={(userId) => form.setField("userId", userId)}
          initialOption={{ id: me.id, name: me.name }}
          allowDeselect={false}
          error={form.errors.userId}
          comboboxProps={{ withinPortal: true }}
        />
        <Checkbox.Group
          label={t("settings.tokens.scopes")}
          required
          value={values.scopes}
          onChange={(scopes) => form.setField("scopes", scopes)}
          error={form.errors.scopes}
        >
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={8} mt={8}>
            {tokenScopes.map((scope) => (
              <Checkbox key={scope} value={scope} label={t(`settings.tokens.scopeLabels.${scopeKey(scope)}`)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <DateInput
          label={t("settings.tokens.expiresAt")}
          description={t("settings.tokens.expiresAtHint")}
          value={values.expiresAt}
          onChange={(date) => form.setField("expiresAt", date)}
          minDate={dayjs().add(1, "day").format("YYYY-MM-DD")}
          valueFormat="D MMMM YYYY"
          clearable
          error={form.errors.expiresAt}
          popoverProps={{ withinPortal: true }}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel} disabled={submitting}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={submitting}>
            {t("settings.tokens.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ApiTokenSecret({ token, onDone }: { token: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <SecretShownOnce
      secret={token}
      warning={t("settings.tokens.secretWarning")}
      hint={`Authorization: Bearer ${token.slice(0, 8)}…`}
      doneLabel={t("settings.tokens.done")}
      testId="api-token-secret"
      onDone={onDone}
    />
  );
}
