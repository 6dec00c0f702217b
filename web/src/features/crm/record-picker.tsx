import { Select, type SelectProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { crmListQuery } from "./crm-api";

interface RecordPickerProps extends Omit<SelectProps, "data" | "value" | "onChange" | "searchValue"> {
  entity: "companies" | "contacts";
  value: string | null;
  onChange: (value: string | null, name: string | null) => void;
  /** The current choice's name, known before the first search answers. */
  initialOption?: { id: string; name: string } | null;
  /** Contacts only: those of this company first (all when none). */
  companyId?: string | null;
}

/** Picks a company or contact by searching on the server, so it stays quick with any number of records. */
export function RecordPicker({ entity, value, onChange, initialOption, companyId, ...props }: RecordPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const names = useRef(new Map<string, string>());
  if (initialOption) names.current.set(initialOption.id, initialOption.name);

  const selectedName = value ? names.current.get(value) : undefined;
  const query = debounced && debounced !== selectedName ? debounced : undefined;
  const { data, isFetching } = useQuery(
    crmListQuery(entity, {
      limit: 30,
      q: query,
      sort: "name",
      companyId: entity === "contacts" && companyId && !query ? companyId : undefined,
    }),
  );

  const options = useMemo(() => {
    const list = (data?.items ?? []).map((record) => {
      const name = "name" in record ? record.name : "";
      names.current.set(record.id, name);
      const company = "company" in record && record.company ? ` · ${record.company.name}` : "";
      const city = "city" in record && record.city ? ` · ${record.city}` : "";
      return { value: record.id, label: name, description: `${company}${city}`.replace(/^ · /, "") };
    });
    if (value && !list.some((option) => option.value === value)) {
      const name = names.current.get(value);
      if (name) list.unshift({ value, label: name, description: "" });
    }
    return list;
  }, [data, value]);

  const descriptions = new Map(options.map((option) => [option.value, option.description]));

  return (
    <Select
      data={options.map(({ value: id, label }) => ({ value: id, label }))}
      value={value}
      onChange={(next) => onChange(next, next ? (names.current.get(next) ?? null) : null)}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={isFetching ? t("app.loading") : t("crm.pickers.noMatches")}
      placeholder={t(entity === "companies" ? "crm.pickers.company" : "crm.pickers.contact")}
      maxDropdownHeight={300}
      clearable
      renderOption={({ option }) => (
        <div>
          <div>{option.label}</div>
          {descriptions.get(option.value) ? (
            <div style={{ fontSize: "var(--mantine-font-size-xs)", color: "var(--mantine-color-dimmed)" }}>
              {descriptions.get(option.value)}
            </div>
          ) : null}
        </div>
      )}
      {...props}
    />
  );
}
