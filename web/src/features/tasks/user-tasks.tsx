import { Badge, Group, Paper, Skeleton, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { TaskCompactList } from "./planned-tasks";
import { taskListQuery } from "./tasks-api";

const openStatuses = "new,in_progress,waiting_control,deferred";
const shownCount = 8;

/**
 * The employee's open tasks for the cabinets (their own, or a subordinate's for a head): nearest
 * deadline first, overdue counted, with a link to the full list.
 */
export function UserTasks({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const person = userId === me.id ? undefined : userId;
  const open = useQuery(
    taskListQuery({ view: "my", userId: person, status: openStatuses, sort: "deadline", limit: shownCount }),
  );
  const overdue = useQuery(taskListQuery({ view: "my", userId: person, overdue: "true", limit: 1 }));
  const title = t(person ? "cabinet.work.theirTasks" : "cabinet.work.myTasks");

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="xs" gap="xs">
        <Group gap="xs">
          <Text fw={600} size="sm">
            {title}
          </Text>
          <Badge variant="light" size="sm">
            {t("cabinet.work.open", { count: open.data?.total ?? 0 })}
          </Badge>
          {(overdue.data?.total ?? 0) > 0 && (
            <Badge color="red" variant="filled" size="sm">
              {t("cabinet.work.overdue", { count: overdue.data?.total ?? 0 })}
            </Badge>
          )}
        </Group>
        <AnchorLink to="/tasks" search={person ? { userId: person } : {}} size="xs">
          {t("cabinet.work.allTasks")}
        </AnchorLink>
      </Group>
      {open.error ? (
        <Text size="sm" c="red">
          {problemText(open.error)}
        </Text>
      ) : !open.data ? (
        <Skeleton h={60} />
      ) : open.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("cabinet.work.noTasks")}
        </Text>
      ) : (
        <TaskCompactList tasks={open.data.items} />
      )}
    </Paper>
  );
}
