import type { Activity } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../lib/api";
import { handleFormError, notifyError, notifySuccess } from "../../lib/notify";
import { type ActivityInput, createActivity, refreshActivityViews, updateActivity } from "./activities-api";
import { activityFieldAliases, activityPatch } from "./activity-form-values";

interface ActivitySaveOptions {
  /** Editing: the activity as last loaded; only what changed since is sent. */
  base: Activity | undefined;
  /** A new activity of this lead. */
  leadId?: string;
  /** The form's fields: a server's problem with one of them is told there, not as a toast. */
  fields: readonly string[];
  setErrors: (errors: Record<string, string>) => void;
  /** Someone else changed the activity: reload it. */
  onStale: () => void;
  onSaved?: (activity: Activity) => void;
  onClose: () => void;
}

/** Creates the activity or saves its changes, then closes the form; refusals go to their fields. */
export function useActivitySave(options: ActivitySaveOptions) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [submitting, setSubmitting] = useState(false);

  const save = async (input: ActivityInput) => {
    const { base, leadId } = options;
    setSubmitting(true);
    try {
      let saved: Activity;
      if (base) {
        const patch = activityPatch(base, input);
        saved =
          Object.keys(patch).length > 0 ? await updateActivity(base.id, { ...patch, version: base.version }) : base;
        notifySuccess(t("activities.form.saved"));
      } else {
        saved = await createActivity(leadId ? { ...input, leadId } : input);
        notifySuccess(t("activities.form.created"));
      }
      refreshActivityViews(queryClient);
      options.onSaved?.(saved);
      options.onClose();
    } catch (error) {
      // Field problems are told at the fields; anything else (stale, network, 403) as a toast.
      const fieldErrors = error instanceof ProblemError && error.status !== 409 ? error.fieldErrors() : {};
      if (Object.keys(fieldErrors).length > 0) {
        if (fieldErrors.ownerId) fieldErrors.ownerId = t("activities.form.ownerNotAllowed");
        const mapped: Record<string, string> = {};
        for (const [field, message] of Object.entries(fieldErrors)) {
          mapped[activityFieldAliases[field] ?? field] = message;
        }
        options.setErrors(mapped);
        const shown = new Set([...options.fields, ...Object.keys(activityFieldAliases)]);
        if (Object.keys(fieldErrors).some((field) => !shown.has(field))) notifyError(error);
      } else {
        handleFormError(error, undefined, options.onStale);
      }
    } finally {
      setSubmitting(false);
    }
  };

  return { submitting, save };
}
