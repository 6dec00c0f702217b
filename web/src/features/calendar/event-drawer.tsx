import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
  Drawer,
  Group,
  Skeleton,
  Stack,
  Text,
  Textarea,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { AttendeeResponse, CalendarEvent } from "@planerka/common";
import {
  IconCheck,
  IconClock,
  IconLock,
  IconMapPin,
  IconPencil,
  IconQuestionMark,
  IconRepeat,
  IconTrash,
  IconVideo,
  IconX,
} from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDateTime, formatTime, inZone } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { MeetingEntry } from "../meetings/meeting-entry";
import { deleteEvent, type EventAnswer, eventQuery, refreshCalendarViews, respondToEvent } from "./calendar-api";
import { MyReminders } from "./my-reminders";
import { repeatOf } from "./recurrence";

/** The event opened from the calendar or from an invitation's link (`?event=<id>`). */
export function EventDrawer({
  eventId,
  onClose,
  onEdit,
}: {
  eventId: string | null;
  onClose: () => void;
  onEdit: (event: CalendarEvent) => void;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 48em)");
  return (
    <Drawer
      opened={eventId !== null}
      onClose={onClose}
      position="right"
      size={phone ? "100%" : 520}
      title={<Text fw={600}>{t("calendar.drawer.title")}</Text>}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      {eventId && <EventDetails eventId={eventId} onEdit={onEdit} onDeleted={onClose} />}
    </Drawer>
  );
}

const answerColors: Record<AttendeeResponse, string> = {
  pending: "gray",
  accepted: "teal",
  declined: "red",
  maybe: "yellow",
};

/** When it is, in the viewer's zone: «ср, 9 декабря 2026, 10:00–11:00», or the days of an all-day event. */
export function whenText(event: CalendarEvent, timeZone: string): string {
  if (event.allDay) {
    const first = dayjs(event.startDate).format("D MMMM YYYY");
    return event.endDate && event.endDate !== event.startDate
      ? `${first} – ${dayjs(event.endDate).format("D MMMM YYYY")}`
      : first;
  }
  const start = inZone(event.startsAt ?? "", timeZone);
  const end = inZone(event.endsAt ?? "", timeZone);
  return start.isSame(end, "day")
    ? `${start.format("dd, D MMMM YYYY, HH:mm")}–${formatTime(event.endsAt, timeZone)}`
    : `${formatDateTime(event.startsAt, timeZone)} – ${formatDateTime(event.endsAt, timeZone)}`;
}

