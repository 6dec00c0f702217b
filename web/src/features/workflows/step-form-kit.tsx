import type { LinkableEntity, WorkflowStep } from "@planerka/common";
import { useTranslation } from "react-i18next";
import type { DraftErrors } from "./template-draft";
import { StepRefSelect } from "./workflow-inputs";

/** What every step type's form shares. */
export type StepOf<T extends WorkflowStep["type"]> = Extract<WorkflowStep, { type: T }>;

export interface StepFieldsProps<S extends WorkflowStep = WorkflowStep> {
  step: S;
  onChange: (step: S) => void;
  errors: DraftErrors;
  steps: WorkflowStep[];
  entity: LinkableEntity;
}

/** A NumberInput's value as an optional number: empty is absent. */
export const optionalNumber = (value: string | number) => (typeof value === "number" ? value : undefined);

/** «Далее»: the step a plain step goes on to, or the end. */
export function NextSelect({
  step,
  onChange,
  errors,
  steps,
}: {
  step: WorkflowStep & { next: string | null };
  onChange: (next: string | null) => void;
  errors: DraftErrors;
  steps: WorkflowStep[];
}) {
  const { t } = useTranslation();
  return (
    <StepRefSelect
      label={t("workflows.editor.next")}
      value={step.next}
      onChange={onChange}
      steps={steps}
      error={errors.next}
    />
  );
}
