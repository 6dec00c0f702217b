import type { TaskDetail } from "@planerka/common";
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import { describe, expect, it } from "vitest";
import { fromPicker, patchOf, plannedOf, type TaskFormValues, toPicker, valuesOf } from "./task-form-values";

dayjs.extend(utc);
dayjs.extend(timezone);

const zone = "Asia/Almaty";
const me = { id: "00000000-0000-4000-8000-000000000001", name: "Абаев Марат" };
const asel = { id: "00000000-0000-4000-8000-000000000002", name: "Жанова Асель" };
const dana = { id: "00000000-0000-4000-8000-000000000003", name: "Ким Дана" };

function task(patch: Partial<TaskDetail> = {}): TaskDetail {
  return {
    id: "00000000-0000-4000-8000-0000000000aa",
    title: "Подготовить КП",
    status: "new",
    priority: "normal",
    // 18:00 on 1 April in Almaty.
    deadline: "2026-04-01T13:00:00.000Z",
    overdue: false,
    creator: me,
    assignee: asel,
    parentId: null,
    link: { entityType: "deal", entityId: "00000000-0000-4000-8000-0000000000d1", title: "Поставка" },
    group: null,
    checklistTotal: 0,
    checklistDone: 0,
    commentCount: 0,
    subtaskCount: 0,
    plannedMinutes: 125,
    spentMinutes: 0,
    timerRunning: false,
    completedAt: null,
    version: 4,
    createdAt: "2026-03-01T04:00:00.000Z",
    updatedAt: "2026-03-01T04:00:00.000Z",
    description: "<p>Для ТОО «Альфа»</p>",
    requiresControl: true,
    coassignees: [dana],
    observers: [],
    parent: null,
    subtasks: [],
    checklist: [],
    files: [],
    workflowInstanceId: null,
    abilities: { edit: true, delete: true, changeStatus: true, control: true, trackTime: true, comment: true },
    ...patch,
  };
}

describe("the deadline picker on the company's clock", () => {
  it("shows a deadline as the company's wall-clock time", () => {
    expect(toPicker("2026-04-01T13:00:00.000Z", zone)).toBe("2026-04-01 18:00:00");
    // 20:30 UTC is already the next day in Almaty.
    expect(toPicker("2026-03-31T20:30:00.000Z", zone)).toBe("2026-04-01 01:30:00");
    expect(toPicker(null, zone)).toBeNull();
  });

  it("sends the picked wall-clock time back as the instant it means", () => {
    expect(fromPicker("2026-04-01 18:00:00", zone)).toBe("2026-04-01T13:00:00.000Z");
    expect(fromPicker("2026-04-01 01:30:00", zone)).toBe("2026-03-31T20:30:00.000Z");
    expect(fromPicker("2026-04-01 18:00:00", "Europe/Moscow")).toBe("2026-04-01T15:00:00.000Z");
    expect(fromPicker(null, zone)).toBeNull();
  });
});

describe("planned time", () => {
  const values = (hours: number | string, minutes: number | string) =>
    ({ plannedHours: hours, plannedMinutes: minutes }) as TaskFormValues;

  it("adds hours and minutes, and means «not planned» when both are empty or zero", () => {
    expect(plannedOf(values(2, 5))).toBe(125);
    expect(plannedOf(values("", 45))).toBe(45);
    expect(plannedOf(values("1.5", ""))).toBe(90);
    expect(plannedOf(values("", ""))).toBeNull();
    expect(plannedOf(values(0, 0))).toBeNull();
  });
});

