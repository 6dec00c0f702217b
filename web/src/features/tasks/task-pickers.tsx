import { Select, type SelectProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { crmListQuery } from "../crm/crm-api";
import { taskListQuery } from "./tasks-api";

interface TitledRecordPickerProps extends Omit<SelectProps, "data" | "value" | "onChange" | "searchValue"> {
  entity: "deals" | "leads";
  value: string | null;
  onChange: (value: string | null, title: string | null) => void;
  initialOption?: { id: string; name: string } | null;
}

/**
 * A deal or lead found by title on the server. (The CRM's RecordPicker covers companies and
 * contacts, which have names; deals and leads have titles.)
 */
export function TitledRecordPicker({ entity, value, onChange, initialOption, ...props }: TitledRecordPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const titles = useRef(new Map<string, string>());
  if (initialOption) titles.current.set(initialOption.id, initialOption.name);
  const selectedTitle = value ? titles.current.get(value) : undefined;
  const query = debounced && debounced !== selectedTitle ? debounced : undefined;
  const { data, isFetching } = useQuery(crmListQuery(entity, { limit: 30, q: query, sort: "-updatedAt" }));

  const options = useMemo(() => {
    const list = (data?.items ?? []).map((record) => {
      titles.current.set(record.id, record.title);
      return { value: record.id, label: record.title };
    });
    if (value && !list.some((option) => option.value === value)) {
      const title = titles.current.get(value);
      if (title) list.unshift({ value, label: title });
    }
    return list;
  }, [data, value]);

  return (
    <Select
      data={options}
      value={value}
      onChange={(next) => onChange(next, next ? (titles.current.get(next) ?? null) : null)}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={isFetching ? t("app.loading") : t("crm.pickers.noMatches")}
      maxDropdownHeight={280}
      {...props}
    />
  );
}

interface TaskPickerProps extends Omit<SelectProps, "data" | "value" | "onChange" | "searchValue"> {
  value: string | null;
  onChange: (value: string | null) => void;
  initialOption?: { id: string; name: string } | null;
  /** A task cannot be its own parent. */
  excludeId?: string;
}

/** A task the caller may see, found by title: the parent of a sub-task. */
export function TaskPicker({ value, onChange, initialOption, excludeId, ...props }: TaskPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [opened, setOpened] = useState(false);
  const [debounced] = useDebouncedValue(search, 250);
  const titles = useRef(new Map<string, string>());
  if (initialOption) titles.current.set(initialOption.id, initialOption.name);
  const selectedTitle = value ? titles.current.get(value) : undefined;
  const query = debounced && debounced !== selectedTitle ? debounced : undefined;
  const { data, isFetching } = useQuery({
    ...taskListQuery({ view: "all", q: query, limit: 30, sort: "-createdAt" }),
    enabled: opened || query !== undefined,
  });

  const options = useMemo(() => {
    const list = (data?.items ?? [])
      .filter((task) => task.id !== excludeId)
      .map((task) => {
        titles.current.set(task.id, task.title);
        return { value: task.id, label: task.title };
      });
    if (value && !list.some((option) => option.value === value)) {
      const title = titles.current.get(value);
      if (title) list.unshift({ value, label: title });
    }
    return list;
  }, [data, value, excludeId]);

  return (
    <Select
      data={options}
      value={value}
      onChange={(next) => onChange(next)}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      filter={({ options: all }) => all}
      nothingFoundMessage={isFetching ? t("app.loading") : t("crm.pickers.noMatches")}
      placeholder={t("tasks.form.parentPlaceholder")}
      maxDropdownHeight={280}
      {...props}
    />
  );
}
