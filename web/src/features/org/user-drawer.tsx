import { Alert, Badge, Button, Divider, Drawer, Group, Skeleton, Stack, Table, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { Unit, User } from "@planerka/common";
import { IconLayoutDashboard, IconPencil } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDate } from "../../lib/dates";
import { notifySuccess, problemText } from "../../lib/notify";
import { PhoneLink } from "../telephony/phone-link";
import { PersonAttestations } from "../training/person-attestations";
import { subtreeIds } from "./unit-tree-model";
import { UserCard } from "./user-card";
import { changedFields, UserForm, type UserFormValues } from "./user-form";
import { assignableRoles, managedUnitIds } from "./user-permissions";
import { UserPhotoEditor } from "./user-photo-editor";
import { updateUser, userQuery } from "./users-api";

interface UserDrawerProps {
  userId: string | undefined;
  units: Unit[];
  onClose: () => void;
}

export function toFormValues(user: User): UserFormValues {
  return {
    login: user.login,
    password: "",
    name: user.name,
    position: user.position ?? "",
    email: user.email ?? "",
    phone: user.phone ?? "",
    role: user.role,
    unitId: user.unitId,
    active: user.active,
  };
}

export function UserDrawer({ userId, units, onClose }: UserDrawerProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 48em)");
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    if (!userId) setEditing(false);
  }, [userId]);

  return (
    <Drawer
      opened={Boolean(userId)}
      onClose={onClose}
      position="right"
      size={phone ? "100%" : 560}
      title={<Text fw={600}>{editing ? t("users.editTitle") : t("users.card")}</Text>}
    >
      {userId && <UserDetails userId={userId} units={units} editing={editing} setEditing={setEditing} />}
    </Drawer>
  );
}

interface UserDetailsProps {
  userId: string;
  units: Unit[];
  editing: boolean;
  setEditing: (editing: boolean) => void;
}

function UserDetails({ userId, units, editing, setEditing }: UserDetailsProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { data: user, error, refetch } = useQuery(userQuery(userId));
  const [formKey, setFormKey] = useState(0);

  if (error) return <Alert color="red">{problemText(error)}</Alert>;
  if (!user) return <Skeleton h={240} />;

  const managed = managedUnitIds(me);
  const canManage = user.abilities.manage;
  const self = user.id === me.id;
  // The cabinet is readable by its owner and by whoever may read their reports (the server decides).
  const reports = me.abilities.access.reports?.read ?? "none";
  const mayOpenCabinet =
    self || reports === "all" || (reports === "subtree" && subtreeIds(units, me.headedUnitIds).has(user.unitId));
  const initial = toFormValues(user);

  const save = async (values: UserFormValues) => {
    const patch = changedFields(initial, values);
    if (Object.keys(patch).length > 0) {
      const updated = await updateUser(user.id, { ...patch, version: user.version });
      queryClient.setQueryData(userQuery(user.id).queryKey, updated);
      await queryClient.invalidateQueries({ queryKey: ["users", "list"] });
      await queryClient.invalidateQueries({ queryKey: ["units"] });
      if (self) await queryClient.invalidateQueries({ queryKey: ["me"] });
      notifySuccess(t("users.updated"));
    }
    setEditing(false);
  };

  const reload = async () => {
    await refetch();
    // A fresh form picks up the reloaded record.
    setFormKey((key) => key + 1);
  };

  if (editing && canManage) {
    return (
      <UserForm
        key={`${user.id}-${user.version}-${formKey}`}
        mode="edit"
        initial={initial}
        units={units}
        roleOptions={assignableRoles(me)}
        allowedUnits={managed === "all" || managed === null ? "all" : managed}
        selfLocked={self}
        onSubmit={save}
        onCancel={() => setEditing(false)}
        onStale={() => void reload()}
      />
    );
  }

  const rows: [string, ReactNode][] = [
    [t("users.fields.login"), user.login],
    [t("users.fields.email"), user.email ?? t("common.none")],
    [t("users.fields.phone"), user.phone ? <PhoneLink key="phone" phone={user.phone} /> : t("common.none")],
    [t("users.fields.unit"), user.unitName],
    [t("users.fields.createdAt"), formatDate(user.createdAt, me.timeZone)],
  ];

  return (
    <Stack gap="md">
      <UserCard user={user} />
      <Group gap="xs">
        {user.active ? (
          <Badge color="teal" variant="dot">
            {t("users.active")}
          </Badge>
        ) : (
          <Badge color="gray" variant="dot">
            {t("users.inactive")}
          </Badge>
        )}
      </Group>
      <Table variant="vertical" layout="fixed" withTableBorder>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={150}>{label}</Table.Th>
              <Table.Td style={{ overflowWrap: "anywhere" }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {mayOpenCabinet && <PersonAttestations userId={user.id} />}
      {mayOpenCabinet && (
        <Button
          onClick={() => navigate({ to: "/cabinet/$userId", params: { userId: user.id } })}
          variant="light"
          leftSection={<IconLayoutDashboard size={16} />}
          w="fit-content"
        >
          {t("users.openCabinet")}
        </Button>
      )}
      {canManage && (
        <>
          <Button leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)} w="fit-content">
            {t("common.edit")}
          </Button>
          <Divider />
          <UserPhotoEditor user={user} showAvatar={false} />
        </>
      )}
    </Stack>
  );
}
