import { Select, type SelectProps } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { myGroupsQuery } from "./groups-api";

interface GroupSelectProps extends Omit<SelectProps, "data" | "value" | "onChange"> {
  value: string | null;
  onChange: (value: string | null, name: string | null) => void;
  /** The current group, listed even when the caller is no longer in it (or it is archived). */
  current?: { id: string; name: string } | null;
}

/** «Группа» of a task: one of the caller's active groups, or none. */
export function GroupSelect({ value, onChange, current, ...props }: GroupSelectProps) {
  const { t } = useTranslation();
  const { data, isFetching } = useQuery(myGroupsQuery);
  const options = useMemo(() => {
    const list = (data?.items ?? []).map((group) => ({ value: group.id, label: group.name }));
    if (current && !list.some((option) => option.value === current.id)) {
      list.unshift({ value: current.id, label: current.name });
    }
    return list;
  }, [data, current]);
  return (
    <Select
      data={options}
      value={value}
      onChange={(id) => onChange(id, options.find((option) => option.value === id)?.label ?? null)}
      placeholder={t("groups.select.none")}
      nothingFoundMessage={isFetching ? t("app.loading") : t("groups.select.noGroups")}
      searchable
      clearable
      {...props}
    />
  );
}
