import { Select } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { notifyError, notifySuccess } from "../../lib/notify";
import { meQuery } from "../../lib/session";
import { timeZoneGroups } from "../../lib/time-zones";
import { setOwnCalendarTimeZone } from "../auth/auth-api";
import { refreshCalendarViews } from "./calendar-api";

/** «Follow the company» is this value in the picker (a Select needs a string). */
const companyChoice = "company";

/** The profile's choice of the zone one's calendar shows times in (travelling, another office). */
export function CalendarZonePicker() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const data = useMemo(
    () => [
      {
        group: t("calendar.zone.companyGroup"),
        items: [{ value: companyChoice, label: t("calendar.zone.company", { zone: me.timeZone }) }],
      },
      ...timeZoneGroups(
        me.ownCalendarTimeZone,
        t("settings.company.zonesKazakhstan"),
        t("settings.company.zonesOther"),
      ),
    ],
    [me.ownCalendarTimeZone, me.timeZone, t],
  );

  const choose = async (value: string | null) => {
    if (!value) return;
    setSaving(true);
    try {
      const saved = await setOwnCalendarTimeZone(value === companyChoice ? null : value);
      queryClient.setQueryData(meQuery.queryKey, saved);
      refreshCalendarViews(queryClient);
      notifySuccess(t("calendar.zone.saved", { zone: saved.calendarTimeZone }));
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Select
      label={t("calendar.zone.label")}
      description={t("calendar.zone.hint")}
      data={data}
      value={me.ownCalendarTimeZone ?? companyChoice}
      onChange={(value) => void choose(value)}
      searchable
      allowDeselect={false}
      disabled={saving}
      maxDropdownHeight={280}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
