import type { WorkflowStep } from "@planerka/common";
import { describe, expect, it } from "vitest";
import {
  appendStep,
  checkDraft,
  emptyDraft,
  errorsOf,
  inputOf,
  moveStep,
  newStepId,
  normalisePath,
  removeStep,
  retypeStep,
  sameDraft,
  stepErrors,
  stepOfType,
  type TemplateDraft,
} from "./template-draft";

const named = (name: string) => ({ ...emptyDraft(), name });

describe("the workflow editor's draft", () => {
  it("chains steps as they are added: the last step's open exit leads to the new one", () => {
    let draft = named("Сделка без звонка");
    draft = appendStep(draft, "task", "Позвонить").draft;
    draft = appendStep(draft, "wait", "Подождать").draft;
    draft = appendStep(draft, "notify", "Сообщить").draft;
    expect(draft.startStepId).toBe("step-1");
    expect(draft.steps.map((step) => [step.id, "next" in step ? step.next : undefined])).toEqual([
      ["step-1", "step-2"],
      ["step-2", "step-3"],
      ["step-3", null],
    ]);
  });

  it("keeps the chain whole when a step is removed, including the first one", () => {
    let draft = named("Цепочка");
    for (const name of ["a", "b", "c"]) draft = appendStep(draft, "task", name).draft;
    const withoutMiddle = removeStep(draft, 1);
    expect(withoutMiddle.steps.map((step) => ("next" in step ? step.next : null))).toEqual(["step-3", null]);
    const withoutFirst = removeStep(draft, 0);
    expect(withoutFirst.startStepId).toBe("step-2");
  });

  it("gives a new step an id no step has, even after removals", () => {
    let draft = named("Ид");
    for (const name of ["a", "b", "c"]) draft = appendStep(draft, "task", name).draft;
    const removed = removeStep(draft, 0);
    expect(newStepId(removed.steps)).toBe("step-4");
  });

  it("moves a step and refuses to move it past either end", () => {
    let draft = named("Порядок");
    for (const name of ["a", "b"]) draft = appendStep(draft, "task", name).draft;
    expect(moveStep(draft, 0, 1).steps.map((step) => step.name)).toEqual(["b", "a"]);
    expect(moveStep(draft, 0, -1)).toBe(draft);
    expect(moveStep(draft, 1, 1)).toBe(draft);
  });

  it("names the empty fields in the user's words and the server's paths", () => {
    const errors = checkDraft({ ...emptyDraft(), trigger: "stage" }, "Заполните поле");
    expect(errors.name).toBe("Заполните поле");
    expect(errors.triggerStageId).toBe("Заполните поле");
    expect(
      errorsOf([
        { path: "body.definition.steps.0.next", message: "Нет такого шага" },
        { path: "steps.0.next", message: "Цикл" },
      ]),
    ).toEqual({ "steps.0.next": "Нет такого шага; Цикл" });
  });
});

/** A chain of task steps with their titles filled in, so that the server would take it. */
function chain(...titles: string[]): TemplateDraft {
  let draft = named("Новая сделка");
  for (const title of titles) draft = appendStep(draft, "task", title).draft;
  return {
    ...draft,
    steps: draft.steps.map((step) => (step.type === "task" ? { ...step, title: step.name } : step)),
  };
}

const exits = (steps: WorkflowStep[]) =>
  steps.map((step) => {
    if (step.type === "branch") return [step.id, step.ifTrue, step.ifFalse];
    if (step.type === "approval") return [step.id, step.onApproved, step.onRejected];
    return [step.id, step.next];
  });

describe("the draft against the server's rules", () => {
  it("finds nothing wrong with a complete chain", () => {
    expect(checkDraft(chain("Позвонить", "Отправить КП"), "Заполните поле")).toEqual({});
  });

  it("takes a name of blanks only for an empty one, and puts a step's empty field on that step", () => {
    const draft = { ...chain("Позвонить"), name: "   " };
    draft.steps = draft.steps.map((step) => ({ ...step, title: "" }) as WorkflowStep);
    const errors = checkDraft(draft, "Заполните поле");
    expect(errors.name).toBe("Заполните поле");
    expect(stepErrors(errors, 0).title).toBe("Заполните поле");
  });

  it("refuses an exit to a step that is gone", () => {
    const draft = chain("Позвонить", "Отправить КП");
    const broken = { ...draft, steps: draft.steps.map((step, at) => (at === 1 ? { ...step, next: "step-9" } : step)) };
    expect(Object.keys(checkDraft(broken as TemplateDraft, "Заполните поле"))).toEqual(["steps.1.next"]);
  });
});