function EventDetails({
  eventId,
  onEdit,
  onDeleted,
}: {
  eventId: string;
  onEdit: (event: CalendarEvent) => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const zone = me.calendarTimeZone;
  const queryClient = useQueryClient();
  const { data: event, error } = useQuery(eventQuery(eventId));
  const [deleting, setDeleting] = useState(false);

  if (error) return <Alert color="red">{problemText(error) || t("calendar.drawer.notFound")}</Alert>;
  if (!event) return <Skeleton h={280} />;

  const startDay = event.allDay ? event.startDate : inZone(event.startsAt ?? "", zone).format("YYYY-MM-DD");
  const repeat = event.recurrence ? repeatOf(event.recurrence, startDay ?? "", zone) : null;
  const repeatLabel = repeat
    ? `${t(`calendar.form.repeatChoices.${repeat.choice}`, { weekday: dayjs(startDay).format("dddd") })}${
        repeat.until ? ` ${t("calendar.drawer.until", { date: dayjs(repeat.until).format("D MMMM YYYY") })}` : ""
      }`
    : null;
  const linked = Boolean(event.deal || event.company || event.contact);

  return (
    <Stack gap="md" data-testid="event-details">
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Title order={3} style={{ flex: 1, overflowWrap: "anywhere" }}>
            {event.title}
          </Title>
          {event.private && (
            <Badge color="gray" variant="light" leftSection={<IconLock size={12} />}>
              {t("calendar.drawer.private")}
            </Badge>
          )}
        </Group>
        <Group gap={6}>
          <Badge
            variant="light"
            color={event.calendar === "company" ? "teal" : event.calendar === "group" ? "violet" : "blue"}
          >
            {event.group
              ? `${t(`calendar.kinds.${event.calendar}`)}: ${event.group.name}`
              : t(`calendar.kinds.${event.calendar}`)}
          </Badge>
        </Group>
        <Detail icon={<IconClock size={16} />}>{whenText(event, zone)}</Detail>
        {repeatLabel && (
          <Detail icon={<IconRepeat size={16} />} label={t("calendar.drawer.recurring")}>
            {repeatLabel}
          </Detail>
        )}
        {event.location && (
          <Detail icon={<IconMapPin size={16} />} label={t("calendar.drawer.location")}>
            {event.location}
          </Detail>
        )}
        {event.videoUrl && (
          <Detail icon={<IconVideo size={16} />} label={t("calendar.drawer.video")}>
            <Anchor href={event.videoUrl} target="_blank" rel="noopener noreferrer">
              {t("calendar.drawer.openVideo")}
            </Anchor>
          </Detail>
        )}
      </Stack>
      {event.description && (
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {event.description}
        </Text>
      )}
      {/* The event's online meeting room: for everyone who sees the event in full, as this card. */}
      <MeetingEntry subject={{ eventId: event.id }} />
      {event.abilities.respond && <MyAnswer event={event} />}
      {event.attendees.some((attendee) => attendee.userId === me.id) && <MyReminders event={event} />}
      <Stack gap={6}>
        <Text fw={600} size="sm">
          {t("calendar.drawer.attendees")}
        </Text>
        <Stack gap={6} role="list" aria-label={t("calendar.drawer.attendees")}>
          {event.attendees.map((attendee) => (
            <Stack key={attendee.userId} gap={0} role="listitem" data-testid="attendee">
              <Group gap="xs" wrap="nowrap" justify="space-between">
                <Text size="sm" truncate>
                  {attendee.name}
                  {attendee.organizer ? ` · ${t("calendar.drawer.organizer")}` : ""}
                </Text>
                <Badge size="sm" variant="light" color={answerColors[attendee.response]}>
                  {t(`calendar.responses.${attendee.response}`)}
                </Badge>
              </Group>
              {attendee.comment && (
                <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                  «{attendee.comment}»
                </Text>
              )}
            </Stack>
          ))}
        </Stack>
        {event.contacts.length > 0 && (
          <Text size="sm">
            <Text span c="dimmed" size="sm">
              {t("calendar.drawer.contacts")}:{" "}
            </Text>
            {event.contacts.map((contact) => contact.name).join(", ")}
          </Text>
        )}
      </Stack>
      {linked && (
        <Stack gap={4}>
          <Text fw={600} size="sm">
            {t("calendar.drawer.links")}
          </Text>
          {event.deal && (
            <LinkLine label={t("calendar.form.deal")}>
              <AnchorLink to="/crm/deals/$dealId" params={{ dealId: event.deal.id }} search={{}}>
                {event.deal.name}
              </AnchorLink>
            </LinkLine>
          )}
          {event.company && (
            <LinkLine label={t("calendar.form.company")}>
              <AnchorLink to="/crm/companies/$companyId" params={{ companyId: event.company.id }} search={{}}>
                {event.company.name}
              </AnchorLink>
            </LinkLine>
          )}
          {event.contact && (
            <LinkLine label={t("calendar.form.contact")}>
              <AnchorLink to="/crm/contacts/$contactId" params={{ contactId: event.contact.id }} search={{}}>
                {event.contact.name}
              </AnchorLink>
            </LinkLine>
          )}
        </Stack>
      )}
      {event.reminders.length > 0 && (
        <Text size="sm">
          <Text span c="dimmed" size="sm">
            {t("calendar.drawer.reminders")}:{" "}
          </Text>
          {event.reminders
            .map((minutes) =>
              [10, 30, 60, 1440].includes(minutes)
                ? t(`calendar.form.reminderChoices.m${minutes}` as "calendar.form.reminderChoices.m10")
                : t("calendar.form.reminderMinutes", { count: minutes }),
            )
            .join(", ")}
        </Text>
      )}
      {(event.abilities.edit || event.abilities.delete) && (
        <>
          <Divider />
          <Group gap="xs">
            {event.abilities.edit && (
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => onEdit(event)}>
                {t("common.edit")}
              </Button>
            )}
            {event.abilities.delete && (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => setDeleting(true)}
              >
                {t("common.delete")}
              </Button>
            )}
          </Group>
        </>
      )}
      <ConfirmModal
        opened={deleting}
        title={t("calendar.drawer.deleteTitle")}
        message={
          event.recurrence
            ? t("calendar.drawer.deleteSeries", { title: event.title })
            : t("calendar.drawer.deleteConfirm", { title: event.title })
        }
        confirmLabel={t("common.delete")}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await deleteEvent(event.id);
          refreshCalendarViews(queryClient);
          notifySuccess(t("calendar.drawer.deleted"));
          onDeleted();
        }}
      />
    </Stack>
  );
}

