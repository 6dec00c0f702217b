import { Select, type SelectProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { usersQuery } from "./users-api";

interface UserPickerProps extends Omit<SelectProps, "data" | "value" | "onChange" | "searchValue"> {
  value: string | null;
  onChange: (value: string | null) => void;
  /** The current choice's name, known before the first search answers. */
  initialOption?: { id: string; name: string } | null;
}

/** Searches employees on the server, so it stays quick however many people the company has. */
export function UserPicker({ value, onChange, initialOption, ...props }: UserPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const names = useRef(new Map<string, string>());
  if (initialOption) names.current.set(initialOption.id, initialOption.name);

  const selectedName = value ? names.current.get(value) : undefined;
  // While the box shows the chosen name, list everyone rather than only that person.
  const query = debounced && debounced !== selectedName ? debounced : undefined;
  const { data, isFetching } = useQuery(usersQuery({ limit: 30, q: query, active: "true", sort: "name" }));

  const options = useMemo(() => {
    const list = (data?.items ?? []).map((user) => {
      names.current.set(user.id, user.name);
      return { value: user.id, label: user.name };
    });
    if (value && !list.some((option) => option.value === value)) {
      const name = names.current.get(value);
      if (name) list.unshift({ value, label: name });
    }
    return list;
  }, [data, value]);

  return (
    <Select
      data={options}
      value={value}
      onChange={(next) => onChange(next)}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={isFetching ? t("app.loading") : t("users.noMatches")}
      placeholder={t("users.pickUser")}
      maxDropdownHeight={300}
      {...props}
    />
  );
}
