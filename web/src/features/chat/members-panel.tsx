import { ActionIcon, Badge, Button, Divider, Drawer, Group, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import type { ChatDetail, PersonRef } from "@planerka/common";
import { IconDoorExit, IconUserMinus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { handleFormError, notifySuccess } from "../../lib/notify";
import { UserMultiPicker } from "../org/user-multi-picker";
import { addChatMembers, chatDetailQuery, chatListQuery, removeChatMember, renameChat } from "./chat-api";
import { PresenceAvatar } from "./chat-bits";
import { forgetChat } from "./chat-cache";

interface MembersPanelProps {
  chat: ChatDetail;
  opened: boolean;
  onClose: () => void;
  /** After the caller left the chat. */
  onLeft: () => void;
}

/** Who is in the chat (with presence); in a group: rename, add, remove, leave. */
export function MembersPanel({ chat, opened, onClose, onLeft }: MembersPanelProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(chat.title);
  const [adding, setAdding] = useState<PersonRef[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const [removing, setRemoving] = useState<PersonRef | null>(null);
  const [leaving, setLeaving] = useState(false);

  const settle = (detail: ChatDetail) => {
    queryClient.setQueryData(chatDetailQuery(chat.id).queryKey, detail);
    void queryClient.invalidateQueries({ queryKey: chatListQuery.queryKey });
  };

  const run = async (action: () => Promise<ChatDetail>, done: string) => {
    setPending(true);
    try {
      settle(await action());
      setErrors({});
      notifySuccess(done);
      return true;
    } catch (error) {
      handleFormError(error, { setErrors });
      return false;
    } finally {
      setPending(false);
    }
  };

  const members = [...chat.members].sort(
    (a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name, "ru"),
  );
  const present = new Set(chat.members.map((member) => member.id));

  return (
    <Drawer opened={opened} onClose={onClose} position="right" title={t("chat.members.title")} size="sm">
      <Stack gap="md">
        {chat.abilities.rename && (
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              label={t("chat.members.rename")}
              value={title}
              maxLength={200}
              onChange={(event) => setTitle(event.currentTarget.value)}
              error={errors.title}
            />
            <Button
              variant="default"
              disabled={title.trim() === "" || title.trim() === chat.title}
              loading={pending}
              onClick={() => void run(() => renameChat(chat.id, title.trim()), t("chat.members.renamed"))}
            >
              {t("common.save")}
            </Button>
          </Group>
        )}
        {chat.abilities.addMembers && (
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <UserMultiPicker
              style={{ flex: 1 }}
              label={t("chat.members.addPlaceholder")}
              placeholder={adding.length === 0 ? t("chat.create.membersPlaceholder") : undefined}
              value={adding}
              onChange={(value) => setAdding(value.filter((person) => !present.has(person.id)))}
              error={errors.userIds}
              comboboxProps={{ withinPortal: false }}
            />
            <Button
              disabled={adding.length === 0}
              loading={pending}
              onClick={() =>
                void run(
                  () =>
                    addChatMembers(
                      chat.id,
                      adding.map((person) => person.id),
                    ),
                  t("chat.members.added"),
                ).then((added) => added && setAdding([]))
              }
            >
              {t("chat.members.add")}
            </Button>
          </Group>
        )}
        <Text size="sm" c="dimmed">
          {t("chat.memberCount", { count: chat.members.length })}
        </Text>
        <Stack gap={6} data-testid="chat-members">
          {members.map((member) => (
            <Group key={member.id} gap="sm" wrap="nowrap">
              <PresenceAvatar name={member.name} online={member.online} size={32} />
              <div style={{ flex: 1, minWidth: 0 }}>
                <Text size="sm" truncate>
                  {member.name}
                  {member.id === me.id && ` (${t("chat.you").toLowerCase()})`}
                </Text>
                <Text size="xs" c={member.online ? "teal" : "dimmed"}>
                  {member.online ? t("chat.online") : t("chat.offline")}
                </Text>
              </div>
              {member.role === "owner" && chat.kind === "group" && (
                <Badge size="xs" variant="light">
                  {t("chat.members.owner")}
                </Badge>
              )}
              {chat.abilities.removeMembers && member.id !== me.id && (
                <Tooltip label={t("chat.members.remove")}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`${t("chat.members.remove")}: ${member.name}`}
                    onClick={() => setRemoving(member)}
                  >
                    <IconUserMinus size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          ))}
        </Stack>
        {chat.abilities.leave && (
          <>
            <Divider />
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconDoorExit size={16} />}
              onClick={() => setLeaving(true)}
            >
              {t("chat.members.leave")}
            </Button>
          </>
        )}
      </Stack>
      <ConfirmModal
        opened={removing !== null}
        title={t("chat.members.removeTitle")}
        message={t("chat.members.removeConfirm", { name: removing?.name ?? "" })}
        confirmLabel={t("chat.members.remove")}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await removeChatMember(chat.id, removing.id);
          notifySuccess(t("chat.members.removed", { name: removing.name }));
          void queryClient.invalidateQueries({ queryKey: chatDetailQuery(chat.id).queryKey });
        }}
      />
      <ConfirmModal
        opened={leaving}
        title={t("chat.members.leaveTitle")}
        message={chat.kind === "record" ? t("chat.members.leaveRecordConfirm") : t("chat.members.leaveConfirm")}
        confirmLabel={t("chat.members.leave")}
        onClose={() => setLeaving(false)}
        onConfirm={async () => {
          await removeChatMember(chat.id, me.id);
          forgetChat(queryClient, chat.id);
          notifySuccess(t("chat.members.left"));
          onLeft();
        }}
      />
    </Drawer>
  );
}
