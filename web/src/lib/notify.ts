import { notifications } from "@mantine/notifications";
import { i18n } from "../i18n";
import { isProblem, ProblemError } from "./api";

/** The server marks a stale `version` with its own problem type; only that 409 means "reload". */
export function isStaleVersion(error: unknown): boolean {
  return isProblem(error, 409) && error.type === "urn:planerka:problem:stale-version";
}

export function problemText(error: unknown): string {
  if (!(error instanceof ProblemError)) return i18n.t("errors.unknown");
  if (error.status === 0) return i18n.t("errors.network");
  if (isStaleVersion(error)) return i18n.t("errors.stale");
  if (error.detail) return error.detail;
  if (error.status === 403) return i18n.t("errors.forbidden");
  if (error.status === 404) return i18n.t("errors.notFound");
  return error.title || i18n.t("errors.unknown");
}

export function notifyError(error: unknown) {
  notifyErrorAs(error, problemText(error));
}

/** The toast of `notifyError` with the caller's own text for the problem (imports translate theirs). */
export function notifyErrorAs(error: unknown, message: string) {
  // A 401 is answered by sending the user to the login page, not by a toast.
  if (isProblem(error, 401)) return;
  notifications.show({ color: "red", title: i18n.t("errors.title"), message, autoClose: 8000 });
}

export function notifySuccess(message: string) {
  notifications.show({ color: "teal", message, autoClose: 3000 });
}

interface FormErrorTarget {
  setErrors: (errors: Record<string, string>) => void;
}

/** Shows the problem and puts field messages next to the fields; calls `onStale` when the record must be reloaded. */
export function handleFormError(error: unknown, form?: FormErrorTarget, onStale?: () => void) {
  notifyError(error);
  if (error instanceof ProblemError && form) form.setErrors(error.fieldErrors());
  if (isStaleVersion(error)) onStale?.();
}
