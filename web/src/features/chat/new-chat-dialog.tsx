import { Button, Group, Modal, SegmentedControl, Stack, TextInput } from "@mantine/core";
import type { PersonRef } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { handleFormError } from "../../lib/notify";
import { UserMultiPicker } from "../org/user-multi-picker";
import { UserPicker } from "../org/user-picker";
import { createGroupChat, openDirectChat } from "./chat-api";
import { rememberChat } from "./chat-cache";

type Kind = "direct" | "group";

/** «Новый чат»: one to one with a colleague (opens the existing chat if there is one), or a group. */
export function NewChatDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [kind, setKind] = useState<Kind>("direct");
  const [peerId, setPeerId] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const [members, setMembers] = useState<PersonRef[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  const close = () => {
    setPeerId(null);
    setTitle("");
    setMembers([]);
    setErrors({});
    onClose();
  };

  const submit = async () => {
    const others = members.filter((person) => person.id !== me.id);
    if (kind === "group" && others.length === 0) {
      setErrors({ memberIds: t("chat.create.needMembers") });
      return;
    }
    setPending(true);
    try {
      const chat =
        kind === "direct" && peerId
          ? await openDirectChat(peerId)
          : await createGroupChat(
              title.trim(),
              others.map((person) => person.id),
            );
      rememberChat(queryClient, chat);
      close();
      await navigate({ to: "/chat/$chatId", params: { chatId: chat.id } });
    } catch (error) {
      handleFormError(error, { setErrors });
    } finally {
      setPending(false);
    }
  };

  const ready = kind === "direct" ? peerId !== null && peerId !== me.id : title.trim() !== "" && members.length > 0;

  return (
    <Modal opened={opened} onClose={close} title={t("chat.create.title")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) void submit();
        }}
      >
        <Stack>
          <SegmentedControl
            value={kind}
            onChange={(value) => setKind(value as Kind)}
            data={[
              { value: "direct", label: t("chat.create.direct") },
              { value: "group", label: t("chat.create.group") },
            ]}
          />
          {kind === "direct" ? (
            <UserPicker
              label={t("chat.create.colleague")}
              value={peerId}
              onChange={setPeerId}
              error={errors.userId}
              data-autofocus
              comboboxProps={{ withinPortal: false }}
            />
          ) : (
            <>
              <TextInput
                label={t("chat.create.groupTitle")}
                placeholder={t("chat.create.groupTitlePlaceholder")}
                value={title}
                maxLength={200}
                onChange={(event) => setTitle(event.currentTarget.value)}
                error={errors.title}
                data-autofocus
              />
              <UserMultiPicker
                label={t("chat.create.members")}
                placeholder={members.length === 0 ? t("chat.create.membersPlaceholder") : undefined}
                value={members}
                onChange={(value) => {
                  setMembers(value);
                  setErrors((current) => ({ ...current, memberIds: "" }));
                }}
                error={errors.memberIds || undefined}
                comboboxProps={{ withinPortal: false }}
              />
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={pending} disabled={!ready}>
              {kind === "direct" ? t("chat.create.open") : t("chat.create.createGroup")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
