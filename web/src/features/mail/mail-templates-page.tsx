import { Button, Code, Group, Paper, Skeleton, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { type MailTemplate, templatePlaceholders, unknownPlaceholders } from "@planerka/common";
import { IconPlus } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDateTime } from "../../lib/dates";
import { FormModal } from "../../lib/form-modal";
import { handleFormError, notifySuccess, problemText } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { createMailTemplate, deleteMailTemplate, mailTemplatesQuery, updateMailTemplate } from "./mail-api";

/** Who writes the company's letter templates (the server's `mail-templates:manage`); everyone uses them. */
export function canManageMailTemplates(role: string): boolean {
  return role === "head" || role === "top" || role === "admin";
}

/** «Шаблоны писем»: subject and body with {{placeholders}} the letter form fills from the record. */
export function MailTemplatesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const { data, error } = useQuery(mailTemplatesQuery);
  const [editing, setEditing] = useState<MailTemplate | "new" | null>(null);
  const [removing, setRemoving] = useState<MailTemplate | null>(null);
  const manage = canManageMailTemplates(me.role);
  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t("mailLetters.templates.title")}</Title>
          <Text c="dimmed" size="sm">
            {t("mailLetters.templates.intro")}
          </Text>
        </div>
        {manage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
            {t("mailLetters.templates.create")}
          </Button>
        )}
      </Group>
      {error ? (
        <Text c="red">{problemText(error)}</Text>
      ) : !data ? (
        <Skeleton h={200} />
      ) : data.items.length === 0 ? (
        <Text c="dimmed">{t("mailLetters.templates.empty")}</Text>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label={t("mailLetters.templates.title")} verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("mailLetters.templates.name")}</Table.Th>
                  <Table.Th>{t("mailLetters.templates.subject")}</Table.Th>
                  <Table.Th>{t("mailLetters.templates.updated")}</Table.Th>
                  {manage && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td fw={500}>{item.name}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{item.subject}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(item.updatedAt, me.timeZone)}</Text>
                      {item.updatedByName && (
                        <Text size="xs" c="dimmed">
                          {item.updatedByName}
                        </Text>
                      )}
                    </Table.Td>
                    {manage && (
                      <Table.Td>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="subtle" onClick={() => setEditing(item)}>
                            {t("common.edit")}
                          </Button>
                          <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(item)}>
                            {t("common.delete")}
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <FormModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === "new" ? t("mailLetters.templates.create") : t("mailLetters.templates.edit")}
      >
        {editing !== null && (
          <TemplateForm template={editing === "new" ? null : editing} onClose={() => setEditing(null)} />
        )}
      </FormModal>
      <ConfirmModal
        opened={removing !== null}
        title={t("mailLetters.templates.removeTitle")}
        message={t("mailLetters.templates.removeConfirm", { name: removing?.name ?? "" })}
        confirmLabel={t("common.delete")}
        onConfirm={async () => {
          if (!removing) return;
          await deleteMailTemplate(removing.id);
          await queryClient.invalidateQueries({ queryKey: mailTemplatesQuery.queryKey });
          notifySuccess(t("mailLetters.templates.removed"));
        }}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}

interface FormValues {
  [key: string]: unknown;
  name: string;
  subject: string;
  body: string;
}

function TemplateForm({ template, onClose }: { template: MailTemplate | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const form = useFormState<FormValues>({
    name: template?.name ?? "",
    subject: template?.subject ?? "",
    body: template?.body ?? "",
  });
  const { values } = form;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    for (const field of ["name", "subject", "body"] as const) {
      if (!values[field].trim()) errors[field] = t("errors.required");
    }
    for (const field of ["subject", "body"] as const) {
      const unknown = unknownPlaceholders(values[field]);
      if (unknown.length > 0) {
        errors[field] = t("mailLetters.templates.unknown", { names: unknown.map((name) => `{{${name}}}`).join(", ") });
      }
    }
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setSaving(true);
    try {
      const input = { name: values.name.trim(), subject: values.subject.trim(), body: values.body.trim() };
      if (template) await updateMailTemplate(template.id, { ...input, version: template.version });
      else await createMailTemplate(input);
      await queryClient.invalidateQueries({ queryKey: mailTemplatesQuery.queryKey });
      notifySuccess(t("mailLetters.templates.saved"));
      onClose();
    } catch (caught) {
      handleFormError(caught, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t("mailLetters.templates.name")}
          required
          maxLength={200}
          data-autofocus
          {...form.text("name")}
        />
        <TextInput label={t("mailLetters.templates.subject")} required maxLength={500} {...form.text("subject")} />
        <Textarea
          label={t("mailLetters.templates.body")}
          required
          autosize
          minRows={6}
          maxRows={16}
          value={values.body}
          onChange={(event) => form.setField("body", event.currentTarget.value)}
          error={form.errors.body}
        />
        <Text size="xs" c="dimmed">
          {t("mailLetters.templates.placeholders")}{" "}
          {templatePlaceholders.map((name) => (
            <Code key={name} mr={4}>{`{{${name}}}`}</Code>
          ))}
        </Text>
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose} disabled={saving}>
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
