import { ActionIcon, Anchor, Group, Menu, Popover, Stack, Text } from "@mantine/core";
import type { ChatMessage } from "@planerka/common";
import { IconArrowBackUp, IconCopy, IconDotsVertical, IconMoodSmile, IconPencil, IconTrash } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifySuccess } from "../../lib/notify";
import classes from "./chat.module.css";
import { quickReactions } from "./chat-api";
import type { MessageActions } from "./message-item";
import { plainText } from "./message-text";

export async function copyText(message: ChatMessage, done: string) {
  await navigator.clipboard?.writeText(plainText(message.body));
  notifySuccess(done);
}

function ReactionPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const { t } = useTranslation();
  return (
    <Group gap={2} wrap="nowrap">
      {quickReactions.map((emoji) => (
        <ActionIcon
          key={emoji}
          variant="subtle"
          color="gray"
          size="lg"
          aria-label={t("chat.message.reactWith", { emoji })}
          onClick={() => onPick(emoji)}
        >
          <span style={{ fontSize: 20, lineHeight: 1 }}>{emoji}</span>
        </ActionIcon>
      ))}
    </Group>
  );
}

interface ToolbarProps {
  message: ChatMessage;
  actions: MessageActions;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCopy: () => void;
}

/** Shown on hover (or keyboard focus): react, reply, and the rest in a menu. */
export function Toolbar({ message, actions, open, onOpenChange, onCopy }: ToolbarProps) {
  const { t } = useTranslation();
  const [picking, setPicking] = useState(false);
  const [menu, setMenu] = useState(false);
  const setPick = (value: boolean) => {
    setPicking(value);
    onOpenChange(value || menu);
  };
  const setMenuOpen = (value: boolean) => {
    setMenu(value);
    onOpenChange(value || picking);
  };
  return (
    <div className={classes.toolbar} data-open={open || undefined}>
      <Popover opened={picking} onChange={setPick} position="top" shadow="md" withinPortal>
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t("chat.message.react")}
            onClick={() => setPick(!picking)}
          >
            <IconMoodSmile size={16} />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={4}>
          <ReactionPicker
            onPick={(emoji) => {
              setPick(false);
              actions.onReact(message, emoji);
            }}
          />
        </Popover.Dropdown>
      </Popover>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="sm"
        aria-label={t("chat.message.reply")}
        onClick={() => actions.onReply(message)}
      >
        <IconArrowBackUp size={16} />
      </ActionIcon>
      <Menu opened={menu} onChange={setMenuOpen} position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t("chat.message.more")}>
            <IconDotsVertical size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <MenuItems message={message} actions={actions} onCopy={onCopy} />
        </Menu.Dropdown>
      </Menu>
    </div>
  );
}

function MenuItems({
  message,
  actions,
  onCopy,
}: {
  message: ChatMessage;
  actions: MessageActions;
  onCopy: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Menu.Item leftSection={<IconArrowBackUp size={16} />} onClick={() => actions.onReply(message)}>
        {t("chat.message.reply")}
      </Menu.Item>
      {message.body && (
        <Menu.Item leftSection={<IconCopy size={16} />} onClick={onCopy}>
          {t("chat.message.copy")}
        </Menu.Item>
      )}
      {message.mine && message.body && (
        <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => actions.onEdit(message)}>
          {t("chat.message.edit")}
        </Menu.Item>
      )}
      {message.mine && (
        <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => actions.onDelete(message)}>
          {t("chat.message.delete")}
        </Menu.Item>
      )}
    </>
  );
}

/** The phone's action sheet after a long press: quick reactions, then the actions. */
export function ActionsSheet({
  message,
  actions,
  onDone,
  onCopy,
}: {
  message: ChatMessage;
  actions: MessageActions;
  onDone: () => void;
  onCopy: () => void;
}) {
  const { t } = useTranslation();
  const item = (label: string, icon: ReactNode, run: () => void, color?: string) => (
    <Anchor
      component="button"
      type="button"
      c={color ?? "inherit"}
      underline="never"
      py={10}
      onClick={() => {
        onDone();
        run();
      }}
    >
      <Group gap="sm">
        {icon}
        <Text size="md">{label}</Text>
      </Group>
    </Anchor>
  );
  return (
    <Stack gap={4} pb="md">
      <ReactionPicker
        onPick={(emoji) => {
          onDone();
          actions.onReact(message, emoji);
        }}
      />
      {item(t("chat.message.reply"), <IconArrowBackUp size={20} />, () => actions.onReply(message))}
      {message.body && item(t("chat.message.copy"), <IconCopy size={20} />, onCopy)}
      {message.mine &&
        message.body &&
        item(t("chat.message.edit"), <IconPencil size={20} />, () => actions.onEdit(message))}
      {message.mine && item(t("chat.message.delete"), <IconTrash size={20} />, () => actions.onDelete(message), "red")}
    </Stack>
  );
}
