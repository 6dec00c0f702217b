import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { DatePickerInput, DatesProvider, DateTimePicker } from "@mantine/dates";
import { useMediaQuery } from "@mantine/hooks";
import { type CalendarEvent, type CalendarKind, calendarKinds, eventWriteSchema } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formErrors } from "../../lib/form-validation";
import { handleFormError, isStaleVersion, notifySuccess } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { CompanyContactPickers } from "../crm/company-contact-pickers";
import { ContactMultiPicker } from "../crm/contact-multi-picker";
import { GroupSelect } from "../groups/group-select";
import { UserMultiPicker } from "../org/user-multi-picker";
import { fromPicker, toPicker } from "../tasks/task-form-values";
import { TitledRecordPicker } from "../tasks/task-pickers";
import { BusyGrid } from "./busy-grid";
import { createEvent, eventQuery, refreshCalendarViews, updateEvent } from "./calendar-api";
import {
  type EventFormInitial,
  type EventFormValues,
  inputOf,
  meetingMinutes,
  patchOf,
  pickerMinutes,
  pickerPlus,
  reminderOptions,
  timeProblem,
  valuesOf,
  withSlot,
} from "./event-form-values";
import { type RepeatChoice, repeatChoices } from "./recurrence";

/** A new event (with prefilled values) or an event to change. */
export interface EventFormTarget {
  event?: CalendarEvent;
  initial?: EventFormInitial;
}

/** The event form in a dialog; the whole screen on a phone. */
export function EventFormDialog({
  target,
  onClose,
  onSaved,
}: {
  target: EventFormTarget | null;
  onClose: () => void;
  onSaved?: (event: CalendarEvent) => void;
}) {
  const { t, i18n } = useTranslation();
  const phone = useMediaQuery("(max-width: 48em)");
  const queryClient = useQueryClient();
  // The event reloaded after someone else's change (409): the form remounts with it and says so.
  const [reloaded, setReloaded] = useState<CalendarEvent | null>(null);
  const event = reloaded ?? target?.event;
  const close = () => {
    setReloaded(null);
    onClose();
  };
  return (
    <Modal
      opened={target !== null}
      onClose={close}
      title={
        <Text span fw={600}>
          {event ? t("calendar.form.editTitle") : t("calendar.form.createTitle")}
        </Text>
      }
      size="xl"
      fullScreen={Boolean(phone)}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>
        {target && (
          <EventForm
            key={event ? `${event.id}-${event.version}` : "new"}
            event={event}
            initial={target.initial}
            stale={reloaded !== null}
            onCancel={close}
            onSaved={(saved) => {
              onSaved?.(saved);
              close();
            }}
            onStale={async () => {
              if (!event) return;
              setReloaded(await queryClient.fetchQuery({ ...eventQuery(event.id), staleTime: 0 }));
            }}
          />
        )}
      </DatesProvider>
    </Modal>
  );
}

interface EventFormProps {
  event?: CalendarEvent;
  initial?: EventFormInitial;
  stale: boolean;
  onCancel: () => void;
  onSaved: (event: CalendarEvent) => void;
  onStale: () => Promise<void>;
}

