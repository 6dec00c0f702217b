import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { emailAddressSchema, type SmtpCheckResult, type SmtpSettings } from "@planerka/common";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../lib/confirm-modal";
import { handleFormError, notifySuccess, problemText } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { checkSmtp, deleteSmtpSettings, saveSmtpSettings, smtpSettingsQuery } from "./mail-api";

/** «Почта (SMTP)»: the server that sends letters from the cards. The password is write-only. */
export function MailSettingsPage() {
  const { t } = useTranslation();
  const { data, error, refetch } = useQuery(smtpSettingsQuery);
  const [formKey, setFormKey] = useState(0);
  return (
    <Stack gap="md" maw={760}>
      <div>
        <Group gap="sm">
          <Title order={2}>{t("mail.smtp.title")}</Title>
          {data && !data.configured && (
            <Badge color="gray" variant="light">
              {t("mail.smtp.notConfigured")}
            </Badge>
          )}
        </Group>
        <Text c="dimmed" size="sm">
          {t("mail.smtp.intro")}
        </Text>
      </div>
      {error ? (
        <Text c="red">{problemText(error)}</Text>
      ) : !data ? (
        <Skeleton h={360} />
      ) : (
        <MailSettingsForm
          key={`${data.version}-${formKey}`}
          settings={data}
          onStale={async () => {
            await refetch();
            setFormKey((key) => key + 1);
          }}
        />
      )}
    </Stack>
  );
}

interface FormValues {
  [key: string]: unknown;
  host: string;
  port: number | string;
  secure: boolean;
  user: string;
  password: string;
  fromAddress: string;
  fromName: string;
}

function MailSettingsForm({ settings, onStale }: { settings: SmtpSettings; onStale: () => Promise<void> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [checking, setChecking] = useState(false);
  const [checked, setChecked] = useState<SmtpCheckResult | null>(null);
  const form = useFormState<FormValues>({
    host: settings.host ?? "",
    port: settings.port ?? 587,
    secure: settings.secure,
    user: settings.user ?? "",
    password: "",
    fromAddress: settings.fromAddress ?? "",
    fromName: settings.fromName ?? "",
  });
  const { values } = form;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!values.host.trim()) errors.host = t("errors.required");
    const port = Number(values.port);
    if (values.port === "" || !Number.isInteger(port) || port < 1 || port > 65535) {
      errors.port = t("mail.smtp.invalidPort");
    }
    if (!values.fromAddress.trim()) errors.fromAddress = t("errors.required");
    else if (!emailAddressSchema.safeParse(values.fromAddress).success) {
      errors.fromAddress = t("mail.compose.invalidAddress");
    }
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setSaving(true);
    try {
      const saved = await saveSmtpSettings({
        host: values.host.trim(),
        port,
        secure: values.secure,
        user: values.user.trim() || null,
        // An empty field keeps the stored password.
        ...(values.password ? { password: values.password } : {}),
        fromAddress: values.fromAddress.trim(),
        fromName: values.fromName.trim() || null,
        version: settings.version,
      });
      queryClient.setQueryData(smtpSettingsQuery.queryKey, saved);
      notifySuccess(t("mail.smtp.saved"));
    } catch (caught) {
      handleFormError(caught, form, () => void onStale());
    } finally {
      setSaving(false);
    }
  };

  /** «Проверить соединение» with what the form holds now; an empty password means the stored one. */
  const check = async () => {
    const port = Number(values.port);
    const errors: Record<string, string> = {};
    if (!values.host.trim()) errors.host = t("errors.required");
    if (values.port === "" || !Number.isInteger(port) || port < 1 || port > 65535) {
      errors.port = t("mail.smtp.invalidPort");
    }
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setChecking(true);
    setChecked(null);
    try {
      setChecked(
        await checkSmtp({
          host: values.host.trim(),
          port,
          secure: values.secure,
          user: values.user.trim() || null,
          ...(values.password ? { password: values.password } : {}),
        }),
      );
    } catch (caught) {
      handleFormError(caught, form);
    } finally {
      setChecking(false);
    }
  };

  return (
    <Paper withBorder radius="md" p={{ base: "md", sm: "lg" }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
            <TextInput
              label={t("mail.smtp.host")}
              required
              placeholder="smtp.example.kz"
              style={{ gridColumn: "span 2" }}
              {...form.text("host")}
            />
            <NumberInput
              label={t("mail.smtp.port")}
              required
              min={1}
              max={65535}
              allowDecimal={false}
              allowNegative={false}
              value={values.port}
              onChange={(value) => form.setField("port", value)}
              error={form.errors.port}
            />
          </SimpleGrid>
          <Checkbox
            label={t("mail.smtp.secure")}
            description={t("mail.smtp.secureHint")}
            checked={values.secure}
            onChange={(event) => form.setField("secure", event.currentTarget.checked)}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <TextInput label={t("mail.smtp.user")} autoComplete="off" {...form.text("user")} />
            <PasswordInput
              label={t("mail.smtp.password")}
              description={settings.passwordSet ? t("mail.smtp.passwordSet") : t("mail.smtp.passwordNotSet")}
              autoComplete="new-password"
              value={values.password}
              onChange={(event) => form.setField("password", event.currentTarget.value)}
              error={form.errors.password}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <TextInput
              label={t("mail.smtp.fromAddress")}
              required
              type="email"
              placeholder="sales@example.kz"
              {...form.text("fromAddress")}
            />
            <TextInput label={t("mail.smtp.fromName")} {...form.text("fromName")} />
          </SimpleGrid>
          <Group justify="space-between">
            {settings.configured ? (
              <Button variant="subtle" color="red" onClick={() => setRemoving(true)}>
                {t("mail.smtp.remove")}
              </Button>
            ) : (
              <span />
            )}
            <Group gap="sm">
              <Button variant="default" onClick={() => void check()} loading={checking}>
                {t("mailLetters.check.button")}
              </Button>
              <Button type="submit" loading={saving}>
                {t("mail.smtp.save")}
              </Button>
            </Group>
          </Group>
          {checked && (
            <Alert
              role="status"
              color={checked.ok ? "teal" : "red"}
              title={checked.ok ? t("mailLetters.check.ok") : t("mailLetters.check.failed")}
              withCloseButton
              onClose={() => setChecked(null)}
            >
              {checked.ok ? t("mailLetters.check.okHint") : checked.error}
            </Alert>
          )}
        </Stack>
      </form>
      <ConfirmModal
        opened={removing}
        title={t("mail.smtp.removeTitle")}
        message={t("mail.smtp.removeConfirm")}
        confirmLabel={t("mail.smtp.remove")}
        onConfirm={async () => {
          await deleteSmtpSettings();
          await queryClient.invalidateQueries({ queryKey: smtpSettingsQuery.queryKey });
          notifySuccess(t("mail.smtp.removed"));
        }}
        onClose={() => setRemoving(false)}
      />
    </Paper>
  );
}
