import { MultiSelect, type MultiSelectProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import type { PersonRef } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { usersQuery } from "./users-api";

interface UserMultiPickerProps extends Omit<MultiSelectProps, "data" | "value" | "onChange" | "searchValue"> {
  value: PersonRef[];
  onChange: (value: PersonRef[]) => void;
}

/** Several employees found by name on the server (co-assignees, observers); the chosen keep their names. */
export function UserMultiPicker({ value, onChange, ...props }: UserMultiPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const names = useRef(new Map<string, string>());
  for (const person of value) names.current.set(person.id, person.name);
  const { data, isFetching } = useQuery(
    usersQuery({ limit: 30, q: debounced.trim() || undefined, active: "true", sort: "name" }),
  );

  const options = useMemo(() => {
    const list = value.map((person) => ({ value: person.id, label: person.name }));
    const chosen = new Set(value.map((person) => person.id));
    for (const user of data?.items ?? []) {
      names.current.set(user.id, user.name);
      if (!chosen.has(user.id)) list.push({ value: user.id, label: user.name });
    }
    return list;
  }, [data, value]);

  return (
    <MultiSelect
      data={options}
      value={value.map((person) => person.id)}
      onChange={(ids) => onChange(ids.map((id) => ({ id, name: names.current.get(id) ?? id })))}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={isFetching ? t("app.loading") : t("users.noMatches")}
      placeholder={value.length === 0 ? t("tasks.form.addPeople") : undefined}
      maxDropdownHeight={260}
      clearable
      hidePickedOptions
      {...props}
    />
  );
}
