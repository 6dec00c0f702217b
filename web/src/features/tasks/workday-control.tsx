import { Button, Menu, Text } from "@mantine/core";
import type { WorkdayStatus } from "@planerka/common";
import { IconBriefcase, IconCalendarTime, IconPlayerPause, IconPlayerPlay, IconPlayerStop } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../lib/confirm-modal";
import { notifyError } from "../../lib/notify";
import { formatMinutes } from "./task-status";
import { useNow } from "./use-now";
import { changeWorkday, type WorkdayAction, workdayQuery } from "./workday-api";

export const workdayColors: Record<WorkdayStatus["state"], string> = {
  not_started: "gray",
  working: "teal",
  paused: "yellow",
  finished: "indigo",
};

/** Minutes worked today, counting the open period up to this moment. */
export function useWorkedMinutes(status: WorkdayStatus | undefined, fetchedAt: number): number {
  const working = status?.state === "working";
  const now = useNow(working, 30_000);
  if (!status) return 0;
  return status.workedMinutes + (working ? Math.max(0, Math.floor((now - fetchedAt) / 60_000)) : 0);
}

/** «Начать день» / «Пауза» / «Продолжить» / «Завершить день» in the header, with today's worked time. */
export function WorkdayControl() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const query = useQuery(workdayQuery);
  const status = query.data;
  const worked = useWorkedMinutes(status, query.dataUpdatedAt);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  if (!status) return null;

  const act = async (action: WorkdayAction) => {
    setBusy(true);
    try {
      queryClient.setQueryData(workdayQuery.queryKey, await changeWorkday(action));
      void queryClient.invalidateQueries({ queryKey: ["workday", "team"] });
      void queryClient.invalidateQueries({ queryKey: ["workday", "report"] });
    } catch (error) {
      notifyError(error);
      void query.refetch();
    } finally {
      setBusy(false);
    }
  };

  const stateLabel = t(`tasks.workday.states.${status.state}`);
  if (status.state === "not_started") {
    return (
      <Button
        variant="light"
        color="teal"
        size="compact-sm"
        leftSection={<IconPlayerPlay size={16} />}
        loading={busy}
        onClick={() => void act("start")}
        aria-label={t("tasks.workday.start")}
        px={8}
      >
        <Text span size="sm" visibleFrom="sm">
          {t("tasks.workday.start")}
        </Text>
      </Button>
    );
  }

  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <Button
            variant="light"
            color={workdayColors[status.state]}
            size="compact-sm"
            leftSection={status.state === "paused" ? <IconPlayerPause size={16} /> : <IconBriefcase size={16} />}
            loading={busy}
            aria-label={t("tasks.workday.control", { state: stateLabel })}
            px={8}
          >
            <Text span size="sm" visibleFrom="sm" data-testid="workday-worked">
              {formatMinutes(worked)}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            {stateLabel} · {t("tasks.workday.worked", { minutes: formatMinutes(worked) })}
          </Menu.Label>
          {status.state === "working" && (
            <Menu.Item leftSection={<IconPlayerPause size={16} />} onClick={() => void act("pause")}>
              {t("tasks.workday.pause")}
            </Menu.Item>
          )}
          {status.state === "paused" && (
            <Menu.Item leftSection={<IconPlayerPlay size={16} />} onClick={() => void act("resume")}>
              {t("tasks.workday.resume")}
            </Menu.Item>
          )}
          {(status.state === "working" || status.state === "paused") && (
            <Menu.Item color="red" leftSection={<IconPlayerStop size={16} />} onClick={() => setConfirming(true)}>
              {t("tasks.workday.finish")}
            </Menu.Item>
          )}
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconCalendarTime size={16} />}
            onClick={() => void navigate({ to: "/workday", search: {} })}
          >
            {t("tasks.workday.title")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ConfirmModal
        opened={confirming}
        title={t("tasks.workday.finish")}
        message={t("tasks.workday.finishConfirm")}
        confirmLabel={t("tasks.workday.finish")}
        onConfirm={() => act("finish")}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}
