import { Group, Select, type SelectProps, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type LinkEntity, type LinkOption, linkQuery, linkSearchQuery } from "./activities-api";

interface LinkSelectProps extends Omit<SelectProps, "data" | "value" | "onChange" | "searchValue"> {
  entity: LinkEntity;
  value: string | null;
  onChange: (value: string | null, option: LinkOption | null) => void;
  /** The current link's name, known before any search answers. */
  initialOption?: { id: string; name: string } | null;
}

/** A deal, company or contact found by name on the server. */
export function LinkSelect({ entity, value, onChange, initialOption, ...props }: LinkSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [opened, setOpened] = useState(false);
  const [debounced] = useDebouncedValue(search, 250);
  const known = useRef(new Map<string, LinkOption>());
  if (initialOption && !known.current.has(initialOption.id)) {
    known.current.set(initialOption.id, { id: initialOption.id, name: initialOption.name, hint: null });
  }

  const selectedName = value ? known.current.get(value)?.name : undefined;
  const query = debounced && debounced !== selectedName ? debounced : undefined;
  // Nothing is fetched until the list is opened or something is typed.
  const { data, isFetching } = useQuery(linkSearchQuery(entity, query, opened || query !== undefined));

  // A value given only by id (a prefilled link) gets its name from the server.
  const unknownValue = value !== null && !known.current.has(value);
  const single = useQuery(linkQuery(entity, value, unknownValue));
  if (single.data && !known.current.has(single.data.id)) known.current.set(single.data.id, single.data);

  const options = (data ?? []).map((option) => {
    known.current.set(option.id, option);
    return { value: option.id, label: option.name };
  });
  if (value && !options.some((option) => option.value === value)) {
    const option = known.current.get(value);
    if (option) options.unshift({ value, label: option.name });
  }

  return (
    <Select
      data={options}
      value={value}
      onChange={(next) => onChange(next, next ? (known.current.get(next) ?? null) : null)}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      filter={({ options: all }) => all}
      nothingFoundMessage={isFetching ? t("app.loading") : t("activities.form.nothingFound")}
      placeholder={t("activities.form.linkPlaceholder")}
      maxDropdownHeight={280}
      renderOption={({ option }) => {
        const hint = known.current.get(option.value)?.hint;
        return (
          <Group gap={6} wrap="nowrap" miw={0}>
            <Text size="sm" truncate>
              {option.label}
            </Text>
            {hint && (
              <Text size="xs" c="dimmed" truncate>
                {hint}
              </Text>
            )}
          </Group>
        );
      }}
      {...props}
    />
  );
}
