import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import type { Mailbox } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { handleFormError, notifySuccess } from "../../lib/notify";
import { createMailbox, mailboxesQuery, updateMailbox } from "./inbox-api";

/** A mailbox's settings: a new one (administrators choose personal or the company's) or changes; the password is write-only. */
export function MailboxForm({ box, admin, onDone }: { box: Mailbox | null; admin: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Mailbox["kind"]>(box?.kind ?? "personal");
  const [name, setName] = useState(box?.name ?? "");
  const [host, setHost] = useState(box?.host ?? "");
  const [port, setPort] = useState<number | string>(box?.port ?? 993);
  const [security, setSecurity] = useState<Mailbox["security"]>(box?.security ?? "tls");
  const [user, setUser] = useState(box?.user ?? "");
  const [password, setPassword] = useState("");
  const [folder, setFolder] = useState(box?.folder ?? "INBOX");
  const [active, setActive] = useState(box?.active ?? true);
  const [createLeads, setCreateLeads] = useState(box?.createLeads ?? false);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const fields = {
      name: name.trim(),
      host: host.trim(),
      port: Number(port),
      security,
      user: user.trim(),
      folder: folder.trim(),
      active,
      createLeads,
    };
    try {
      if (box) await updateMailbox(box.id, { ...fields, ...(password ? { password } : {}), version: box.version });
      else await createMailbox({ kind, ...fields, password: password || null });
      await queryClient.invalidateQueries({ queryKey: mailboxesQuery.queryKey });
      notifySuccess(t("mailInbox.saved"));
      onDone();
    } catch (error) {
      handleFormError(error, { setErrors });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {admin && !box && (
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t("mailInbox.fields.kind")}
            </Text>
            <SegmentedControl
              value={kind}
              onChange={(value) => setKind(value as Mailbox["kind"])}
              data={[
                { value: "personal", label: t("mailInbox.personal") },
                { value: "company", label: t("mailInbox.company") },
              ]}
            />
          </div>
        )}
        <TextInput
          label={t("mailInbox.fields.name")}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.name}
          required
        />
        <Group grow align="flex-start">
          <TextInput
            label={t("mailInbox.fields.host")}
            value={host}
            onChange={(event) => setHost(event.currentTarget.value)}
            error={errors.host}
            placeholder="imap.mail.kz"
            required
          />
          <NumberInput
            label={t("mailInbox.fields.port")}
            value={port}
            onChange={setPort}
            min={1}
            max={65535}
            error={errors.port}
            required
          />
        </Group>
        <Select
          label={t("mailInbox.fields.security")}
          value={security}
          onChange={(value) => value && setSecurity(value as Mailbox["security"])}
          data={(["tls", "starttls", "none"] as const).map((value) => ({
            value,
            label: t(`mailInbox.security.${value}`),
          }))}
          error={errors.security}
          allowDeselect={false}
        />
        <TextInput
          label={t("mailInbox.fields.user")}
          value={user}
          onChange={(event) => setUser(event.currentTarget.value)}
          error={errors.user}
          autoComplete="off"
          required
        />
        <PasswordInput
          label={t("mailInbox.fields.password")}
          description={box?.passwordSet ? t("mailInbox.fields.passwordKeep") : undefined}
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={errors.password}
          autoComplete="new-password"
        />
        <TextInput
          label={t("mailInbox.fields.folder")}
          value={folder}
          onChange={(event) => setFolder(event.currentTarget.value)}
          error={errors.folder}
        />
        <Checkbox
          label={t("mailInbox.fields.active")}
          checked={active}
          onChange={(event) => setActive(event.currentTarget.checked)}
        />
        <Checkbox
          label={t("mailInbox.fields.createLeads")}
          checked={createLeads}
          onChange={(event) => setCreateLeads(event.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={saving}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
