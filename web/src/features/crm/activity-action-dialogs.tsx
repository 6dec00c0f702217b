import { Button, Group, Modal, SimpleGrid, Stack, Text, Textarea } from "@mantine/core";
import { DateInput, TimeInput } from "@mantine/dates";
import { useMediaQuery } from "@mantine/hooks";
import type { Activity } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { handleFormError, isStaleVersion, notifySuccess } from "../../lib/notify";
import { completeActivity, refreshActivityViews, updateActivity } from "./activities-api";
import { isTime, joinInstant, parseTypedDate, splitInstant, zonedNow } from "./activity-time";

interface ActionDialogProps {
  opened: boolean;
  activity: Activity | null;
  onClose: () => void;
}

function useRefreshActivities() {
  const queryClient = useQueryClient();
  return () => refreshActivityViews(queryClient);
}

/** «Выполнить»: closes the activity with a result. */
export function CompleteActivityDialog({ opened, activity, onClose }: ActionDialogProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  return (
    <Modal
      opened={opened && activity !== null}
      onClose={onClose}
      title={
        <Text span fw={600}>
          {t("activities.page.completeTitle")}
        </Text>
      }
      size="md"
      centered={!phone}
    >
      {activity && <CompleteForm key={activity.id} activity={activity} onClose={onClose} />}
    </Modal>
  );
}

function CompleteForm({ activity, onClose }: { activity: Activity; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshActivities();
  const [result, setResult] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setPending(true);
    try {
      await completeActivity(activity.id, { result: result.trim() || null, version: activity.version });
      notifySuccess(t("activities.page.completed"));
      void refresh();
      onClose();
    } catch (caught) {
      handleFormError(caught, { setErrors: (errors) => setError(errors.result) });
      if (isStaleVersion(caught)) {
        void refresh();
        onClose();
      }
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" fw={500}>
          {activity.subject}
        </Text>
        <Textarea
          label={t("activities.page.completeResult")}
          placeholder={t("activities.page.completeResultPlaceholder")}
          description={t("activities.form.descriptionHint")}
          autosize
          minRows={3}
          maxRows={8}
          maxLength={5000}
          data-autofocus
          value={result}
          error={error}
          onChange={(event) => {
            setResult(event.currentTarget.value);
            setError(undefined);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void submit();
            }
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" color="teal" loading={pending}>
            {t("activities.page.actions.complete")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** «Перенести»: a new due date and time, with quick presets. */
export function RescheduleActivityDialog({ opened, activity, onClose }: ActionDialogProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  return (
    <Modal
      opened={opened && activity !== null}
      onClose={onClose}
      title={
        <Text span fw={600}>
          {t("activities.page.rescheduleTitle")}
        </Text>
      }
      size="md"
      centered={!phone}
    >
      {activity && <RescheduleForm key={activity.id} activity={activity} onClose={onClose} />}
    </Modal>
  );
}

function RescheduleForm({ activity, onClose }: { activity: Activity; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const refresh = useRefreshActivities();
  const current = splitInstant(activity.dueAt, me.timeZone);
  const [date, setDate] = useState<string | null>(current.date);
  const [time, setTime] = useState(current.time);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [pending, setPending] = useState(false);

  const preset = (days: number, hours = 0) => {
    if (hours > 0) {
      const next = zonedNow(me.timeZone).add(hours, "hour");
      setDate(next.format("YYYY-MM-DD"));
      setTime(next.format("HH:mm"));
    } else {
      setDate(zonedNow(me.timeZone).add(days, "day").format("YYYY-MM-DD"));
    }
    setErrors({});
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const next: Record<string, string> = {};
    if (!date) next.dueDate = t("errors.required");
    if (!isTime(time)) next.dueTime = t("activities.form.invalidTime");
    if (Object.keys(next).length > 0) return setErrors(next);
    setPending(true);
    try {
      const dueAt = joinInstant(date ?? "", time, me.timeZone);
      await updateActivity(activity.id, { dueAt, version: activity.version });
      notifySuccess(t("activities.page.rescheduled", { date: formatDateTime(dueAt, me.timeZone) }));
      void refresh();
      onClose();
    } catch (caught) {
      handleFormError(caught, { setErrors: (fields) => setErrors({ dueDate: fields.dueAt }) });
      if (isStaleVersion(caught)) {
        void refresh();
        onClose();
      }
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" fw={500}>
          {activity.subject}
        </Text>
        <Group gap={6}>
          <Button size="compact-sm" variant="light" onClick={() => preset(0, 1)}>
            {t("activities.page.presets.inHour")}
          </Button>
          <Button size="compact-sm" variant="light" onClick={() => preset(1)}>
            {t("activities.page.presets.tomorrow")}
          </Button>
          <Button size="compact-sm" variant="light" onClick={() => preset(2)}>
            {t("activities.page.presets.inTwoDays")}
          </Button>
          <Button size="compact-sm" variant="light" onClick={() => preset(7)}>
            {t("activities.page.presets.nextWeek")}
          </Button>
        </Group>
        <SimpleGrid cols={2} spacing="sm">
          <DateInput
            label={t("activities.page.rescheduleTo")}
            required
            value={date}
            onChange={(value) => {
              setDate(value);
              setErrors({});
            }}
            valueFormat="DD.MM.YYYY"
            locale={i18n.language}
            dateParser={parseTypedDate}
            minDate={dayjs().subtract(1, "year").format("YYYY-MM-DD")}
            error={errors.dueDate}
            popoverProps={{ withinPortal: true }}
          />
          <TimeInput
            label={t("activities.form.dueTime")}
            required
            value={time}
            onChange={(event) => {
              setTime(event.currentTarget.value);
              setErrors({});
            }}
            error={errors.dueTime}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={pending}>
            {t("activities.page.actions.reschedule")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
