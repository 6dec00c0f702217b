import { Button, Group, Stack, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../lib/api";
import { FormModal } from "../../lib/form-modal";
import { notifyError } from "../../lib/notify";

/** «Новая папка» and «Переименовать»: one name, checked by the server (which names the field). */
export function DriveNameDialog({
  opened,
  title,
  initial,
  onClose,
  onSubmit,
}: {
  opened: boolean;
  title: string;
  initial: string;
  onClose: () => void;
  onSubmit: (name: string) => Promise<unknown>;
}) {
  return (
    <FormModal opened={opened} onClose={onClose} title={title}>
      {opened && <NameForm initial={initial} onCancel={onClose} onSubmit={onSubmit} />}
    </FormModal>
  );
}

function NameForm({
  initial,
  onCancel,
  onSubmit,
}: {
  initial: string;
  onCancel: () => void;
  onSubmit: (name: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await onSubmit(name.trim());
    } catch (caught) {
      const fields = caught instanceof ProblemError ? caught.fieldErrors() : {};
      if (fields.name) setError(fields.name);
      else notifyError(caught);
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <Stack>
        <TextInput
          label={t("drive.name")}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={error}
          required
          maxLength={255}
          data-autofocus
          onFocus={(event) => {
            // The name without its extension is what people usually change.
            const dot = event.currentTarget.value.lastIndexOf(".");
            if (dot > 0) event.currentTarget.setSelectionRange(0, dot);
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={pending}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={pending} disabled={!name.trim()}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
