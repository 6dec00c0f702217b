import { Button, Group, Modal, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { handleFormError, notifySuccess } from "../../app/notify";
import { sendDirectMessage } from "./notifications-api";

interface WriteMessageDialogProps {
  /** The colleague written to; null keeps the dialog closed. */
  user: { id: string; name: string } | null;
  onClose: () => void;
}

/** «Написать»: a short message that reaches the colleague's notifications at once. */
export function WriteMessageDialog({ user, onClose }: WriteMessageDialogProps) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const close = () => {
    setText("");
    setError(null);
    onClose();
  };

  const send = async () => {
    if (!user) return;
    setSending(true);
    try {
      await sendDirectMessage(user.id, text);
      notifySuccess(t("notifications.message.sent", { name: user.name }));
      close();
    } catch (caught) {
      handleFormError(caught, { setErrors: (errors) => setError(errors.text ?? null) });
    } finally {
      setSending(false);
    }
  };

  return (
    <Modal
      opened={user !== null}
      onClose={close}
      title={user ? t("notifications.message.title", { name: user.name }) : ""}
    >
      <Text size="sm" c="dimmed" mb="xs">
        {t("notifications.message.hint")}
      </Text>
      <Textarea
        label={t("notifications.message.text")}
        autosize
        minRows={3}
        maxRows={10}
        maxLength={4000}
        value={text}
        error={error}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setError(null);
        }}
        data-autofocus
      />
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={close}>
          {t("common.cancel")}
        </Button>
        <Button onClick={() => void send()} loading={sending} disabled={text.trim() === ""}>
          {t("notifications.message.send")}
        </Button>
      </Group>
    </Modal>
  );
}
