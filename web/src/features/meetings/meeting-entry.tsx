import { Badge, Button, Group, Stack, Text } from "@mantine/core";
import { IconVideo } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { notifyError } from "../../lib/notify";
import { type MeetingSubject, meetingLookupQuery, openMeetingRoom } from "./meetings-api";

/**
 * «Онлайн-встреча» on an event's card and a group's page: into the room (made on first use), with
 * whether a meeting is going on, and the earlier meetings' minutes.
 */
export function MeetingEntry({ subject, compact = false }: { subject: MeetingSubject; compact?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const zone = useMe().calendarTimeZone;
  const { data } = useQuery(meetingLookupQuery(subject));
  const [opening, setOpening] = useState(false);
  const open = async () => {
    setOpening(true);
    try {
      const room = data?.room ?? (await openMeetingRoom(subject));
      await navigate({ to: "/meetings/$roomId", params: { roomId: room.id }, search: {} });
    } catch (error) {
      notifyError(error);
    } finally {
      setOpening(false);
    }
  };
  const live = data?.room?.peerCount ?? 0;
  const roomId = data?.room?.id;
  return (
    <Stack gap={6} data-testid="meeting-entry">
      <Group gap="xs" wrap="wrap">
        <Button
          variant={live > 0 ? "filled" : "light"}
          color={live > 0 ? "teal" : undefined}
          leftSection={<IconVideo size={16} />}
          loading={opening}
          onClick={() => void open()}
          title={t("meetingRoom.openHint")}
        >
          {t("meetingRoom.open")}
        </Button>
        {live > 0 && (
          <Badge variant="light" color="teal">
            {t("meetingRoom.live", { count: live })}
          </Badge>
        )}
      </Group>
      {!compact && roomId && (data?.minutes.length ?? 0) > 0 && (
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            {t("meetingRoom.minutes.list")}
          </Text>
          {data?.minutes.slice(0, 5).map((minutes) => (
            <AnchorLink
              key={minutes.meetingId}
              to="/meetings/$roomId"
              params={{ roomId }}
              search={{ minutes: minutes.meetingId }}
              size="sm"
            >
              {t("meetingRoom.minutes.title")} · {formatDateTime(minutes.endedAt, zone)}
            </AnchorLink>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
