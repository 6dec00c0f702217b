import { taskStatuses } from "@planerka/common";
import { optionalNumber, optionalString } from "../../lib/route-base";

export const taskTabs = ["my", "set", "observe", "overdue"] as const;
export type TaskTab = (typeof taskTabs)[number];

export const taskSorts = ["deadline", "createdAt", "priority", "title"] as const;

/**
 * The task list's state in the address: the tab, list or kanban, the search box, statuses, the
 * person a head looks at, the sort and the page. Absent values are the defaults («Делаю», list,
 * by deadline), so a bare /tasks stays short and a shared link shows what its sender saw.
 */
export interface TasksSearch {
  view?: Exclude<TaskTab, "my">;
  layout?: "kanban";
  q?: string;
  /** Comma-separated statuses. */
  status?: string;
  userId?: string;
  sort?: string;
  page?: number;
}

const uuid = /^[0-9a-fA-F-]{36}$/;
const day = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function validateTasksSearch(search: Record<string, unknown>): TasksSearch {
  const view = optionalString(search.view);
  const q = typeof search.q === "number" ? String(search.q) : optionalString(search.q);
  const status = optionalString(search.status)
    ?.split(",")
    .filter((item) => (taskStatuses as readonly string[]).includes(item));
  const userId = optionalString(search.userId);
  const sort = optionalString(search.sort);
  const page = optionalNumber(search.page);
  return {
    view: view === "set" || view === "observe" || view === "overdue" ? view : undefined,
    layout: search.layout === "kanban" ? "kanban" : undefined,
    q: q?.trim().slice(0, 200) || undefined,
    status: status && status.length > 0 ? [...new Set(status)].join(",") : undefined,
    userId: userId && uuid.test(userId) ? userId : undefined,
    sort: sort && (taskSorts as readonly string[]).includes(sort.replace(/^-/, "")) ? sort : undefined,
    page: page && page > 1 ? page : undefined,
  };
}

/** A period and whose time: the time report and the workday report. */
export interface PeriodSearch {
  from?: string;
  to?: string;
  unitId?: string;
  userId?: string;
}

export function validatePeriodSearch(search: Record<string, unknown>): PeriodSearch {
  const from = optionalString(search.from);
  const to = optionalString(search.to);
  const unitId = optionalString(search.unitId);
  const userId = optionalString(search.userId);
  return {
    from: from && day.test(from) ? from : undefined,
    to: to && day.test(to) ? to : undefined,
    unitId: unitId && uuid.test(unitId) ? unitId : undefined,
    userId: userId && uuid.test(userId) ? userId : undefined,
  };
}
