import { MultiSelect } from "@mantine/core";
import type { CalendarEvent } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError, notifySuccess } from "../../lib/notify";
import { refreshCalendarViews, setOwnReminders } from "./calendar-api";
import { reminderOptions } from "./event-form-values";

/** «Напомнить мне»: anyone taking part chooses their own reminders, saved at once. */
export function MyReminders({ event }: { event: CalendarEvent }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const chosen = event.reminders.map(String);

  const save = async (values: string[]) => {
    setSaving(true);
    try {
      const saved = await setOwnReminders(event.id, values.map(Number));
      refreshCalendarViews(queryClient, saved);
      notifySuccess(t("calendar.drawer.remindersSaved"));
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <MultiSelect
      label={t("calendar.drawer.myReminders")}
      placeholder={chosen.length === 0 ? t("calendar.drawer.noReminders") : undefined}
      data={reminderOptions(chosen, t)}
      value={chosen}
      onChange={(values) => void save(values)}
      maxValues={5}
      clearable
      disabled={saving}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
