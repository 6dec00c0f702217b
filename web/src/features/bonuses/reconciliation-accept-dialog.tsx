import { Button, Group, Stack, Text, Textarea } from "@mantine/core";
import type { Reconciliation, ReconciliationLine } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../lib/form-modal";
import { handleFormError, notifySuccess } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { acceptReconciliationLine } from "./bonuses-api";

/** «Принять расхождение»: a required comment; the line then says who accepted it, when and why. */
export function AcceptDialog({
  period,
  line,
  opened,
  onClose,
}: {
  period: string;
  line: ReconciliationLine | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const form = useFormState<{ [key: string]: unknown; comment: string }>({ comment: "" });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!line) return;
    const comment = form.values.comment.trim();
    if (!comment) return form.setErrors({ comment: t("errors.required") });
    setSaving(true);
    try {
      const accepted = await acceptReconciliationLine(period, line.key, comment);
      // The line stays where it is, now marked accepted, even while accepted lines are hidden: the
      // person who just accepted it sees the result. The next load follows the switch again.
      queryClient.setQueriesData<Reconciliation>({ queryKey: ["bonuses", "reconciliation", period] }, (data) =>
        data ? { ...data, items: data.items.map((item) => (item.key === accepted.key ? accepted : item)) } : data,
      );
      void queryClient.invalidateQueries({ queryKey: ["bonuses", "reconciliation"], refetchType: "none" });
      notifySuccess(t("bonuses.reconciliation.acceptedDone"));
      onClose();
    } catch (error) {
      handleFormError(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormModal opened={opened} onClose={onClose} title={t("bonuses.reconciliation.acceptTitle")}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {line && (
            <Text size="sm" fw={500}>
              {t(`bonuses.reconciliation.kinds.${line.kind}`)}: {line.dealTitle ?? line.document ?? line.key}
            </Text>
          )}
          <Text size="sm" c="dimmed">
            {t("bonuses.reconciliation.acceptText")}
          </Text>
          <Textarea
            label={t("bonuses.reconciliation.comment")}
            placeholder={t("bonuses.reconciliation.commentPlaceholder")}
            required
            autosize
            minRows={3}
            maxLength={1000}
            data-autofocus
            value={form.values.comment}
            onChange={(event) => form.setField("comment", event.currentTarget.value)}
            error={form.errors.comment}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose} disabled={saving}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={saving}>
              {t("bonuses.reconciliation.accept")}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormModal>
  );
}
