import { ActionIcon, Group, Text, Tooltip } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconClockPlay, IconPlayerStopFilled } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ButtonLink } from "../../lib/links";
import { notifyError, notifySuccess } from "../../lib/notify";
import { formatElapsed } from "./task-status";
import { refreshTaskViews, runningTimerQuery, stopTimer } from "./tasks-api";
import { useNow } from "./use-now";

/** The running timer in the app's header, on every page: its task, the time so far, and «Стоп». */
export function HeaderTimer() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const entry = useQuery(runningTimerQuery).data?.entry ?? null;
  const now = useNow(entry !== null);
  const [stopping, setStopping] = useState(false);
  // A phone's header is narrow: the clock alone, which opens the task with its «Стоп».
  const phone = useMediaQuery("(max-width: 36em)");
  if (!entry) return null;

  const elapsed = formatElapsed(now - new Date(entry.startedAt).getTime());
  const stop = async () => {
    setStopping(true);
    try {
      await stopTimer(entry.taskId);
      notifySuccess(t("tasks.time.stopped"));
    } catch (error) {
      notifyError(error);
    }
    refreshTaskViews(queryClient, entry.taskId);
    setStopping(false);
  };

  return (
    <Group gap={2} wrap="nowrap" role="group" aria-label={t("tasks.header.timer", { title: entry.taskTitle })}>
      <Tooltip label={entry.taskTitle} withinPortal>
        <ButtonLink
          to="/tasks/$taskId"
          params={{ taskId: entry.taskId }}
          variant="light"
          color="teal"
          size="compact-sm"
          leftSection={phone ? undefined : <IconClockPlay size={16} />}
          aria-label={`${t("tasks.header.timerOpen")}: ${entry.taskTitle}, ${elapsed}`}
          px={8}
        >
          <Text span size="sm" ff="monospace" fw={600} data-testid="header-timer-elapsed">
            {elapsed}
          </Text>
          <Text span size="sm" visibleFrom="md" maw={160} truncate ml={6}>
            {entry.taskTitle}
          </Text>
        </ButtonLink>
      </Tooltip>
      <ActionIcon
        visibleFrom="xs"
        variant="subtle"
        color="red"
        size="md"
        loading={stopping}
        onClick={() => void stop()}
        aria-label={t("tasks.header.stopTimer")}
      >
        <IconPlayerStopFilled size={16} />
      </ActionIcon>
    </Group>
  );
}
