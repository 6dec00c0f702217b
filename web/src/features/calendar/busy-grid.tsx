import { Alert, Box, Button, Group, Paper, Skeleton, Stack, Switch, Text, Tooltip } from "@mantine/core";
import type { PersonRef } from "@planerka/common";
import { IconSparkles } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatTime, inZone } from "../../lib/dates";
import { problemText } from "../../lib/notify";
import { blockPositions, gridDays, hourMarks } from "./busy-grid-model";
import styles from "./calendar.module.css";
import { busyQuery } from "./calendar-api";

interface BusyGridProps {
  /** The organizer first, then the invited. */
  people: PersonRef[];
  /** The meeting's day (YYYY-MM-DD in the viewer's zone). */
  day: string;
  /** The proposed time (instants), highlighted on every row. */
  proposed: { start: string; end: string } | null;
  durationMinutes: number;
  timeZone: string;
  meId: string;
  /** A narrow screen: fewer hour labels. */
  compact?: boolean;
  onPick: (slot: { start: string; end: string }) => void;
}

/**
 * Who is busy when: a row per person over 08:00–20:00 of the meeting's day (or its week), the
 * proposed time outlined across all rows, and «Ближайшее общее свободное время», which moves the
 * meeting to the first slot of its length when everyone is free.
 */
export function BusyGrid(props: BusyGridProps) {
  const { people, day, proposed, durationMinutes, timeZone, meId, compact = false, onPick } = props;
  const { t } = useTranslation();
  const [week, setWeek] = useState(false);
  const days = gridDays(day, week);
  const userIds = people.map((person) => person.id);
  const { data, error, isFetching } = useQuery(
    busyQuery({ userIds, from: days[0] ?? day, to: days.at(-1) ?? day, durationMinutes }),
  );
  const free = data?.firstCommonFree ?? null;
  const proposedBlocks = proposed ? blockPositions([proposed], days, timeZone) : [];
  // A week marks each day's start (and its 14:00); a day marks every second hour, every fourth on a phone.
  const marks = hourMarks(days.length, week ? 6 : compact ? 4 : 2);
  const slotText = (slot: { start: string; end: string }) =>
    `${inZone(slot.start, timeZone).format(week ? "dd D MMM, HH:mm" : "HH:mm")}–${formatTime(slot.end, timeZone)}`;

  return (
    <Paper withBorder radius="md" p="sm" role="group" aria-label={t("calendar.busyGrid.title")}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} size="sm">
            {t("calendar.busyGrid.title")}
          </Text>
          <Switch
            size="xs"
            label={t("calendar.busyGrid.week")}
            checked={week}
            onChange={(event) => setWeek(event.currentTarget.checked)}
          />
        </Group>
        {error ? (
          <Alert color="red" p="xs">
            {t("calendar.busyGrid.loadFailed")}: {problemText(error)}
          </Alert>
        ) : !data ? (
          <Skeleton h={26 * Math.max(1, people.length) + 20} />
        ) : (
          <Box style={{ opacity: isFetching ? 0.7 : 1 }} data-testid="busy-grid">
            <div className={styles.busyRow}>
              <span />
              <div className={styles.busyScale} aria-hidden>
                {marks.map((mark, index) => (
                  <span
                    key={`${mark.left}-${mark.label}`}
                    className={styles.busyScaleMark}
                    style={{ left: `${mark.left}%` }}
                  >
                    {week
                      ? index % 2 === 0
                        ? dayjs(days[index / 2]).format(compact ? "dd" : "dd D")
                        : ""
                      : mark.label}
                  </span>
                ))}
              </div>
            </div>
            <Stack gap={4}>
              {people.map((person) => {
                const answer = data.people.find((row) => row.userId === person.id);
                const name = answer?.name ?? person.name;
                const blocks = blockPositions(answer?.busy ?? [], days, timeZone);
                return (
                  <div key={person.id} className={styles.busyRow} data-testid="busy-row">
                    <Text size="xs" truncate className={styles.busyName} title={name}>
                      {name}
                      {person.id === meId ? ` (${t("calendar.busyGrid.you")})` : ""}
                    </Text>
                    <div className={styles.busyTrack}>
                      {marks.map((mark, index) => (
                        <span
                          key={`${mark.left}-${mark.label}`}
                          className={week && index % 2 === 0 ? styles.busyDayLine : styles.busyHourLine}
                          style={{ left: `${mark.left}%` }}
                          aria-hidden
                        />
                      ))}
                      <ul className={styles.busyBlocks} aria-label={name}>
                        {blocks.map((block) => (
                          <Tooltip
                            key={`${block.interval.start}-${block.left}`}
                            label={`${t(`calendar.busyGrid.kinds.${block.interval.kind}`)}: ${slotText(block.interval)}`}
                            withinPortal
                          >
                            <li
                              aria-label={t("calendar.busyGrid.busyAt", { name, time: slotText(block.interval) })}
                              className={styles.busyBlock}
                              data-kind={block.interval.kind}
                              style={{ left: `${block.left}%`, width: `${block.width}%` }}
                            />
                          </Tooltip>
                        ))}
                      </ul>
                      {proposedBlocks.map((block) => (
                        <span
                          key={`proposed-${block.left}`}
                          className={styles.busyProposed}
                          style={{ left: `${block.left}%`, width: `${block.width}%` }}
                          title={t("calendar.busyGrid.proposed")}
                          aria-hidden
                        />
                      ))}
                    </div>
                  </div>
                );
              })}
            </Stack>
          </Box>
        )}
        <Group gap="xs" wrap="wrap" align="center">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconSparkles size={14} />}
            disabled={!free}
            onClick={() => free && onPick(free)}
          >
            {t("calendar.busyGrid.findFree")}
          </Button>
          {data && free && (
            <Text size="xs" c="dimmed">
              {inZone(free.start, timeZone).format("dd, D MMMM, HH:mm")}–{formatTime(free.end, timeZone)}
            </Text>
          )}
          {data && !free && (
            <Text size="xs" c="dimmed" role="note">
              {t("calendar.busyGrid.noFree")}
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
