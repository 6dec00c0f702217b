import { Modal } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { UserWorkflows } from "../workflows/user-workflows";

/** An employee's running workflows, stalled ones first, opened from the roll-up table. */
export function EmployeeWorkflowsModal({
  user,
  onClose,
}: {
  user: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 600px)");
  return (
    <Modal
      opened={user !== null}
      onClose={onClose}
      title={user ? t("headCabinet.actions.workflowsOf", { name: user.name }) : ""}
      size="lg"
      fullScreen={phone}
    >
      {user && <UserWorkflows userId={user.id} />}
    </Modal>
  );
}
