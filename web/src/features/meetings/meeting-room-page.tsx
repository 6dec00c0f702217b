import { Badge, Button, Center, Grid, Group, Stack, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconPlayerStop } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../lib/confirm-modal";
import { AnchorLink, ButtonLink } from "../../lib/links";
import { notifySuccess } from "../../lib/notify";
import { RecordGate, useRecordQuery } from "../../lib/record-page";
import { MeetingMinutesView } from "./meeting-minutes-view";
import { MeetingPanels } from "./meeting-panels";
import { MeetingStage } from "./meeting-stage";
import { endMeeting, type LoadedRoom, meetingRoomQuery, refreshMeetingRoom } from "./meetings-api";
import { useMeetingMesh, useMeetingRoomWatch } from "./use-meeting-room";

/** An online meeting: video of the participants, the agenda, questions, decisions, tasks, chat and minutes. */
export function MeetingRoomPage() {
  const { roomId } = useParams({ from: "/app/meetings/$roomId" });
  const query = useRecordQuery(meetingRoomQuery(roomId));
  return (
    <RecordGate query={query} notFound={<RoomNotFound />}>
      {(room) => <MeetingRoomView key={roomId} room={room} />}
    </RecordGate>
  );
}

function RoomNotFound() {
  const { t } = useTranslation();
  return (
    <Center mih="50vh" p="md">
      <Stack align="center" gap="sm" maw={420}>
        <Title order={3}>{t("meetingRoom.notFoundTitle")}</Title>
        <Text c="dimmed" ta="center">
          {t("meetingRoom.notFound")}
        </Text>
        <ButtonLink to="/calendar" search={{}} variant="light">
          {t("calendar.title")}
        </ButtonLink>
      </Stack>
    </Center>
  );
}

function MeetingRoomView({ room }: { room: LoadedRoom }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const search = useSearch({ from: "/app/meetings/$roomId" });
  const navigate = useNavigate({ from: "/meetings/$roomId" });
  const roomId = room.room.id;
  useMeetingRoomWatch(roomId);
  const mesh = useMeetingMesh(roomId, room.iceServers);
  const [ending, setEnding] = useState(false);

  useEffect(() => {
    mesh.name(room.peers);
    mesh.syncPeers(room.peers, room.loadStartedAt);
    // «Завершить встречу» let everyone go: a load after this tab joined shows no meeting (or a new one).
    if (mesh.status === "joined" && mesh.joinedAt !== null && room.loadStartedAt > mesh.joinedAt) {
      if (room.meeting === null || (mesh.meetingId !== null && room.meeting.id !== mesh.meetingId)) {
        mesh.leave({ tellServer: false, status: "ended" });
      } else mesh.meetingId ??= room.meeting.id;
    }
  }, [room, mesh]);

  const shown = search.minutes ?? (mesh.status === "ended" ? room.minutes[0]?.meetingId : undefined);
  const highlighted = room.minutes.find((minutes) => minutes.meetingId === shown);
  const earlier = room.minutes.filter((minutes) => minutes !== highlighted);
  const liveCount = room.peers.length;

  const endButton =
    room.abilities.end && room.meeting ? (
      <Button color="red" leftSection={<IconPlayerStop size={16} />} onClick={() => setEnding(true)}>
        {t("meetingRoom.stage.end")}
      </Button>
    ) : null;

  return (
    <Stack gap="md">
      {room.room.kind === "event" ? (
        <AnchorLink to="/calendar" search={{ event: room.room.subjectId }} size="sm" c="dimmed" w="fit-content">
          <Group gap={4} wrap="nowrap">
            <IconArrowLeft size={14} />
            {t("meetingRoom.backToEvent")}
          </Group>
        </AnchorLink>
      ) : (
        <AnchorLink
          to="/groups/$groupId"
          params={{ groupId: room.room.subjectId }}
          search={{}}
          size="sm"
          c="dimmed"
          w="fit-content"
        >
          <Group gap={4} wrap="nowrap">
            <IconArrowLeft size={14} />
            {t("meetingRoom.backToGroup")}
          </Group>
        </AnchorLink>
      )}
      <Group justify="space-between" align="center" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed">
            {t("meetingRoom.title")}
          </Text>
          <Title order={2} style={{ overflowWrap: "anywhere" }}>
            {room.room.title}
          </Title>
        </Stack>
        <Badge size="lg" variant="light" color={liveCount > 0 ? "teal" : "gray"} data-testid="meeting-live">
          {liveCount > 0 ? t("meetingRoom.live", { count: liveCount }) : t("meetingRoom.notLive")}
        </Badge>
      </Group>
      {highlighted && <MeetingMinutesView minutes={highlighted} highlighted />}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <MeetingStage mesh={mesh} maxPeers={room.maxPeers} endButton={endButton} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <MeetingPanels roomId={roomId} meeting={room.meeting} />
        </Grid.Col>
      </Grid>
      {earlier.length > 0 && (
        <Stack gap="sm">
          <Title order={4}>{t("meetingRoom.minutes.list")}</Title>
          {earlier.map((minutes) => (
            <MeetingMinutesView key={minutes.meetingId} minutes={minutes} />
          ))}
        </Stack>
      )}
      <ConfirmModal
        opened={ending}
        title={t("meetingRoom.stage.endTitle")}
        message={t("meetingRoom.stage.endConfirm")}
        confirmLabel={t("meetingRoom.stage.end")}
        onClose={() => setEnding(false)}
        onConfirm={async () => {
          const minutes = await endMeeting(roomId);
          mesh.leave({ tellServer: false, status: "ended" });
          notifySuccess(t("meetingRoom.stage.endedNotice"));
          refreshMeetingRoom(queryClient, roomId);
          void navigate({ search: { minutes: minutes.meetingId }, replace: true });
        }}
      />
    </Stack>
  );
}
