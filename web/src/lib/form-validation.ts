import type { TFunction } from "i18next";
import type { z } from "zod";

/** One value the schema refused, as a field's own wording sees it. */
export interface FieldIssue {
  /** zod's kind of problem: `too_small`, `too_big`, `invalid_format`, `invalid_type`, `custom`… */
  code: string;
  /** The refused value as typed; for a list's field, the refused entry. */
  value: unknown;
}

/** A field's own wording of its problems; `undefined` leaves the issue to the common texts. */
export type FieldText = (issue: FieldIssue) => string | undefined;

export interface FormCheck {
  /** Wording by top-level field, for what the common texts cannot say (a login's letters, a duration's range). */
  texts?: Record<string, FieldText>;
  /**
   * What the person typed, by the input's field names, where the input holds it changed
   * (trimmed, lower-cased): a message quotes the value as typed.
   */
  typed?: Record<string, unknown>;
  /** Input fields shown at a form field of another name (an activity's `dueAt` at its `dueDate`). */
  fields?: Record<string, string>;
}

/**
 * Checks a form's API input with the write schema the server checks it with, and words the
 * problems in the user's language: the first problem of each top-level field, keyed by that field.
 * An empty object means the server will not refuse the input for its shape. A form adds its own
 * checks for what the schema cannot see (a time typed as text, a choice the input does not carry).
 */
export function formErrors(
  schema: z.ZodType,
  input: object,
  t: TFunction,
  check: FormCheck = {},
): Record<string, string> {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const [top] = issue.path;
    // A problem of the body as a whole (a key the schema does not know) is the code's, not the person's.
    if (typeof top !== "string") continue;
    const field = check.fields?.[top] ?? top;
    if (field in errors) continue;
    errors[field] = issueText(issue, input, t, check);
  }
  return errors;
}

function issueText(issue: z.core.$ZodIssue, input: object, t: TFunction, check: FormCheck): string {
  const top = issue.path[0] as string;
  if (issue.path.length === 1 && isEmpty(issue)) return t("errors.required");
  const source = check.typed && top in check.typed ? check.typed : input;
  const value = valueAt(source, issue.path);
  const own = check.texts?.[top]?.({ code: issue.code, value });
  if (own !== undefined) return own;
  // The common schemas' own refinements (common/src/identity.ts): a BIN/IIN's check digit, a phone number.
  if (issue.code === "custom" && top === "bin") return t("crm.form.badBin");
  if (issue.code === "custom" && (top === "phones" || top === "phone")) {
    return t("crm.form.badPhone", { value: String(value) });
  }
  switch (issue.code) {
    case "invalid_format":
      return issue.format === "email" ? t("crm.form.badEmail", { value: String(value) }) : t("errors.invalid");
    case "too_big":
      if (issue.origin === "string") return t("errors.tooLong", { max: Number(issue.maximum) });
      if (issue.origin === "array") return t("errors.tooMany", { max: Number(issue.maximum) });
      return t("errors.invalid");
    default:
      return t("errors.invalid");
  }
}

/** Nothing given, or a text that is empty (after the schema's trim, when it trims). */
function isEmpty(issue: z.core.$ZodIssue): boolean {
  if (issue.input === "") return true;
  return issue.code === "invalid_type" && (issue.input === undefined || issue.input === null);
}

function valueAt(source: unknown, path: readonly PropertyKey[]): unknown {
  let value = source;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