describe("the task form's values", () => {
  it("starts a new task assigned to its author, with one empty checklist line", () => {
    const values = valuesOf(undefined, undefined, me, zone);
    expect(values.assigneeId).toBe(me.id);
    expect(values.checklist).toEqual([{ key: 0, text: "" }]);
    expect(values.priority).toBe("normal");
    expect(values.deadline).toBeNull();
  });

  it("starts a task made from a record, a group or a parent task linked to it", () => {
    const values = valuesOf(
      undefined,
      {
        assignee: asel,
        link: { entityType: "company", entityId: "00000000-0000-4000-8000-0000000000c1", title: "ТОО «Альфа»" },
        parent: { id: "00000000-0000-4000-8000-0000000000aa", title: "Подготовить КП" },
        group: { id: "00000000-0000-4000-8000-0000000000b2", name: "Тендеры" },
      },
      me,
      zone,
    );
    expect(values).toMatchObject({
      assigneeId: asel.id,
      entityType: "company",
      entityTitle: "ТОО «Альфа»",
      parentId: "00000000-0000-4000-8000-0000000000aa",
      groupName: "Тендеры",
    });
  });

  it("opens a task with its planned time split into hours and minutes and its deadline on the company's clock", () => {
    const values = valuesOf(task(), undefined, me, zone);
    expect(values).toMatchObject({
      assigneeId: asel.id,
      plannedHours: 2,
      plannedMinutes: 5,
      deadline: "2026-04-01 18:00:00",
      entityType: "deal",
      checklist: [],
    });
    expect(valuesOf(task({ plannedMinutes: null }), undefined, me, zone)).toMatchObject({
      plannedHours: "",
      plannedMinutes: "",
    });
  });
});

describe("saving an edited task", () => {
  it("sends nothing when nothing changed, the deadline included", () => {
    const current = task();
    expect(patchOf(current, valuesOf(current, undefined, me, zone), zone)).toEqual({});
    // The server may write the instant another way; it is still the same instant.
    const written = task({ deadline: "2026-04-01T13:00:00Z" });
    expect(patchOf(written, valuesOf(written, undefined, me, zone), zone)).toEqual({});
  });

  it("keeps a deadline with seconds (a workflow's: «in 24 hours») when only the title is edited", () => {
    // The picker shows minutes, so the form's copy has lost the 42.123 seconds; that is no change.
    const current = task({ deadline: "2026-04-01T13:00:42.123Z" });
    const values = { ...valuesOf(current, undefined, me, zone), title: "Позвонить клиенту" };
    expect(patchOf(current, values, zone)).toEqual({ title: "Позвонить клиенту" });
    // A minute picked in the form is a change, though.
    expect(patchOf(current, { ...values, deadline: "2026-04-01 18:01:00" }, zone)).toMatchObject({
      deadline: "2026-04-01T13:01:00.000Z",
    });
  });

  it("sends only the fields that changed, the title trimmed", () => {
    const current = task();
    const values = {
      ...valuesOf(current, undefined, me, zone),
      title: "  Подготовить КП и договор ",
      deadline: "2026-04-02 10:00:00",
      plannedHours: 3,
      plannedMinutes: "",
    };
    expect(patchOf(current, values, zone)).toEqual({
      title: "Подготовить КП и договор",
      deadline: "2026-04-02T05:00:00.000Z",
      plannedMinutes: 180,
    });
  });

  it("clears the deadline, the planned time and the link when they are emptied", () => {
    const current = task();
    const values = {
      ...valuesOf(current, undefined, me, zone),
      deadline: null,
      plannedHours: "",
      plannedMinutes: "",
      entityType: null,
      entityId: null,
    };
    expect(patchOf(current, values, zone)).toEqual({
      deadline: null,
      plannedMinutes: null,
      entityType: null,
      entityId: null,
    });
  });

  it("sends the whole list of co-assignees or observers when it changed, in its new order", () => {
    const current = task({ coassignees: [dana, me] });
    const reordered = { ...valuesOf(current, undefined, me, zone), coassignees: [me, dana], observers: [asel] };
    expect(patchOf(current, reordered, zone)).toEqual({
      coassigneeIds: [me.id, dana.id],
      observerIds: [asel.id],
    });
  });

  it("relinks the task when only the kind of record changes, and moves it between groups", () => {
    const current = task({ group: { id: "00000000-0000-4000-8000-0000000000b1", name: "Тендеры" } });
    const values = {
      ...valuesOf(current, undefined, me, zone),
      entityType: "lead" as const,
      groupId: null,
      assigneeId: dana.id,
    };
    expect(patchOf(current, values, zone)).toEqual({
      entityType: "lead",
      entityId: "00000000-0000-4000-8000-0000000000d1",
      groupId: null,
      assigneeId: dana.id,
    });
  });
});
