import { Badge } from "@mantine/core";
import { IconCalendarTime, IconClockHour4, IconSubtask } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { RouterNavLink } from "../../lib/router-nav-link";
import { taskCountsQuery } from "./tasks-api";

/** «Задачи» (with the «Делаю» count), «Учёт времени» and «Рабочий день» in the sidebar. */
export function TasksNavLinks({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const counts = useQuery(taskCountsQuery).data;
  const doing = counts?.my ?? 0;
  const overdue = (counts?.overdue ?? 0) > 0;
  const timeReport = pathname === "/tasks/time-report";
  return (
    <>
      <RouterNavLink
        to="/tasks"
        search={{}}
        label={t("tasks.nav.tasks")}
        leftSection={<IconSubtask size={18} stroke={1.6} />}
        rightSection={
          doing > 0 ? (
            <Badge
              size="sm"
              color={overdue ? "red" : "indigo"}
              variant={overdue ? "filled" : "light"}
              aria-label={t("tasks.nav.myBadge", { count: doing })}
            >
              {doing > 99 ? "99+" : doing}
            </Badge>
          ) : undefined
        }
        active={!timeReport && (pathname === "/tasks" || pathname.startsWith("/tasks/"))}
        // The router marks /tasks current under /tasks/time-report too; `active` above decides.
        activeOptions={{ exact: true }}
        onClick={onNavigate}
      />
      <RouterNavLink
        to="/tasks/time-report"
        search={{}}
        label={t("tasks.nav.timeReport")}
        leftSection={<IconClockHour4 size={18} stroke={1.6} />}
        active={timeReport}
        onClick={onNavigate}
      />
      <RouterNavLink
        to="/workday"
        search={{}}
        label={t("tasks.nav.workday")}
        leftSection={<IconCalendarTime size={18} stroke={1.6} />}
        active={pathname === "/workday"}
        onClick={onNavigate}
      />
    </>
  );
}