function EventForm({ event, initial, stale, onCancel, onSaved, onStale }: EventFormProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  const me = useMe();
  const zone = me.calendarTimeZone;
  const queryClient = useQueryClient();
  const form = useFormState<EventFormValues>(() =>
    valuesOf(event, initial, zone, toPicker(new Date().toISOString(), zone) ?? ""),
  );
  const { values, setField, errors } = form;
  const [saving, setSaving] = useState(false);
  const organizer = event ? event.organizer : { id: me.id, name: me.name };
  const startDay = values.start?.slice(0, 10) ?? null;
  const weekday = startDay ? dayjs(startDay).format("dddd") : "";

  const setStart = (start: string | null) => {
    // The end follows the start and keeps the meeting's length.
    const length = pickerMinutes(values.start, values.end);
    setField("start", start);
    if (start && length > 0) setField("end", pickerPlus(start, length));
  };
  const setDay = (key: "start" | "end", day: string | null) => {
    if (!day) return;
    const time = values[key]?.slice(11) || (key === "start" ? "09:00:00" : "10:00:00");
    if (key === "start") setStart(`${day} ${time}`);
    else setField("end", `${day} ${time}`);
  };

  const submit = async (submitted: FormEvent) => {
    submitted.preventDefault();
    const input = inputOf(values, zone);
    const problems: Record<string, string> = formErrors(eventWriteSchema, input, t, {
      fields: { startsAt: "start", endsAt: "end", startDate: "start", endDate: "end", attendeeIds: "attendees" },
      texts: { videoUrl: () => t("calendar.form.badVideoUrl") },
    });
    if (!values.start) problems.start = t("errors.required");
    if (!values.end) problems.end = t("errors.required");
    if (timeProblem(values)) problems.end = t("calendar.form.endBeforeStart");
    if (values.calendar === "group" && !values.groupId) problems.groupId = t("calendar.form.groupRequired");
    if (Object.keys(problems).length > 0) return form.setErrors(problems);
    setSaving(true);
    try {
      let saved: CalendarEvent;
      if (event) {
        const patch = patchOf(event, values, zone);
        if (Object.keys(patch).length === 0) return onSaved(event);
        saved = await updateEvent(event.id, { ...patch, version: event.version });
        notifySuccess(t("calendar.form.saved"));
      } else {
        saved = await createEvent(input);
        notifySuccess(t("calendar.form.created"));
      }
      refreshCalendarViews(queryClient, saved);
      onSaved(saved);
    } catch (error) {
      handleFormError(error, form);
      if (isStaleVersion(error)) await onStale();
    } finally {
      setSaving(false);
    }
  };

  const proposed =
    !values.allDay && values.start && values.end && !timeProblem(values)
      ? { start: fromPicker(values.start, zone) ?? "", end: fromPicker(values.end, zone) ?? "" }
      : null;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {stale && (
          <Alert color="yellow" role="alert">
            {t("calendar.form.stale")}
          </Alert>
        )}
        <TextInput
          label={t("calendar.form.title")}
          placeholder={t("calendar.form.titlePlaceholder")}
          required
          maxLength={300}
          data-autofocus
          {...form.text("title")}
        />
        <Switch
          label={t("calendar.form.allDay")}
          checked={values.allDay}
          onChange={(change) => setField("allDay", change.currentTarget.checked)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {values.allDay ? (
            <>
              <DatePickerInput
                label={t("calendar.form.startDay")}
                value={values.start?.slice(0, 10) ?? null}
                onChange={(day) => setDay("start", day)}
                valueFormat="D MMMM YYYY"
                required
                error={errors.start}
              />
              <DatePickerInput
                label={t("calendar.form.endDay")}
                value={values.end?.slice(0, 10) ?? null}
                onChange={(day) => setDay("end", day)}
                valueFormat="D MMMM YYYY"
                minDate={values.start?.slice(0, 10)}
                required
                error={errors.end}
              />
            </>
          ) : (
            <>
              <DateTimePicker
                label={t("calendar.form.start")}
                value={values.start}
                onChange={setStart}
                valueFormat="D MMMM YYYY, HH:mm"
                required
                error={errors.start}
              />
              <DateTimePicker
                label={t("calendar.form.end")}
                value={values.end}
                onChange={(value) => setField("end", value)}
                valueFormat="D MMMM YYYY, HH:mm"
                minDate={values.start ?? undefined}
                required
                error={errors.end}
              />
            </>
          )}
          <Select
            label={t("calendar.form.repeat")}
            data={[...repeatChoices, ...(values.repeat.choice === "custom" ? (["custom"] as const) : [])].map(
              (choice) => ({ value: choice, label: t(`calendar.form.repeatChoices.${choice}`, { weekday }) }),
            )}
            value={values.repeat.choice}
            onChange={(choice) => setField("repeat", { ...values.repeat, choice: (choice ?? "none") as RepeatChoice })}
            allowDeselect={false}
            error={errors.recurrence}
          />
          {values.repeat.choice !== "none" && (
            <DatePickerInput
              label={t("calendar.form.until")}
              placeholder={t("calendar.form.untilPlaceholder")}
              value={values.repeat.until}
              onChange={(until) => setField("repeat", { ...values.repeat, until })}
              valueFormat="D MMMM YYYY"
              minDate={startDay ?? undefined}
              clearable
              disabled={values.repeat.choice === "custom"}
            />
          )}
        </SimpleGrid>
        <UserMultiPicker
          label={t("calendar.form.attendees")}
          placeholder={values.attendees.length === 0 ? t("calendar.form.attendeesPlaceholder") : undefined}
          value={values.attendees}
          onChange={(people) =>
            setField(
              "attendees",
              people.filter((person) => person.id !== organizer.id),
            )
          }
          error={errors.attendees}
        />
        {startDay && (
          <BusyGrid
            people={[organizer, ...values.attendees]}
            day={startDay}
            proposed={proposed}
            durationMinutes={meetingMinutes(values)}
            timeZone={zone}
            meId={me.id}
            compact={phone}
            onPick={(slot) => form.reset(withSlot(values, slot, zone))}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t("calendar.form.location")} maxLength={500} {...form.text("location")} />
          <TextInput
            label={t("calendar.form.videoUrl")}
            type="url"
            inputMode="url"
            maxLength={2000}
            {...form.text("videoUrl")}
          />
        </SimpleGrid>
        <Textarea
          label={t("calendar.form.description")}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={10_000}
          value={values.description}
          onChange={(change) => setField("description", change.currentTarget.value)}
          error={errors.description}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t("calendar.form.calendar")}
            </Text>
            <SegmentedControl
              aria-label={t("calendar.form.calendar")}
              value={values.calendar}
              onChange={(kind) => setField("calendar", kind as CalendarKind)}
              disabled={Boolean(event)}
              data={calendarKinds.map((kind) => ({ value: kind, label: t(`calendar.legend.${kind}`) }))}
              fullWidth
            />
            {event && (
              <Text size="xs" c="dimmed">
                {t("calendar.form.calendarFixed")}
              </Text>
            )}
          </Stack>
          {values.calendar === "group" && (
            <GroupSelect
              label={t("calendar.form.group")}
              value={values.groupId}
              current={values.groupId && values.groupName ? { id: values.groupId, name: values.groupName } : null}
              onChange={(id, name) => {
                setField("groupId", id);
                setField("groupName", name);
              }}
              disabled={Boolean(event)}
              required
              error={errors.groupId}
            />
          )}
        </SimpleGrid>
        <Switch
          label={t("calendar.form.private")}
          description={t("calendar.form.privateHint")}
          checked={values.private}
          onChange={(change) => setField("private", change.currentTarget.checked)}
        />
        <Text size="sm" fw={500} mt={4}>
          {t("calendar.form.links")}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TitledRecordPicker
            entity="deals"
            label={t("calendar.form.deal")}
            value={values.dealId}
            initialOption={values.dealId && values.dealTitle ? { id: values.dealId, name: values.dealTitle } : null}
            onChange={(id, title) => {
              setField("dealId", id);
              setField("dealTitle", title);
            }}
            error={errors.dealId}
          />
          <CompanyContactPickers
            values={values}
            errors={errors}
            setField={setField}
            labels={{ company: t("calendar.form.company"), contact: t("calendar.form.contact") }}
          />
        </SimpleGrid>
        <ContactMultiPicker
          label={t("calendar.form.contacts")}
          description={t("calendar.form.contactsHint")}
          value={values.contacts}
          onChange={(contacts) => setField("contacts", contacts)}
          maxValues={50}
          error={errors.contactIds}
        />
        <MultiSelect
          label={t("calendar.form.reminders")}
          data={reminderOptions(values.reminders, t)}
          value={values.reminders}
          onChange={(reminders) => setField("reminders", reminders)}
          maxValues={5}
          clearable
          error={errors.reminders}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={saving}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
