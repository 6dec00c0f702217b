import { type ImportProblemCode, type ImportRowError, importProblemCodes, importRowErrorCodes } from "@planerka/common";
import { i18n } from "../../i18n";
import { isProblem, ProblemError } from "../../lib/api";
import { problemText } from "../../lib/notify";

/** An import field's name as people see it («БИН/ИИН», not `bin`). */
export function importFieldLabel(key: string): string {
  return i18n.t(`activities.imports.fields.${key}` as "activities.imports.fields.name", { defaultValue: key });
}

/** A row the server did not import, in the reader's language: «БИН/ИИН: «123» — не БИН/ИИН…». */
export function importRowErrorText(error: ImportRowError): string {
  const known = (importRowErrorCodes as readonly string[]).includes(error.code);
  if (!known) return error.message;
  const text = i18n.t(`activities.imports.rowErrors.${error.code}`, { ...error.params, defaultValue: error.message });
  return error.field ? `${importFieldLabel(error.field)}: ${text}` : text;
}

/**
 * Why a file or a mapping was refused, in the reader's language: the server names the problem with
 * a code; anything without one (a network failure, a 500) gets the usual text.
 */
export function importProblemText(error: unknown): string {
  const entry =
    error instanceof ProblemError
      ? error.errors.find((item) => (importProblemCodes as readonly string[]).includes(item.code ?? ""))
      : undefined;
  if (!entry) return isProblem(error, 413) ? i18n.t("activities.imports.problems.fileTooLarge") : problemText(error);
  const params = { ...entry.params };
  // A field in a parameter is named as the form names it.
  if (typeof params.field === "string") params.field = importFieldLabel(params.field);
  return i18n.t(`activities.imports.problems.${entry.code as ImportProblemCode}`, {
    ...params,
    defaultValue: entry.message,
  });
}
