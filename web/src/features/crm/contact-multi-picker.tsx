import { MultiSelect, type MultiSelectProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import type { PersonRef } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { crmListQuery } from "./crm-api";

interface ContactMultiPickerProps extends Omit<MultiSelectProps, "data" | "value" | "onChange" | "searchValue"> {
  value: PersonRef[];
  onChange: (value: PersonRef[]) => void;
}

/** Several CRM contacts found by name on the server (a meeting's client participants); the chosen keep their names. */
export function ContactMultiPicker({ value, onChange, ...props }: ContactMultiPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const names = useRef(new Map<string, string>());
  for (const person of value) names.current.set(person.id, person.name);
  const { data, isFetching } = useQuery(
    crmListQuery("contacts", { limit: 30, q: debounced.trim() || undefined, sort: "name" }),
  );

  const options = useMemo(() => {
    const list = value.map((person) => ({ value: person.id, label: person.name }));
    const chosen = new Set(value.map((person) => person.id));
    for (const contact of data?.items ?? []) {
      names.current.set(contact.id, contact.name);
      const company = contact.company ? ` · ${contact.company.name}` : "";
      if (!chosen.has(contact.id)) list.push({ value: contact.id, label: `${contact.name}${company}` });
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
      nothingFoundMessage={isFetching ? t("app.loading") : t("crm.list.empty")}
      maxDropdownHeight={260}
      clearable
      hidePickedOptions
      {...props}
    />
  );
}
