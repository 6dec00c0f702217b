import {
  ActionIcon,
  Badge,
  Button,
  Center,
  Checkbox,
  Collapse,
  Group,
  Pagination,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedCallback, useMediaQuery } from "@mantine/hooks";
import {
  IconChevronDown,
  IconChevronUp,
  IconFilter,
  IconPlus,
  IconRestore,
  IconSearch,
  IconSelector,
  IconTrash,
  IconUserShare,
  IconX,
} from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { formatListTotal } from "../../lib/numbers";
import { bulkAction, type CrmEntity, type CrmRecordMap, crmListQuery, pageSize, restoreRecord } from "./crm-api";
import { accessLevel, canDo } from "./crm-common";
import { activeFilterCount, type CrmListSearch, clearedFilters, defaultSorts, filterParams } from "./crm-search";
import { ReassignModal } from "./reassign-modal";
import { SavedFiltersButton } from "./saved-filters";

export interface Column<T> {
  key: string;
  label: string;
  /** The server's sort key; the header becomes a sort button. */
  sort?: string;
  render: (row: T, context: { trash: boolean }) => ReactNode;
  visibleFrom?: "xs" | "sm" | "md" | "lg" | "xl";
  align?: "left" | "right";
  width?: number | string;
  /** Keeps the main column readable when the table is crowded. */
  minWidth?: number;
}

interface SortHeaderProps {
  label: string;
  field: string;
  sort: string;
  onSort: (sort: string) => void;
  visibleFrom?: Column<unknown>["visibleFrom"];
  align?: "left" | "right";
  width?: number | string;
  minWidth?: number;
}

