import { describe, expect, it } from "vitest";
import { appendStep, checkDraft, emptyDraft, errorsOf, moveStep, newStepId, removeStep } from "./template-draft";

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
