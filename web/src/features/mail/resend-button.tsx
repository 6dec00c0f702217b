import { Button } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError, notifySuccess } from "../../lib/notify";
import { resendLetter } from "./mail-api";

/** «Отправить снова»: queues the letter at once with a fresh round of attempts. */
export function ResendButton({ letterId }: { letterId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const resend = async () => {
    setPending(true);
    try {
      await resendLetter(letterId);
      notifySuccess(t("mail.outbox.resent"));
      void queryClient.invalidateQueries({ queryKey: ["mail", "outbox"] });
      void queryClient.invalidateQueries({
        predicate: (query) => query.queryKey[0] === "crm" && query.queryKey[2] === "timeline",
      });
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(false);
    }
  };
  return (
    <Button size="compact-xs" variant="light" leftSection={<IconSend size={14} />} loading={pending} onClick={resend}>
      {t("mail.outbox.resend")}
    </Button>
  );
}
