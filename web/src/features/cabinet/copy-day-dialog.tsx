import { Button, Group, Modal, Stack, Text, UnstyledButton } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { addDays, isoWeekStart, type WeekCabinet } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { companyToday } from "../../lib/dates";
import { notifyError, notifySuccess } from "../../lib/notify";
import classes from "./cabinet.module.css";
import { copyActivityDay, refreshAfterCopy } from "./week-plan-api";
import { formatDay } from "./week-table";

export interface CopyDayDialogProps {
  userId: string;
  /** The week on screen; the target is a day of it or of the next one. */
  week: WeekCabinet;
  /** The day copied, or null while closed. */
  from: string | null;
  onClose: () => void;
}

/** «Копировать день»: every activity of one day planned again on another, in one request. */
export function CopyDayDialog({ userId, week, from, onClose }: CopyDayDialogProps) {
  const { t, i18n } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  return (
    <Modal
      opened={from !== null}
      onClose={onClose}
      title={
        <Text span fw={600}>
          {from ? t("cabinet.copyDay.title", { date: formatDay(from, i18n.language) }) : ""}
        </Text>
      }
      size="lg"
      centered={!phone}
      fullScreen={phone}
    >
      {from && <CopyDayForm key={from} userId={userId} week={week} from={from} onClose={onClose} />}
    </Modal>
  );
}

function CopyDayForm({
  userId,
  week,
  from,
  onClose,
}: {
  userId: string;
  week: WeekCabinet;
  from: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const today = companyToday(me.timeZone);
  const [target, setTarget] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const count = week.days.find((day) => day.date === from)?.activities.length ?? 0;
  const planned = new Map(week.days.map((day) => [day.date, day.activities.length]));
  const monday = isoWeekStart(week.week);
  const weeks = [
    { label: t("cabinet.copyDay.thisWeek"), days: Array.from({ length: 7 }, (_, index) => addDays(monday, index)) },
    {
      label: t("cabinet.copyDay.nextWeek"),
      days: Array.from({ length: 7 }, (_, index) => addDays(monday, 7 + index)),
    },
  ];

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!target) return;
    setPending(true);
    try {
      const result = await copyActivityDay({ ownerId: userId, from, to: target });
      // The table is read again before the dialog closes, so it already shows the copies.
      await refreshAfterCopy(queryClient);
      notifySuccess(t("cabinet.copyDay.done", { count: result.total, date: formatDay(target, i18n.language) }));
      onClose();
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <Text size="sm">{count > 0 ? t("cabinet.copyDay.summary", { count }) : t("cabinet.copyDay.nothing")}</Text>
        <fieldset className={classes.dayFieldset}>
          <legend className={classes.dayLegend}>{t("cabinet.copyDay.target")}</legend>
          <Stack gap="sm">
            {weeks.map((group) => (
              <Stack key={group.label} gap={4}>
                <Text size="xs" fw={600} c="dimmed" tt="uppercase">
                  {group.label}
                </Text>
                <div className={classes.dayPicker}>
                  {group.days.map((day) => {
                    const busy = planned.get(day) ?? 0;
                    const label = formatDay(day, i18n.language);
                    const weekend = dayjs(day).day() === 0 || dayjs(day).day() === 6;
                    return (
                      <UnstyledButton
                        key={day}
                        className={classes.dayOption}
                        data-selected={target === day || undefined}
                        data-weekend={weekend || undefined}
                        disabled={day === from || day < today}
                        aria-pressed={target === day}
                        aria-label={busy > 0 ? `${label} (${t("cabinet.copyDay.busy", { count: busy })})` : undefined}
                        title={busy > 0 ? t("cabinet.copyDay.busy", { count: busy }) : undefined}
                        onClick={() => setTarget(day)}
                      >
                        {label}
                        {busy > 0 && (
                          <span className={classes.dayOptionBusy} aria-hidden>
                            {busy}
                          </span>
                        )}
                      </UnstyledButton>
                    );
                  })}
                </div>
              </Stack>
            ))}
          </Stack>
          {[...planned.values()].some((busy) => busy > 0) && (
            <Text size="xs" c="dimmed" mt="xs">
              {t("cabinet.copyDay.busyHint")}
            </Text>
          )}
        </fieldset>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={pending} disabled={!target || count === 0}>
            {t("cabinet.copyDay.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
