import type { Activity } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../lib/form-modal";
import { ActivityForm } from "./activity-form";
import type { ActivityFormInitial } from "./activity-form-values";

export type { ActivityFormInitial } from "./activity-form-values";

export interface ActivityFormDialogProps {
  opened: boolean;
  onClose: () => void;
  /** Prefilled links and values of a new activity (e.g. from a deal card). */
  initial?: ActivityFormInitial;
  /** Edit mode: the activity to change. */
  activity?: Activity;
  onSaved?: (activity: Activity) => void;
  /** The dialog's title instead of "new activity" (e.g. "Встреча"). */
  title?: string;
}

/** Creates or edits an activity («дело»): type, subject, due time, owner, links and a description. */
export function ActivityFormDialog({ opened, onClose, initial, activity, onSaved, title }: ActivityFormDialogProps) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={title ?? (activity ? t("activities.form.editTitle") : t("activities.form.createTitle"))}
    >
      <ActivityForm initial={initial} activity={activity} onClose={onClose} onSaved={onSaved} />
    </FormModal>
  );
}
