import { Badge } from "@mantine/core";
import { IconClock } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

const clock = (seconds: number) => {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const pad = (value: number) => String(value).padStart(2, "0");
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(rest)}` : `${pad(minutes)}:${pad(rest)}`;
};

/**
 * The time left, counted down from the server's figure as of when it was read (`readAt`), so the
 * browser's clock being wrong does not matter; `onExpired` once it reaches zero (the server decides).
 */
export function AttemptTimer({
  secondsLeft,
  readAt,
  onExpired,
}: {
  secondsLeft: number;
  readAt: number;
  onExpired: () => void;
}) {
  const { t } = useTranslation();
  const left = () => Math.max(0, Math.round(secondsLeft - (Date.now() - readAt) / 1000));
  const [now, setNow] = useState(left);
  useEffect(() => {
    const tick = () => {
      const next = Math.max(0, Math.round(secondsLeft - (Date.now() - readAt) / 1000));
      setNow(next);
      if (next === 0) {
        window.clearInterval(timer);
        onExpired();
      }
    };
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [secondsLeft, readAt, onExpired]);
  const urgent = now < 60;
  return (
    <Badge
      size="lg"
      variant={urgent ? "filled" : "light"}
      color={urgent ? "red" : "blue"}
      leftSection={<IconClock size={14} />}
      role="timer"
      aria-label={t("courses.attempt.timeLeft", { time: clock(now) })}
    >
      {clock(now)}
    </Badge>
  );
}
