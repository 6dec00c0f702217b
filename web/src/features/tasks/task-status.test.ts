import type { TaskStatus } from "@planerka/common";
import { beforeAll, describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { actionForMove, allowedActions, formatElapsed, formatMinutes } from "./task-status";

beforeAll(async () => {
  await i18n.changeLanguage("ru");
});

const abilities = (changeStatus: boolean, control: boolean) => ({
  edit: true,
  delete: false,
  changeStatus,
  control,
  trackTime: true,
  comment: true,
});

describe("the task card's status buttons", () => {
  it("offers what each status allows, as Bitrix24 does", () => {
    expect(allowedActions({ status: "new", abilities: abilities(true, true) })).toEqual(["start", "complete", "defer"]);
    expect(allowedActions({ status: "in_progress", abilities: abilities(true, true) })).toEqual([
      "complete",
      "pause",
      "defer",
    ]);
    expect(allowedActions({ status: "done", abilities: abilities(true, true) })).toEqual(["renew"]);
  });

  it("leaves accepting or returning a task under control to the one who controls it", () => {
    expect(allowedActions({ status: "waiting_control", abilities: abilities(true, true) })).toEqual([
      "accept",
      "return",
    ]);
    // The assignee may change the status but not control it: nothing to press while it waits.
    expect(allowedActions({ status: "waiting_control", abilities: abilities(true, false) })).toEqual([]);
    // A controller without the right to change the status only accepts or returns.
    expect(allowedActions({ status: "new", abilities: abilities(false, true) })).toEqual([]);
  });
});

describe("a kanban drop", () => {
  const statuses: TaskStatus[] = ["new", "in_progress", "waiting_control", "done", "deferred"];

  it("means the one move that gets the card from its column to the other", () => {
    expect(actionForMove("new", "in_progress")).toBe("start");
    expect(actionForMove("deferred", "in_progress")).toBe("start");
    expect(actionForMove("waiting_control", "in_progress")).toBe("return");
    expect(actionForMove("in_progress", "new")).toBe("pause");
    expect(actionForMove("done", "new")).toBe("renew");
    expect(actionForMove("waiting_control", "done")).toBe("accept");
    expect(actionForMove("in_progress", "done")).toBe("complete");
    expect(actionForMove("in_progress", "waiting_control")).toBe("complete");
    expect(actionForMove("new", "deferred")).toBe("defer");
  });

  it("means nothing where no single move gets there, or where the card already is", () => {
    expect(actionForMove("done", "waiting_control")).toBeNull();
    expect(actionForMove("done", "deferred")).toBeNull();
    expect(actionForMove("waiting_control", "new")).toBeNull();
    expect(actionForMove("done", "in_progress")).toBeNull();
    for (const status of statuses) expect(actionForMove(status, status)).toBeNull();
  });

  it("is a move the card's buttons offer in the column it leaves (for someone with every right)", () => {
    for (const from of statuses) {
      const offered = allowedActions({ status: from, abilities: abilities(true, true) });
      for (const to of statuses) {
        const action = actionForMove(from, to);
        if (action) expect(offered, `${from} → ${to}`).toContain(action);
      }
    }
  });
});

describe("time as people read it", () => {
  it("writes minutes with hours, the minutes in two digits", () => {
    expect(formatMinutes(45)).toBe("45 мин");
    expect(formatMinutes(65)).toBe("1 ч 05 мин");
    expect(formatMinutes(600)).toBe("10 ч 00 мин");
    expect(formatMinutes(0)).toBe("0 мин");
    expect(formatMinutes(89.6)).toBe("1 ч 30 мин");
  });

  it("marks time over the plan with a minus sign", () => {
    expect(formatMinutes(-90)).toBe("−1 ч 30 мин");
    expect(formatMinutes(-5)).toBe("−5 мин");
  });

  it("speaks the interface's language", async () => {
    await i18n.changeLanguage("kk");
    expect(formatMinutes(125)).toBe("2 сағ 05 мин");
    await i18n.changeLanguage("en");
    expect(formatMinutes(125)).toBe("2 h 05 min");
    await i18n.changeLanguage("ru");
  });

  it("runs a timer as hours, minutes and seconds", () => {
    expect(formatElapsed(0)).toBe("0:00:00");
    expect(formatElapsed(3_729_999)).toBe("1:02:09");
    expect(formatElapsed(36_000_000)).toBe("10:00:00");
    // A clock a little ahead of the server's never shows negative time.
    expect(formatElapsed(-1_500)).toBe("0:00:00");
  });
});
