import { ActionIcon, Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Tooltip } from "@mantine/core";
import {
  IconDoorExit,
  IconMicrophone,
  IconMicrophoneOff,
  IconScreenShare,
  IconScreenShareOff,
  IconVideo,
  IconVideoOff,
} from "@tabler/icons-react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { notifyErrorAs } from "../../lib/notify";
import type { MeetingMesh } from "./meeting-mesh";

/** The video of everyone in the room and the tab's own controls; before joining, the way in. */
export function MeetingStage({
  mesh,
  maxPeers,
  endButton,
}: {
  mesh: MeetingMesh;
  maxPeers: number;
  endButton: React.ReactNode;
}) {
  const { t } = useTranslation();
  const joined = mesh.status === "joined";

  if (!joined) {
    return (
      <Paper withBorder radius="md" p="lg">
        <Stack align="center" gap="sm">
          {mesh.status === "full" && (
            <Alert color="orange" w="100%" data-testid="meeting-full">
              {t("meetingRoom.stage.full", { count: maxPeers })}
            </Alert>
          )}
          {mesh.status === "refused" && (
            <Alert color="red" w="100%">
              {t("meetingRoom.stage.refused")}
            </Alert>
          )}
          {mesh.status === "ended" && (
            <Alert color="blue" w="100%">
              {t("meetingRoom.stage.ended")}
            </Alert>
          )}
          <Text size="sm" c="dimmed" ta="center" maw={460}>
            {t("meetingRoom.stage.joinHint")}
          </Text>
          <Group gap="xs">
            <Button
              leftSection={<IconVideo size={16} />}
              loading={mesh.status === "joining"}
              onClick={() => void mesh.join()}
            >
              {t("meetingRoom.stage.join")}
            </Button>
            {endButton}
          </Group>
        </Stack>
      </Paper>
    );
  }

  const mediaNotice =
    mesh.mediaError === "none"
      ? t("meetingRoom.stage.noMedia")
      : mesh.mediaError === "camera"
        ? t("meetingRoom.stage.noCamera")
        : mesh.mediaError === "microphone"
          ? t("meetingRoom.stage.noMicrophone")
          : null;

  return (
    <Stack gap="sm">
      {mediaNotice && (
        <Alert color="yellow" py="xs">
          {mediaNotice}
        </Alert>
      )}
      <SimpleGrid
        cols={{ base: 1, xs: 2, md: mesh.remotes.length >= 3 ? 3 : 2 }}
        spacing="xs"
        role="region"
        aria-label={t("meetingRoom.stage.region")}
      >
        <VideoTile
          stream={mesh.local}
          name={t("meetingRoom.stage.me")}
          muted
          mirrored={!mesh.sharing}
          testId="video-me"
        />
        {mesh.remotes.map((remote) => (
          <VideoTile
            key={remote.peerId}
            stream={remote.stream}
            name={remote.user.name || t("meetingRoom.stage.connecting")}
            note={remote.state === "connected" ? undefined : t("meetingRoom.stage.connecting")}
            testId="video-peer"
          />
        ))}
      </SimpleGrid>
      <Group gap="xs" justify="center" wrap="wrap">
        <Toggle
          on={mesh.micOn}
          disabled={mesh.mediaError === "microphone" || mesh.mediaError === "none"}
          labelOn={t("meetingRoom.stage.micOff")}
          labelOff={t("meetingRoom.stage.micOn")}
          iconOn={<IconMicrophone size={18} />}
          iconOff={<IconMicrophoneOff size={18} />}
          onClick={() => mesh.toggleMic()}
        />
        <Toggle
          on={mesh.cameraOn}
          disabled={mesh.mediaError === "camera" || mesh.mediaError === "none"}
          labelOn={t("meetingRoom.stage.cameraOff")}
          labelOff={t("meetingRoom.stage.cameraOn")}
          iconOn={<IconVideo size={18} />}
          iconOff={<IconVideoOff size={18} />}
          onClick={() => mesh.toggleCamera()}
        />
        {typeof navigator.mediaDevices?.getDisplayMedia === "function" && (
          <Toggle
            on={!mesh.sharing}
            labelOn={t("meetingRoom.stage.shareScreen")}
            labelOff={t("meetingRoom.stage.stopSharing")}
            iconOn={<IconScreenShare size={18} />}
            iconOff={<IconScreenShareOff size={18} />}
            onClick={() =>
              void mesh.toggleScreen().catch((error: Error) => {
                // Closing the browser's picker without choosing is no failure.
                if (error.name !== "NotAllowedError" && error.name !== "AbortError")
                  notifyErrorAs(error, t("meetingRoom.stage.shareFailed"));
              })
            }
          />
        )}
        <Button variant="default" color="red" leftSection={<IconDoorExit size={16} />} onClick={() => mesh.leave()}>
          {t("meetingRoom.stage.leave")}
        </Button>
        {endButton}
      </Group>
    </Stack>
  );
}

function Toggle({
  on,
  disabled,
  labelOn,
  labelOff,
  iconOn,
  iconOff,
  onClick,
}: {
  on: boolean;
  disabled?: boolean;
  labelOn: string;
  labelOff: string;
  iconOn: React.ReactNode;
  iconOff: React.ReactNode;
  onClick: () => void;
}) {
  const label = on ? labelOn : labelOff;
  return (
    <Tooltip label={label}>
      <ActionIcon
        size="xl"
        radius="xl"
        variant={on ? "default" : "filled"}
        color={on ? "gray" : "red"}
        aria-label={label}
        disabled={disabled}
        onClick={onClick}
      >
        {on ? iconOn : iconOff}
      </ActionIcon>
    </Tooltip>
  );
}

function VideoTile({
  stream,
  name,
  note,
  muted = false,
  mirrored = false,
  testId,
}: {
  stream: MediaStream | null;
  name: string;
  note?: string;
  muted?: boolean;
  mirrored?: boolean;
  testId: string;
}) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (!element || element.srcObject === stream) return;
    element.srcObject = stream;
    if (stream) void element.play().catch(() => undefined);
  });
  return (
    <Paper
      radius="md"
      bg="dark.7"
      pos="relative"
      style={{ overflow: "hidden", aspectRatio: "16 / 9" }}
      data-testid={testId}
    >
      <video
        ref={video}
        autoPlay
        playsInline
        muted={muted}
        style={{
          width: "100%",
          height: "100%",
          objectFit: "cover",
          transform: mirrored ? "scaleX(-1)" : undefined,
        }}
      />
      <Text
        size="xs"
        c="white"
        pos="absolute"
        bottom={6}
        left={8}
        px={6}
        style={{ background: "rgba(0,0,0,0.55)", borderRadius: 4 }}
      >
        {name}
        {note ? ` · ${note}` : ""}
      </Text>
    </Paper>
  );
}