describe("saving the draft", () => {
  it("trims the texts and drops the stage of a trigger that is not a stage", () => {
    const draft = { ...chain("Позвонить"), name: "  Новая сделка ", description: " Для МОП ", triggerStageId: "s1" };
    const input = inputOf(draft);
    expect(input).toMatchObject({
      name: "Новая сделка",
      description: "Для МОП",
      trigger: "manual",
      triggerStageId: null,
    });
    expect(input.definition).toEqual({ startStepId: "step-1", steps: draft.steps });
    expect(inputOf({ ...draft, trigger: "stage" }).triggerStageId).toBe("s1");
  });

  it("counts as unchanged what would be saved the same, so no «unsaved changes» warning for a trailing blank", () => {
    const draft = chain("Позвонить");
    expect(sameDraft(draft, { ...draft, name: `${draft.name} ` })).toBe(true);
    expect(sameDraft(draft, { ...draft, triggerStageId: "s1" })).toBe(true);
    expect(sameDraft(draft, retypeStep(draft, 0, "notify"))).toBe(false);
  });
});

describe("editing the steps", () => {
  it("changes a step's type in place, keeping its id, name, stall limit and onward step", () => {
    let draft = chain("Позвонить", "Отправить КП");
    draft = { ...draft, steps: draft.steps.map((step, at) => (at === 0 ? { ...step, stallHours: 48 } : step)) };
    const retyped = retypeStep(draft, 0, "approval");
    expect(retyped.steps[0]).toMatchObject({
      id: "step-1",
      name: "Позвонить",
      type: "approval",
      stallHours: 48,
      onApproved: "step-2",
      onRejected: null,
    });
    expect(retyped.steps[1]).toBe(draft.steps[1]);
    expect(retypeStep(draft, 0, "task")).toBe(draft);
  });

  it("gives a branch a condition the record has: the stage of a deal, the owner of anything else", () => {
    const base = { id: "step-1", name: "Проверить" };
    expect(stepOfType("branch", base, "step-2", "deal")).toMatchObject({
      condition: { field: "stageId", op: "not_empty" },
      ifTrue: "step-2",
      ifFalse: null,
    });
    expect(stepOfType("branch", base, null, "company")).toMatchObject({ condition: { field: "ownerId" } });
  });

  it("points a branch's exits past a removed step, and ends a step that led only to itself", () => {
    let draft = chain("a", "b", "c");
    draft = retypeStep(draft, 0, "branch");
    draft = { ...draft, steps: draft.steps.map((step, at) => (at === 0 ? { ...step, ifFalse: "step-2" } : step)) };
    expect(exits(removeStep(draft, 1).steps)).toEqual([
      ["step-1", "step-3", "step-3"],
      ["step-3", null],
    ]);
    const loop = { ...draft, steps: draft.steps.map((step, at) => (at === 2 ? { ...step, next: "step-3" } : step)) };
    expect(exits(removeStep(loop, 2).steps)).toEqual([
      ["step-1", "step-2", "step-2"],
      ["step-2", null],
    ]);
  });

  it("empties the start when the last step goes", () => {
    const draft = chain("a");
    expect(removeStep(draft, 0)).toMatchObject({ steps: [], startStepId: "" });
    expect(removeStep(draft, 5)).toBe(draft);
  });

  it("reads the server's paths as the editor's and gives each step only its own errors", () => {
    expect(normalisePath("body.definition.steps.2.next")).toBe("steps.2.next");
    expect(normalisePath("definition.startStepId")).toBe("startStepId");
    expect(normalisePath("body.name")).toBe("name");
    const errors = { "steps.1": "Цикл", "steps.1.next": "Нет шага", "steps.10.title": "Пусто", name: "Пусто" };
    expect(stepErrors(errors, 1)).toEqual({ "": "Цикл", next: "Нет шага" });
    expect(stepErrors(errors, 10)).toEqual({ title: "Пусто" });
  });
});
