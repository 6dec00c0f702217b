import { ActionIcon, Avatar, Button, Group, Paper, Select, Stack, Text, Tooltip } from "@mantine/core";
import { type GroupDetail, type GroupRole, groupRoles } from "@planerka/common";
import { IconUserMinus, IconUserPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { notifyError, notifySuccess } from "../../lib/notify";
import { UserPicker } from "../org/user-picker";
import { addGroupMember, changeGroupMemberRole, refreshGroupViews, removeGroupMember } from "./groups-api";

type Member = GroupDetail["members"][number];

/** «Участники»: who is in the group with their roles; owners and moderators add, re-role and remove. */
export function GroupMembers({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<Member | null>(null);
  const { abilities } = group;

  const apply = (saved: GroupDetail) => {
    queryClient.setQueryData(["groups", "one", group.id], saved);
    refreshGroupViews(queryClient);
  };
  const changeRole = async (member: Member, role: GroupRole) => {
    try {
      apply(await changeGroupMemberRole(group.id, member.id, role));
      notifySuccess(t("groups.members.roleChanged", { name: member.name }));
    } catch (error) {
      notifyError(error);
    }
  };
  // Owners' roles are for owners (and admins); moderators manage the rest.
  const mayChange = (member: Member) =>
    abilities.manageMembers && member.id !== me.id && (member.role !== "owner" || abilities.manageOwners);
  const roleOptions = groupRoles
    .filter((role) => role !== "owner" || abilities.manageOwners)
    .map((role) => ({ value: role, label: t(`groups.role.${role}`) }));

  return (
    <Stack gap="sm">
      {abilities.manageMembers && <AddMember group={group} onAdded={apply} roleOptions={roleOptions} />}
      <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label={t("groups.tabs.members")}>
        {group.members.map((member) => (
          <Paper key={member.id} withBorder radius="md" p="xs" component="li" aria-label={member.name}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                <Avatar name={member.name} color="initials" size="md" />
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" fw={500} truncate>
                    {member.name}
                    {member.id === me.id ? ` (${t("groups.members.you")})` : ""}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {member.active ? (member.position ?? "") : t("groups.members.inactive")}
                  </Text>
                </Stack>
              </Group>
              <Group gap={6} wrap="nowrap">
                {mayChange(member) ? (
                  <Select
                    size="xs"
                    w={140}
                    aria-label={t("groups.members.roleOf", { name: member.name })}
                    data={roleOptions}
                    value={member.role}
                    allowDeselect={false}
                    onChange={(value) => value && value !== member.role && void changeRole(member, value as GroupRole)}
                  />
                ) : (
                  <Text size="xs" c="dimmed">
                    {t(`groups.role.${member.role}`)}
                  </Text>
                )}
                {mayChange(member) && (
                  <Tooltip label={t("groups.members.remove")}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t("groups.members.removeOf", { name: member.name })}
                      onClick={() => setRemoving(member)}
                    >
                      <IconUserMinus size={16} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
      <ConfirmModal
        opened={removing !== null}
        title={t("groups.members.removeTitle")}
        message={t("groups.members.removeConfirm", { name: removing?.name ?? "", group: group.name })}
        confirmLabel={t("groups.members.remove")}
        onConfirm={async () => {
          if (!removing) return;
          await removeGroupMember(group.id, removing.id);
          notifySuccess(t("groups.members.removed", { name: removing.name }));
          refreshGroupViews(queryClient, group.id);
        }}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}

function AddMember({
  group,
  onAdded,
  roleOptions,
}: {
  group: GroupDetail;
  onAdded: (group: GroupDetail) => void;
  roleOptions: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<GroupRole>("member");
  const [pending, setPending] = useState(false);
  const add = async () => {
    if (!userId) return;
    setPending(true);
    try {
      onAdded(await addGroupMember(group.id, userId, role));
      notifySuccess(t("groups.members.added"));
      setUserId(null);
      setRole("member");
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(false);
    }
  };
  return (
    <Paper withBorder radius="md" p="sm">
      <Group gap="xs" align="flex-end" wrap="wrap">
        <UserPicker
          label={t("groups.members.addLabel")}
          placeholder={t("groups.members.addPlaceholder")}
          value={userId}
          onChange={setUserId}
          style={{ flex: "1 1 220px" }}
        />
        <Select
          label={t("groups.members.role")}
          data={roleOptions}
          value={role}
          onChange={(value) => value && setRole(value as GroupRole)}
          allowDeselect={false}
          w={150}
        />
        <Button
          leftSection={<IconUserPlus size={16} />}
          disabled={!userId}
          loading={pending}
          onClick={() => void add()}
        >
          {t("groups.members.add")}
        </Button>
      </Group>
    </Paper>
  );
}
