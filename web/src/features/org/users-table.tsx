import { Anchor, Badge, Center, Group, Table, Text, UnstyledButton } from "@mantine/core";
import type { User } from "@planerka/common";
import { IconChevronDown, IconChevronUp, IconSelector } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { RoleBadge } from "./role-badge";
import { UserAvatar } from "./user-avatar";

export type SortField = "name" | "login" | "role" | "position" | "createdAt";

interface SortHeaderProps {
  field: SortField;
  sort: string;
  onSort: (sort: string) => void;
  children: ReactNode;
  visibleFrom?: "xs" | "sm" | "md" | "lg";
}

function SortHeader({ field, sort, onSort, children, visibleFrom }: SortHeaderProps) {
  const { t } = useTranslation();
  const active = sort === field || sort === `-${field}`;
  const descending = sort === `-${field}`;
  const Icon = active ? (descending ? IconChevronDown : IconChevronUp) : IconSelector;
  return (
    <Table.Th visibleFrom={visibleFrom} aria-sort={active ? (descending ? "descending" : "ascending") : undefined}>
      <UnstyledButton
        onClick={() => onSort(active && !descending ? `-${field}` : field)}
        aria-label={t("users.sortBy", { field: typeof children === "string" ? children : field })}
        fw={600}
        fz="sm"
      >
        <Group gap={4} wrap="nowrap">
          {children}
          <Center c={active ? undefined : "dimmed"}>
            <Icon size={14} stroke={1.8} />
          </Center>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

interface UsersTableProps {
  users: User[];
  sort: string;
  onSort: (sort: string) => void;
  onOpen: (user: User) => void;
}

export function UsersTable({ users, sort, onSort, onOpen }: UsersTableProps) {
  const { t } = useTranslation();
  return (
    <Table highlightOnHover verticalSpacing="xs" stickyHeader stickyHeaderOffset={56}>
      <Table.Thead>
        <Table.Tr>
          <SortHeader field="name" sort={sort} onSort={onSort}>
            {t("users.columns.name")}
          </SortHeader>
          <SortHeader field="login" sort={sort} onSort={onSort} visibleFrom="lg">
            {t("users.columns.login")}
          </SortHeader>
          <SortHeader field="position" sort={sort} onSort={onSort} visibleFrom="md">
            {t("users.columns.position")}
          </SortHeader>
          <Table.Th visibleFrom="sm">{t("users.columns.unit")}</Table.Th>
          <SortHeader field="role" sort={sort} onSort={onSort}>
            {t("users.columns.role")}
          </SortHeader>
          <Table.Th visibleFrom="md">{t("users.columns.status")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {users.map((user) => (
          <Table.Tr
            key={user.id}
            onClick={() => onOpen(user)}
            style={{ cursor: "pointer" }}
            opacity={user.active ? 1 : 0.6}
          >
            <Table.Td>
              <Group gap="sm" wrap="nowrap">
                <UserAvatar user={user} size={36} radius="xl" />
                <div style={{ minWidth: 0 }}>
                  <Anchor
                    component="button"
                    type="button"
                    fw={500}
                    size="sm"
                    c="var(--mantine-color-text)"
                    ta="left"
                    onClick={(event) => {
                      event.stopPropagation();
                      onOpen(user);
                    }}
                  >
                    {user.name}
                  </Anchor>
                  <Text size="xs" c="dimmed" hiddenFrom="sm">
                    {[user.position, user.unitName].filter(Boolean).join(" · ")}
                  </Text>
                  <Text size="xs" c="dimmed" visibleFrom="sm" hiddenFrom="md">
                    {user.position}
                  </Text>
                </div>
              </Group>
            </Table.Td>
            <Table.Td visibleFrom="lg">
              <Text size="sm" ff="monospace">
                {user.login}
              </Text>
            </Table.Td>
            <Table.Td visibleFrom="md">
              <Text size="sm">{user.position ?? ""}</Text>
            </Table.Td>
            <Table.Td visibleFrom="sm">
              <Text size="sm">{user.unitName}</Text>
            </Table.Td>
            <Table.Td>
              <RoleBadge role={user.role} size="sm" />
            </Table.Td>
            <Table.Td visibleFrom="md">
              {user.active ? (
                <Badge color="teal" variant="dot" size="sm">
                  {t("users.active")}
                </Badge>
              ) : (
                <Badge color="gray" variant="dot" size="sm">
                  {t("users.inactive")}
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
