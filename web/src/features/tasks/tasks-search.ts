import { taskListQuerySchema, taskStatuses } from "@planerka/common";
import { z } from "zod";
import { optionalDay, optionalId, optionalPage, optionalParam } from "../../lib/search-params";

export const taskTabs = ["my", "set", "observe", "overdue"] as const;
export type TaskTab = (typeof taskTabs)[number];

/** The sorts the API offers, each either way (`-deadline`). */
const taskSort = taskListQuerySchema.shape.sort.unwrap();

/** Comma-separated statuses: unknown ones and repeats are dropped, the rest kept in their order. */
const statusList = z.string().transform((value) => {
  const statuses = value.split(",").filter((item) => (taskStatuses as readonly string[]).includes(item));
  return statuses.length > 0 ? [...new Set(statuses)].join(",") : undefined;
});

/**
 * The task list's state in the address: the tab, list or kanban, the search box, statuses, the
 * person a head looks at, the sort and the page. Absent values are the defaults («Делаю», list,
 * by deadline), so a bare /tasks stays short and a shared link shows what its sender saw.
 */
export const tasksSearchSchema = z.object({
  view: optionalParam(z.enum(taskTabs).exclude(["my"])),
  layout: optionalParam(z.literal("kanban")),
  /** Trimmed and cut at 200 characters; `?q=14250` is read back as text. */
  q: optionalParam(
    z.union([z.string(), z.number()]).transform((value) => String(value).trim().slice(0, 200) || undefined),
  ),
  /** Comma-separated statuses. */
  status: optionalParam(statusList),
  userId: optionalId,
  sort: optionalParam(z.string().refine((sort) => taskSort.safeParse(sort).success)),
  page: optionalPage,
});
export type TasksSearch = z.output<typeof tasksSearchSchema>;

/** A period and whose time: the time report and the workday report. */
export const periodSearchSchema = z.object({
  from: optionalDay,
  to: optionalDay,
  unitId: optionalId,
  userId: optionalId,
});
export type PeriodSearch = z.output<typeof periodSearchSchema>;
