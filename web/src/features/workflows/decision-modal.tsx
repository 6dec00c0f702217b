import { Alert, Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconCheck, IconX } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifySuccess, problemText } from "../../lib/notify";
import { type Decision, decideApproval, refreshWorkflows } from "./workflows-api";

export interface DecisionTarget {
  approvalId: string;
  title: string;
  decision: Decision;
}

/** «Согласовать» / «Отклонить» with an optional comment; a refusal stays visible in the dialog. */
export function DecisionModal({ target, onClose }: { target: DecisionTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  const queryClient = useQueryClient();
  const [comment, setComment] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const approve = target?.decision === "approved";

  const close = () => {
    setComment("");
    setError(null);
    onClose();
  };

  const submit = async () => {
    if (!target) return;
    setPending(true);
    setError(null);
    try {
      await decideApproval(target.approvalId, target.decision, comment);
      notifySuccess(t(approve ? "workflows.decision.approved" : "workflows.decision.rejected"));
      refreshWorkflows(queryClient);
      close();
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal
      opened={target !== null}
      onClose={close}
      centered={!phone}
      title={
        <Text fw={600}>
          {target &&
            t(approve ? "workflows.decision.approveTitle" : "workflows.decision.rejectTitle", { title: target.title })}
        </Text>
      }
    >
      <Stack>
        <Textarea
          label={t("workflows.decision.comment")}
          description={t("workflows.decision.commentHint")}
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          maxLength={2000}
          autosize
          minRows={2}
          maxRows={6}
          data-autofocus
        />
        {error !== null && (
          <Alert color="red" role="alert">
            {problemText(error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={pending}>
            {t("common.cancel")}
          </Button>
          <Button
            color={approve ? "teal" : "red"}
            leftSection={approve ? <IconCheck size={16} /> : <IconX size={16} />}
            loading={pending}
            onClick={() => void submit()}
          >
            {t(approve ? "workflows.decision.approve" : "workflows.decision.reject")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The two decision buttons of one approval. */
export function DecisionButtons({
  approvalId,
  title,
  onDecide,
  size = "sm",
}: {
  approvalId: string;
  title: string;
  onDecide: (target: DecisionTarget) => void;
  size?: "xs" | "sm";
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="wrap">
      <Button
        size={size}
        color="teal"
        leftSection={<IconCheck size={16} />}
        onClick={() => onDecide({ approvalId, title, decision: "approved" })}
      >
        {t("workflows.decision.approve")}
      </Button>
      <Button
        size={size}
        color="red"
        variant="light"
        leftSection={<IconX size={16} />}
        onClick={() => onDecide({ approvalId, title, decision: "rejected" })}
      >
        {t("workflows.decision.reject")}
      </Button>
    </Group>
  );
}
