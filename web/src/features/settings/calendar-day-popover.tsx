import { Button, Popover, Stack, Text, TextInput } from "@mantine/core";
import dayjs from "dayjs";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { type CalendarDay, useDayStatus } from "./calendar-month";

interface CalendarDayPopoverProps {
  day: CalendarDay;
  children: ReactNode;
  saving: boolean;
  onSet: (kind: "holiday" | "workday" | null, name: string | null) => void;
  onClose: () => void;
}

export function CalendarDayPopover({ day, children, saving, onSet, onClose }: CalendarDayPopoverProps) {
  const { t } = useTranslation();
  const status = useDayStatus();
  const [name, setName] = useState(day.name ?? "");
  const trimmed = name.trim() || null;

  return (
    <Popover
      opened
      onChange={(opened) => !opened && onClose()}
      onClose={onClose}
      width={300}
      shadow="md"
      withArrow
      trapFocus
    >
      <Popover.Target>{children}</Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <div>
            <Text fw={600} size="sm">
              {dayjs(day.date).format("dddd, D MMMM YYYY")}
            </Text>
            <Text size="xs" c="dimmed">
              {status(day)}
              {day.name ? ` — ${day.name}` : ""}
            </Text>
          </div>
          <TextInput
            size="xs"
            label={t("settings.calendar.dayName")}
            placeholder={t("settings.calendar.dayNamePlaceholder")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={200}
          />
          <Button size="xs" color="red" variant="light" loading={saving} onClick={() => onSet("holiday", trimmed)}>
            {t("settings.calendar.makeHoliday")}
          </Button>
          <Button size="xs" color="teal" variant="light" loading={saving} onClick={() => onSet("workday", trimmed)}>
            {t("settings.calendar.makeWorkday")}
          </Button>
          {day.exception && (
            <Button size="xs" variant="default" loading={saving} onClick={() => onSet(null, null)}>
              {t("settings.calendar.reset")}
            </Button>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
