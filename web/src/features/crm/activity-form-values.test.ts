import type { Activity, ActivityType } from "@planerka/common";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { i18n } from "../../i18n";
import {
  type ActivityFormValues,
  activityErrors,
  activityFormValues,
  activityInput,
  activityPatch,
  offeredTypes,
  typeGroups,
} from "./activity-form-values";

const zone = "Asia/Almaty";
const meId = "00000000-0000-4000-8000-000000000001";
const ownerId = "00000000-0000-4000-8000-000000000002";
const callId = "00000000-0000-4000-8000-0000000000c1";
const dealId = "00000000-0000-4000-8000-0000000000d1";
const t = i18n.t.bind(i18n);

beforeAll(async () => {
  await i18n.changeLanguage("ru");
});

afterEach(() => {
  vi.useRealTimers();
});

const activity: Activity = {
  id: "00000000-0000-4000-8000-0000000000a1",
  version: 3,
  createdAt: "2026-03-01T04:00:00.000Z",
  updatedAt: "2026-03-01T04:00:00.000Z",
  typeId: callId,
  type: { id: callId, code: "call_out", name: "Исходящий звонок", category: "call" },
  subject: "Уточнить спецификацию",
  description: null,
  dueAt: "2026-03-10T05:00:00.000Z",
  durationMinutes: 15,
  ownerId,
  ownerName: "Исмаилова Айгерим",
  createdBy: meId,
  completedAt: null,
  result: null,
  state: "active",
  origin: "manual",
  recordingUrl: null,
  dealId,
  deal: { id: dealId, name: "Инверторы для цеха" },
  leadId: null,
  lead: null,
  companyId: null,
  company: null,
  contactId: null,
  contact: null,
  deletedAt: null,
  abilities: { edit: true, delete: true, comment: true },
};

const filled = (patch: Partial<ActivityFormValues> = {}): ActivityFormValues => ({
  typeId: callId,
  subject: "Позвонить в снабжение",
  dueDate: "2026-03-10",
  dueTime: "10:00",
  durationMinutes: 30,
  ownerId: meId,
  dealId: null,
  companyId: null,
  contactId: null,
  description: "",
  participants: [],
  ...patch,
});

const context = { typeId: callId, timeZone: zone, meId };

describe("an activity form's values", () => {
  it("start a new activity at the next half hour, mine, with the links it was opened with", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-03-10T05:07:00.000Z")); // 10:07 in Almaty
    expect(activityFormValues(undefined, { dealId, ownerId }, zone, meId)).toEqual(
      filled({ typeId: null, subject: "", dueTime: "10:30", ownerId, dealId }),
    );
    expect(activityFormValues(undefined, { dueAt: "2026-03-12T09:00:00Z" }, zone, meId)).toMatchObject({
      dueDate: "2026-03-12",
      dueTime: "14:00",
      ownerId: meId,
    });
  });

  it("show an activity being edited on the company's clock", () => {
    expect(activityFormValues(activity, undefined, zone, meId)).toEqual(
      filled({ subject: activity.subject, durationMinutes: 15, ownerId, dealId }),
    );
  });
});

describe("the API body from an activity form", () => {
  it("trims the texts, joins the date and time in the company's zone and empties a blank description", () => {
    const input = activityInput(filled({ subject: "  Позвонить  ", description: "  \n " }), context);
    expect(input).toEqual({
      typeId: callId,
      subject: "Позвонить",
      description: null,
      dueAt: "2026-03-10T05:00:00.000Z",
      durationMinutes: 30,
      ownerId: meId,
      dealId: null,
      companyId: null,
      contactId: null,
    });
  });

  it("marks a logged call done at its time, and gives an ownerless activity to me", () => {
    const input = activityInput(filled({ ownerId: null }), { ...context, completed: true });
    expect(input).toMatchObject({ completedAt: "2026-03-10T05:00:00.000Z", ownerId: meId });
  });

  it("is refused with the fields' own texts", () => {
    const check = (values: ActivityFormValues, typeId: string | null = callId) =>
      activityErrors(values, activityInput(values, { ...context, typeId }), t);
    expect(check(filled())).toEqual({});
    expect(check(filled({ subject: "  ", dueDate: null }), null)).toEqual({
      typeId: "Заполните поле",
      subject: "Заполните поле",
      dueDate: "Заполните поле",
    });
    expect(check(filled({ dueTime: "25:00" }))).toEqual({ dueTime: "Время в формате ЧЧ:ММ" });
    expect(check(filled({ durationMinutes: "" }))).toEqual({ durationMinutes: "От 0 до 1440 минут" });
    expect(check(filled({ durationMinutes: 1441 }))).toEqual({ durationMinutes: "От 0 до 1440 минут" });
  });
});

describe("an edited activity's changes", () => {
  it("hold only what changed; the same instant written with an offset is no change", () => {
    const values = activityFormValues(activity, undefined, zone, meId);
    const unchanged = activityInput(values, context);
    expect(activityPatch(activity, unchanged)).toEqual({});
    expect(activityPatch({ ...activity, dueAt: "2026-03-10T10:00:00+05:00" }, unchanged)).toEqual({});
    const moved = activityInput({ ...values, dueTime: "11:30", description: "Спросить о сроках" }, context);
    expect(activityPatch(activity, moved)).toEqual({
      dueAt: "2026-03-10T06:30:00.000Z",
      description: "Спросить о сроках",
    });
  });
});

describe("the types an activity form offers", () => {
  const type = (id: string, category: ActivityType["category"], direction: "in" | "out" | null): ActivityType => ({
    id,
    code: id,
    name: `Тип ${id}`,
    category,
    direction,
    inWeeklyTable: true,
    sort: 1,
    dailyNorm: null,
    weight: 1,
    version: 1,
  });
  const types = [
    type("in", "call", "in"),
    type("out", "call", "out"),
    type("any", "call", null),
    type("m", "meeting", null),
  ];

  it("are those of the card's kind and direction, grouped by category", () => {
    const calls = offeredTypes(types, "call", "out");
    expect(calls.map((item) => item.id)).toEqual(["out", "any"]);
    expect(offeredTypes(types, undefined, undefined)).toHaveLength(4);
    expect(typeGroups(offeredTypes(types, undefined, undefined), types, undefined, (category) => category)).toEqual([
      {
        group: "call",
        items: [
          { value: "in", label: "Тип in" },
          { value: "out", label: "Тип out" },
          { value: "any", label: "Тип any" },
        ],
      },
      { group: "meeting", items: [{ value: "m", label: "Тип m" }] },
    ]);
  });

  it("keep a removed type on the activity that uses it", () => {
    const groups = typeGroups([], types, activity.type, (category) => category);
    expect(groups).toEqual([{ group: "call", items: [{ value: callId, label: "Исходящий звонок" }] }]);
    expect(typeGroups([], [...types, { ...type(callId, "call", null) }], activity.type, String)).toEqual([]);
  });

  describe("a new meeting's participants", () => {
    const people = [
      { id: "7d1c2c1e-0000-4000-8000-000000000001", name: "Ли Анна" },
      { id: "7d1c2c1e-0000-4000-8000-000000000002", name: "Омаров Ерлан" },
    ];

    it("go as participantIds only when the type is a meeting of a new activity, and never empty", () => {
      expect(activityInput(filled({ participants: people }), { ...context, meeting: true }).participantIds).toEqual(
        people.map((person) => person.id),
      );
      expect(activityInput(filled({ participants: people }), context)).not.toHaveProperty("participantIds");
      expect(activityInput(filled(), { ...context, meeting: true })).not.toHaveProperty("participantIds");
    });
  });
});