function LinkLine({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text size="sm">
      <Text span c="dimmed" size="sm">
        {label}:{" "}
      </Text>
      {children}
    </Text>
  );
}

function Detail({ icon, label, children }: { icon: ReactNode; label?: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <ThemeIcon
        variant="light"
        color="gray"
        size="sm"
        mt={2}
        title={label}
        aria-label={label}
        role={label ? "img" : undefined}
      >
        {icon}
      </ThemeIcon>
      <Text size="sm" style={{ overflowWrap: "anywhere" }}>
        {children}
      </Text>
    </Group>
  );
}

/** Принять / Под вопросом / Отклонить, with an optional comment. */
function MyAnswer({ event }: { event: CalendarEvent }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const mine = event.attendees.find((attendee) => attendee.userId === me.id);
  const [comment, setComment] = useState(mine?.comment ?? "");
  const [sending, setSending] = useState<EventAnswer | null>(null);

  const answer = async (response: EventAnswer) => {
    setSending(response);
    try {
      await respondToEvent(event.id, response, comment);
      refreshCalendarViews(queryClient, event.id);
      notifySuccess(t("calendar.drawer.answered"));
    } catch (error) {
      notifyError(error);
    } finally {
      setSending(null);
    }
  };

  const buttons: { response: EventAnswer; label: string; color: string; icon: ReactNode }[] = [
    { response: "accepted", label: t("calendar.drawer.accept"), color: "teal", icon: <IconCheck size={16} /> },
    { response: "maybe", label: t("calendar.drawer.maybe"), color: "yellow", icon: <IconQuestionMark size={16} /> },
    { response: "declined", label: t("calendar.drawer.decline"), color: "red", icon: <IconX size={16} /> },
  ];

  return (
    <Stack gap={6} p="sm" bg="var(--mantine-color-gray-light)" style={{ borderRadius: 8 }}>
      <Group justify="space-between" gap="xs">
        <Text fw={600} size="sm">
          {t("calendar.drawer.myAnswer")}
        </Text>
        {event.myResponse && (
          <Badge variant="light" color={answerColors[event.myResponse]}>
            {t(`calendar.responses.${event.myResponse}`)}
          </Badge>
        )}
      </Group>
      <Textarea
        label={t("calendar.drawer.comment")}
        placeholder={t("calendar.drawer.commentPlaceholder")}
        autosize
        minRows={1}
        maxRows={4}
        maxLength={1000}
        value={comment}
        onChange={(change) => setComment(change.currentTarget.value)}
      />
      <Group gap="xs" role="group" aria-label={t("calendar.drawer.myAnswer")}>
        {buttons.map((button) => (
          <Button
            key={button.response}
            size="xs"
            color={button.color}
            variant={event.myResponse === button.response ? "filled" : "light"}
            leftSection={button.icon}
            loading={sending === button.response}
            disabled={sending !== null && sending !== button.response}
            aria-pressed={event.myResponse === button.response}
            onClick={() => void answer(button.response)}
          >
            {button.label}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}
