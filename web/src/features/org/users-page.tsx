import { Button, Group, Modal, Pagination, Paper, Select, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedCallback, useMediaQuery } from "@mantine/hooks";
import { type Role, roles } from "@planerka/common";
import { IconSearch, IconUserPlus, IconUsers } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { PageHeader } from "../../lib/list-page";
import { notifySuccess, problemText } from "../../lib/notify";
import type { UsersSearch } from "./org-routes";
import { UnitSelect } from "./unit-select";
import { unitsQuery } from "./units-api";
import { UserDrawer } from "./user-drawer";
import { UserForm, type UserFormValues } from "./user-form";
import { assignableRoles, managedUnitIds } from "./user-permissions";
import { createUser, usersQuery } from "./users-api";
import { UsersTable } from "./users-table";

const pageSize = 25;

export function UsersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = useSearch({ from: "/app/users" });
  const navigate = useNavigate({ from: "/users" });
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 48em)");
  const [creating, setCreating] = useState(false);
  const [text, setText] = useState(search.q ?? "");

  const units = useQuery(unitsQuery).data ?? [];
  const page = search.page ?? 1;
  const sort = search.sort ?? "name";
  const active = search.active ?? "true";
  const list = useQuery(
    usersQuery({
      limit: pageSize,
      offset: (page - 1) * pageSize,
      q: search.q,
      unitId: search.unitId,
      role: search.role,
      active: active === "all" ? undefined : active,
      sort,
    }),
  );

  const update = (changes: Partial<UsersSearch>) =>
    void navigate({ search: (prev: UsersSearch) => ({ ...prev, page: undefined, ...changes }), replace: true });
  const applyText = useDebouncedCallback((value: string) => update({ q: value.trim() || undefined }), 300);

  // Follow the URL (back button, reset) without undoing spaces the user is still typing.
  useEffect(() => setText((current) => (current.trim() === (search.q ?? "") ? current : (search.q ?? ""))), [search.q]);

  const managed = managedUnitIds(me);
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const filtered = Boolean(search.q || search.unitId || search.role || search.active);

  const create = async (values: UserFormValues) => {
    const created = await createUser({
      login: values.login.trim(),
      password: values.password,
      name: values.name.trim(),
      position: values.position.trim() || null,
      email: values.email.trim() || null,
      phone: values.phone.trim() || null,
      role: values.role,
      unitId: values.unitId as string,
      active: values.active,
    });
    await queryClient.invalidateQueries({ queryKey: ["users"] });
    await queryClient.invalidateQueries({ queryKey: ["units"] });
    notifySuccess(t("users.created"));
    setCreating(false);
    update({ user: created.id });
  };

  const defaultUnit =
    search.unitId && (managed === "all" || managed?.has(search.unitId))
      ? search.unitId
      : me.role === "head"
        ? (me.headedUnitIds[0] ?? null)
        : null;

  return (
    <Stack gap="md">
      <PageHeader
        title={t("users.title")}
        intro={list.data ? t("users.total", { count: total }) : t("app.loading")}
        action={
          managed && (
            <Button leftSection={<IconUserPlus size={18} />} onClick={() => setCreating(true)}>
              {t("users.add")}
            </Button>
          )
        }
      />

      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          aria-label={t("common.search")}
          placeholder={t("users.searchPlaceholder")}
          leftSection={<IconSearch size={16} />}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            applyText(event.currentTarget.value);
          }}
          style={{ flex: "1 1 240px" }}
        />
        <UnitSelect
          aria-label={t("users.filterUnit")}
          placeholder={t("users.filterUnit")}
          units={units}
          value={search.unitId ?? null}
          onChange={(unitId) => update({ unitId: unitId ?? undefined })}
          clearable
          style={{ flex: "1 1 200px" }}
        />
        <Select
          aria-label={t("users.filterRole")}
          placeholder={t("users.filterRole")}
          data={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          value={search.role ?? null}
          onChange={(role) => update({ role: (role as Role | null) ?? undefined })}
          clearable
          style={{ flex: "1 1 160px" }}
        />
        <Select
          aria-label={t("users.filterStatus")}
          data={[
            { value: "true", label: t("users.statusActive") },
            { value: "false", label: t("users.statusInactive") },
            { value: "all", label: t("users.statusAll") },
          ]}
          value={active}
          onChange={(value) => update({ active: value === "true" || !value ? undefined : (value as "false" | "all") })}
          allowDeselect={false}
          style={{ flex: "1 1 160px" }}
        />
      </Group>

      <Paper withBorder radius="md">
        {list.error ? (
          <Text c="red" p="md">
            {problemText(list.error)}
          </Text>
        ) : list.data && list.data.items.length === 0 ? (
          <Stack align="center" gap="xs" p="xl">
            <IconUsers size={32} stroke={1.4} color="var(--mantine-color-dimmed)" />
            <Text c="dimmed">{t("users.empty")}</Text>
            {filtered && (
              <Button
                variant="subtle"
                size="xs"
                onClick={() => update({ q: undefined, unitId: undefined, role: undefined, active: undefined })}
              >
                {t("users.resetFilters")}
              </Button>
            )}
          </Stack>
        ) : (
          <UsersTable
            users={list.data?.items ?? []}
            sort={sort}
            onSort={(next) => update({ sort: next === "name" ? undefined : next })}
            onOpen={(user) => update({ user: user.id, page: search.page })}
          />
        )}
      </Paper>

      {pages > 1 && (
        <Group justify="center">
          <Pagination
            total={pages}
            value={page}
            onChange={(next) => update({ page: next > 1 ? next : undefined })}
            size={phone ? "sm" : "md"}
            siblings={phone ? 0 : 1}
          />
        </Group>
      )}

      <UserDrawer userId={search.user} units={units} onClose={() => update({ user: undefined, page: search.page })} />

      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={<Text fw={600}>{t("users.createTitle")}</Text>}
        size="lg"
        fullScreen={phone}
      >
        {managed && (
          <UserForm
            mode="create"
            initial={{
              login: "",
              password: "",
              name: "",
              position: "",
              email: "",
              phone: "",
              role: "manager",
              unitId: defaultUnit,
              active: true,
            }}
            units={units}
            roleOptions={assignableRoles(me)}
            allowedUnits={managed}
            onSubmit={create}
            onCancel={() => setCreating(false)}
          />
        )}
      </Modal>
    </Stack>
  );
}
