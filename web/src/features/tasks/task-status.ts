import type { TaskDetail, TaskPriority, TaskStatus, TaskStatusAction } from "@planerka/common";
import { i18n } from "../../i18n";

export const statusColors: Record<TaskStatus, string> = {
  new: "blue",
  in_progress: "teal",
  waiting_control: "orange",
  done: "gray",
  deferred: "grape",
};

export const priorityColors: Record<TaskPriority, string> = { low: "gray", normal: "blue", high: "red" };

/**
 * The card's status buttons for each status, as Bitrix24 offers them; the server's moves
 * (task-status.service.ts) decide what each does.
 */
const actionsByStatus: Record<TaskStatus, TaskStatusAction[]> = {
  new: ["start", "complete", "defer"],
  in_progress: ["complete", "pause", "defer"],
  deferred: ["start", "complete", "renew"],
  waiting_control: ["accept", "return"],
  done: ["renew"],
};

/** What the caller may press now: control actions need `control`, the rest `changeStatus`. */
export function allowedActions(task: Pick<TaskDetail, "status" | "abilities">): TaskStatusAction[] {
  return actionsByStatus[task.status].filter((action) =>
    action === "accept" || action === "return" ? task.abilities.control : task.abilities.changeStatus,
  );
}

/**
 * The action a kanban drop from one column to another means, or null when no single move gets
 * there. The server's answer decides where the card lands: «Завершить» on a task under control,
 * by anyone but its creator, lands in «Ждёт контроля».
 */
export function actionForMove(from: TaskStatus, to: TaskStatus): TaskStatusAction | null {
  if (from === to) return null;
  switch (to) {
    case "new":
      return from === "in_progress" ? "pause" : from === "done" || from === "deferred" ? "renew" : null;
    case "in_progress":
      return from === "new" || from === "deferred" ? "start" : from === "waiting_control" ? "return" : null;
    case "waiting_control":
      return from === "done" ? null : "complete";
    case "done":
      return from === "waiting_control" ? "accept" : "complete";
    case "deferred":
      return from === "new" || from === "in_progress" ? "defer" : null;
  }
}

/** Minutes as people read them: «1 ч 05 мин», «45 мин». */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? "−" : "";
  const total = Math.abs(Math.round(minutes));
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return `${sign}${i18n.t("tasks.time.minutesShort", { minutes: rest })}`;
  return `${sign}${i18n.t("tasks.time.hoursMinutes", { hours, minutes: String(rest).padStart(2, "0") })}`;
}

/** A running clock: «1:02:09». */
export function formatElapsed(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `${hours}:${String(minutes).padStart(2, "0")}:${String(rest).padStart(2, "0")}`;
}