function SortHeader({ label, field, sort, onSort, visibleFrom, align, width, minWidth }: SortHeaderProps) {
  const { t } = useTranslation();
  const active = sort === field || sort === `-${field}`;
  const descending = sort === `-${field}`;
  const Icon = active ? (descending ? IconChevronDown : IconChevronUp) : IconSelector;
  return (
    <Table.Th
      visibleFrom={visibleFrom}
      w={width}
      miw={minWidth}
      ta={align}
      aria-sort={active ? (descending ? "descending" : "ascending") : undefined}
    >
      <UnstyledButton
        onClick={() => onSort(active && !descending ? `-${field}` : field)}
        aria-label={t("crm.list.sortBy", { field: label })}
        fw={600}
        fz="sm"
      >
        <Group gap={4} wrap="nowrap" justify={align === "right" ? "flex-end" : undefined}>
          {label}
          <Center c={active ? undefined : "dimmed"}>
            <Icon size={14} stroke={1.8} />
          </Center>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

interface CrmTableProps<T extends { id: string }> {
  rows: T[];
  columns: Column<T>[];
  sort: string;
  onSort: (sort: string) => void;
  selected: Set<string>;
  onSelect: (next: Set<string>) => void;
  selectable: boolean;
  rowName: (row: T) => string;
  onOpen?: (row: T) => void;
  trash: boolean;
  onRestore?: (row: T) => void;
}

export function CrmTable<T extends { id: string }>({
  rows,
  columns,
  sort,
  onSort,
  selected,
  onSelect,
  selectable,
  rowName,
  onOpen,
  trash,
  onRestore,
}: CrmTableProps<T>) {
  const { t } = useTranslation();
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const someSelected = rows.some((row) => selected.has(row.id));
  const toggleAll = () => {
    const next = new Set(selected);
    for (const row of rows) {
      if (allSelected) next.delete(row.id);
      else next.add(row.id);
    }
    onSelect(next);
  };
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };

  return (
    <Table highlightOnHover verticalSpacing="xs" stickyHeader stickyHeaderOffset={56}>
      <Table.Thead>
        <Table.Tr>
          {selectable && (
            <Table.Th w={40}>
              <Checkbox
                aria-label={t("crm.list.selectAll")}
                checked={allSelected}
                indeterminate={someSelected && !allSelected}
                onChange={toggleAll}
              />
            </Table.Th>
          )}
          {columns.map((column) =>
            column.sort ? (
              <SortHeader
                key={column.key}
                label={column.label}
                field={column.sort}
                sort={sort}
                onSort={onSort}
                visibleFrom={column.visibleFrom}
                align={column.align}
                width={column.width}
                minWidth={column.minWidth}
              />
            ) : (
              <Table.Th key={column.key} visibleFrom={column.visibleFrom} ta={column.align} w={column.width}>
                {column.label}
              </Table.Th>
            ),
          )}
          {trash && onRestore && <Table.Th w={60} />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr
            key={row.id}
            onClick={onOpen && !trash ? () => onOpen(row) : undefined}
            style={{ cursor: onOpen && !trash ? "pointer" : undefined }}
            bg={selected.has(row.id) ? "var(--mantine-primary-color-light)" : undefined}
          >
            {selectable && (
              <Table.Td onClick={(event) => event.stopPropagation()}>
                <Checkbox
                  aria-label={t("crm.list.selectRow", { name: rowName(row) })}
                  checked={selected.has(row.id)}
                  onChange={() => toggle(row.id)}
                />
              </Table.Td>
            )}
            {columns.map((column) => (
              <Table.Td key={column.key} visibleFrom={column.visibleFrom} ta={column.align}>
                {column.render(row, { trash })}
              </Table.Td>
            ))}
            {trash && onRestore && (
              <Table.Td>
                <Tooltip label={t("crm.list.restore")}>
                  <ActionIcon
                    variant="subtle"
                    aria-label={`${t("crm.list.restore")}: ${rowName(row)}`}
                    onClick={(event) => {
                      event.stopPropagation();
                      onRestore(row);
                    }}
                  >
                    <IconRestore size={18} />
                  </ActionIcon>
                </Tooltip>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

interface SearchBoxProps {
  value: string | undefined;
  placeholder: string;
  onChange: (value: string | undefined) => void;
}

/** The list's search box: typed text reaches the URL after a pause, and follows the URL back. */
export function SearchBox({ value, placeholder, onChange }: SearchBoxProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(value ?? "");
  const apply = useDebouncedCallback((next: string) => onChange(next.trim() || undefined), 350);
  useEffect(() => setText((current) => (current.trim() === (value ?? "") ? current : (value ?? ""))), [value]);
  return (
    <TextInput
      aria-label={t("common.search")}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        apply(event.currentTarget.value);
      }}
      rightSection={
        text ? (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t("crm.list.clearSearch")}
            onClick={() => {
              setText("");
              onChange(undefined);
            }}
          >
            <IconX size={14} />
          </ActionIcon>
        ) : null
      }
      style={{ flex: "1 1 220px" }}
    />
  );
}

export interface CrmListPageProps<E extends CrmEntity> {
  entity: E;
  search: CrmListSearch;
  update: (changes: Partial<CrmListSearch>) => void;
  /** Replaces the whole search (a saved filter). */
  replace: (search: CrmListSearch) => void;
  title: string;
  createLabel: string;
  onCreate: () => void;
  searchPlaceholder: string;
  filters: ReactNode;
  columns: Column<CrmRecordMap[E]>[];
  rowName: (row: CrmRecordMap[E]) => string;
  onOpen: (row: CrmRecordMap[E]) => void;
  /** Extra toolbar controls (the deals' list/kanban switch). */
  toolbarExtra?: ReactNode;
  /** Replaces the table (the deals' kanban); the header, toolbar and filters stay. */
  body?: ReactNode;
  /** Counts to show in the header when the body is not the table. */
  headerNote?: ReactNode;
}

/** A CRM list: header with total and create button, search, filters, saved filters, trash, table, bulk actions, pages. */
export function CrmListPage<E extends CrmEntity>(props: CrmListPageProps<E>) {
  const { entity, search, update, replace, title, createLabel, onCreate, searchPlaceholder, filters, columns } = props;
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 48em)");
  const filterCount = activeFilterCount(entity, search);
  const [filtersOpen, setFiltersOpen] = useState(filterCount > 0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reassigning, setReassigning] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const trash = search.deleted === "true";
  const canRestore = me.abilities.restoreRecords;
  const canWrite = canDo(me, entity, "write");
  // Handing records to someone else needs a reach beyond one's own records.
  const canReassign = ["subtree", "all"].includes(accessLevel(me, entity, "write"));
  const canDelete = canDo(me, entity, "delete");

  const page = search.page ?? 1;
  const sort = search.sort ?? defaultSorts[entity];
  const params = useMemo(
    () => ({ ...filterParams(entity, search), sort, limit: pageSize, offset: (page - 1) * pageSize }),
    [entity, search, sort, page],
  );
  const list = useQuery({ ...crmListQuery(entity, params), enabled: !props.body });
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const rows = (list.data?.items ?? []) as (CrmRecordMap[E] & { id: string })[];

  // A new filter, page or the trash start a fresh selection: ids on other pages are not visible to act on.
  const selectionKey = JSON.stringify(params);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for every input of the list.
  useEffect(() => setSelected(new Set()), [selectionKey]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ["crm", entity] });

  const restoreOne = async (id: string) => {
    try {
      await restoreRecord(entity, id);
      notifySuccess(t("crm.list.restored", { count: 1 }));
      await refresh();
    } catch (error) {
      notifyError(error);
    }
  };

  const restoreSelected = async () => {
    let done = 0;
    for (const id of selected) {
      try {
        await restoreRecord(entity, id);
        done += 1;
      } catch (error) {
        notifyError(error);
        break;
      }
    }
    if (done > 0) notifySuccess(t("crm.list.restored", { count: done }));
    setSelected(new Set());
    await refresh();
  };

  const filtered = filterCount > 0 || Boolean(search.q);
  const selectable = trash ? canRestore : canReassign || canDelete;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={2}>{trash ? `${title} · ${t("crm.list.trash")}` : title}</Title>
          <Text c="dimmed" size="sm" aria-live="polite">
            {props.headerNote ??
              (list.data
                ? t("crm.list.total", { value: formatListTotal(list.data) })
                : list.isError
                  ? ""
                  : t("app.loading"))}
          </Text>
        </div>
        {canWrite && !trash && (
          <Button leftSection={<IconPlus size={18} />} onClick={onCreate}>
            {createLabel}
          </Button>
        )}
      </Group>

      <Group gap="sm" align="center" wrap="wrap">
        <SearchBox value={search.q} placeholder={searchPlaceholder} onChange={(q) => update({ q })} />
        <Button
          variant={filtersOpen ? "light" : "default"}
          leftSection={<IconFilter size={16} />}
          rightSection={
            filterCount > 0 ? (
              <Badge size="sm" circle>
                {filterCount}
              </Badge>
            ) : null
          }
          onClick={() => setFiltersOpen((open) => !open)}
          aria-expanded={filtersOpen}
        >
          {t("crm.list.filters")}
        </Button>
        <SavedFiltersButton entity={entity} search={search} onApply={replace} />
        {canRestore && (
          <Switch
            label={t("crm.list.trash")}
            checked={trash}
            onChange={(event) => update({ deleted: event.currentTarget.checked ? "true" : undefined })}
          />
        )}
        {props.toolbarExtra}
      </Group>

      <Collapse expanded={filtersOpen}>
        <Paper withBorder radius="md" p="sm">
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm" verticalSpacing="sm">
              {filters}
            </SimpleGrid>
            {filtered && (
              <Group justify="flex-end">
                <Button variant="subtle" size="xs" onClick={() => update(clearedFilters(entity))}>
                  {t("crm.list.resetFilters")}
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>
      </Collapse>

      {selected.size > 0 && (
        <Paper withBorder radius="md" p="xs" bg="var(--mantine-primary-color-light)">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={500} px="xs">
              {t("crm.list.selected", { count: selected.size })}
            </Text>
            {trash ? (
              <Button size="xs" leftSection={<IconRestore size={14} />} onClick={() => void restoreSelected()}>
                {t("crm.list.restore")}
              </Button>
            ) : (
              <>
                {canReassign && (
                  <Button size="xs" leftSection={<IconUserShare size={14} />} onClick={() => setReassigning(true)}>
                    {t("crm.list.reassign")}
                  </Button>
                )}
                {canDelete && (
                  <Button
                    size="xs"
                    color="red"
                    variant="light"
                    leftSection={<IconTrash size={14} />}
                    onClick={() => setDeleting(true)}
                  >
                    {t("crm.list.delete")}
                  </Button>
                )}
              </>
            )}
            <Button size="xs" variant="subtle" color="gray" onClick={() => setSelected(new Set())}>
              {t("crm.list.clearSelection")}
            </Button>
          </Group>
        </Paper>
      )}

      {props.body ?? (
        <>
          <Paper withBorder radius="md">
            {list.error ? (
              <Text c="red" p="md">
                {problemText(list.error)}
              </Text>
            ) : list.data && rows.length === 0 ? (
              <Stack align="center" gap="xs" p="xl">
                <Text c="dimmed">{trash ? t("crm.list.emptyTrash") : t("crm.list.empty")}</Text>
                {filtered && (
                  <Button variant="subtle" size="xs" onClick={() => update(clearedFilters(entity))}>
                    {t("crm.list.resetFilters")}
                  </Button>
                )}
              </Stack>
            ) : (
              <CrmTable
                rows={rows}
                columns={columns as Column<CrmRecordMap[E] & { id: string }>[]}
                sort={sort}
                onSort={(next) => update({ sort: next === defaultSorts[entity] ? undefined : next })}
                selected={selected}
                onSelect={setSelected}
                selectable={selectable}
                rowName={props.rowName}
                onOpen={props.onOpen}
                trash={trash}
                onRestore={canRestore ? (row) => void restoreOne(row.id) : undefined}
              />
            )}
          </Paper>
          {pages > 1 && (
            <Group justify="center">
              <Pagination
                total={pages}
                value={Math.min(page, pages)}
                onChange={(next) => update({ page: next > 1 ? next : undefined })}
                size={phone ? "sm" : "md"}
                siblings={phone ? 0 : 1}
                getControlProps={(control) => ({ "aria-label": t(`crm.list.pageControls.${control}`) })}
              />
            </Group>
          )}
        </>
      )}

      <ReassignModal
        opened={reassigning}
        entity={entity}
        ids={[...selected]}
        onClose={() => setReassigning(false)}
        onDone={() => setSelected(new Set())}
      />
      <ConfirmModal
        opened={deleting}
        title={t("crm.list.deleteTitle")}
        message={t("crm.list.deleteConfirm", { count: selected.size })}
        confirmLabel={t("crm.list.delete")}
        onConfirm={async () => {
          const result = await bulkAction(entity, { action: "delete", ids: [...selected] });
          notifySuccess(t("crm.list.deleted", { count: result.affected }));
          setSelected(new Set());
          await refresh();
        }}
        onClose={() => setDeleting(false)}
      />
    </Stack>
  );
}
