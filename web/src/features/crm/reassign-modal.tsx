import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifySuccess, problemText } from "../../lib/notify";
import { UserPicker } from "../org/user-picker";
import { bulkAction, type CrmEntity } from "./crm-api";

interface ReassignModalProps {
  opened: boolean;
  entity: CrmEntity;
  ids: string[];
  onClose: () => void;
  onDone: () => void;
}

/** «Передать другому сотруднику»: all chosen records go to one employee, or none do. */
export function ReassignModal({ opened, entity, ids, onClose, onDone }: ReassignModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const close = () => {
    setError(null);
    setOwnerId(null);
    onClose();
  };

  const submit = async () => {
    if (!ownerId) return;
    setPending(true);
    setError(null);
    try {
      const result = await bulkAction(entity, { action: "reassign", ids, ownerId });
      notifySuccess(t("crm.list.reassigned", { count: result.affected }));
      await queryClient.invalidateQueries({ queryKey: ["crm", entity] });
      onDone();
      close();
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>{t("crm.list.reassignTitle")}</Text>} centered>
      <Stack>
        <Text size="sm">{t("crm.list.reassignText", { count: ids.length })}</Text>
        <UserPicker label={t("crm.list.reassignTo")} value={ownerId} onChange={setOwnerId} required data-autofocus />
        {error !== null && (
          <Alert color="red" role="alert">
            {problemText(error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={pending}>
            {t("common.cancel")}
          </Button>
          <Button onClick={() => void submit()} loading={pending} disabled={!ownerId}>
            {t("crm.list.reassignSubmit")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
