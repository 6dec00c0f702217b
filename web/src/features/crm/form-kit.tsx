import { Button, Drawer, Group, Modal, Stack, TagsInput, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { emailsSchema, formatPhone, normalizePhone, phonesSchema } from "@planerka/common";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { formErrors } from "../../lib/form-validation";
import { handleFormError } from "../../lib/notify";

interface FormErrorTarget {
  setErrors: (errors: Record<string, string>) => void;
}

interface CrmFormProps {
  form: FormErrorTarget;
  validate: () => Record<string, string>;
  onSubmit: () => Promise<unknown>;
  onCancel: () => void;
  onStale?: () => void;
  submitLabel?: string;
  children: ReactNode;
}

/** A form that validates, submits, shows server field errors next to fields, and offers a reload on a stale version. */
export function CrmForm({ form, validate, onSubmit, onCancel, onStale, submitLabel, children }: CrmFormProps) {
  const { t } = useTranslation();
  const [submitting, setSubmitting] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = validate();
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setSubmitting(true);
    try {
      await onSubmit();
    } catch (error) {
      handleFormError(error, form, onStale);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {children}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel} disabled={submitting}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={submitting}>
            {submitLabel ?? t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface FormDialogProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
}

/** A create form's dialog: full screen on a phone. */
export function FormModal({ opened, onClose, title, children }: FormDialogProps) {
  const phone = useMediaQuery("(max-width: 48em)");
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{title}</Text>} size="lg" fullScreen={phone}>
      {opened && children}
    </Modal>
  );
}

/** An edit form's drawer, beside the card it edits. */
export function FormDrawer({ opened, onClose, title, children }: FormDialogProps) {
  const phone = useMediaQuery("(max-width: 48em)");
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={phone ? "100%" : 560}
      title={<Text fw={600}>{title}</Text>}
    >
      {opened && children}
    </Drawer>
  );
}

interface PhonesInputProps {
  label: string;
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
}

const phonesCheck = z.object({ phones: phonesSchema });
const emailsCheck = z.object({ emails: emailsSchema });

/** Several phones as tags; each is shown the way people write it and checked as it is added. */
export function PhonesInput({ label, value, onChange, error }: PhonesInputProps) {
  const { t } = useTranslation();
  const invalid = formErrors(phonesCheck, { phones: value }, t).phones;
  return (
    <TagsInput
      label={label}
      description={t("crm.form.phonesHint")}
      placeholder="+7 701 555 12 34"
      value={value.map((phone) => {
        const normalized = normalizePhone(phone);
        return normalized ? formatPhone(normalized) : phone;
      })}
      onChange={onChange}
      splitChars={[",", ";"]}
      acceptValueOnBlur
      clearable
      error={error ?? invalid}
    />
  );
}

interface EmailsInputProps {
  label: string;
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
}

/** Several e-mail addresses as tags, checked as they are added. */
export function EmailsInput({ label, value, onChange, error }: EmailsInputProps) {
  const { t } = useTranslation();
  const invalid = formErrors(emailsCheck, { emails: value }, t).emails;
  return (
    <TagsInput
      label={label}
      placeholder="name@company.kz"
      value={value}
      onChange={(next) => onChange(next.map((email) => email.trim()))}
      splitChars={[",", ";", " "]}
      acceptValueOnBlur
      clearable
      error={error ?? invalid}
    />
  );
}

/** An address the server accepts (the lead conversion's contact e-mail). */
export function isEmail(value: string): boolean {
  return emailsCheck.safeParse({ emails: [value.trim()] }).success;
}

/** Text fields become null when emptied, so the server clears them. */
export function textOrNull(value: string): string | null {
  return value.trim() === "" ? null : value.trim();
}

/** Only what changed goes into a PATCH, so a concurrent edit of another field is not overwritten. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(value ?? null) !== JSON.stringify(before[key] ?? null)) patch[key] = value;
  }
  return patch;
}
