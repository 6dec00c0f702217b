import {
  ActionIcon,
  CloseButton,
  Combobox,
  FileButton,
  Group,
  Progress,
  Text,
  Textarea,
  Tooltip,
  useCombobox,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import type { ChatMessage, PersonRef } from "@planerka/common";
import { IconArrowBackUp, IconFolders, IconPaperclip, IconPencil, IconSend } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { usersQuery } from "../org/users-api";
import classes from "./chat.module.css";
import { plainText } from "./message-text";

export interface Upload {
  name: string;
  fraction: number;
}

interface ComposerProps {
  /** People offered after @ (the chat's members). */
  people: PersonRef[];
  /** A record chat's readers are not all members: @ searches every employee. */
  searchEveryone: boolean;
  meId: string;
  replyTo: ChatMessage | null;
  editing: ChatMessage | null;
  upload: Upload | null;
  onCancelReply: () => void;
  onCancelEdit: () => void;
  onCancelUpload: () => void;
  onSend: (body: string) => Promise<boolean>;
  onFiles: (files: File[]) => void;
  /** «С диска»: opens the picker of drive files. */
  onDriveFile: () => void;
  /** Up arrow in an empty box edits one's last message, as in Slack. */
  onEditLast: () => void;
}

/** The `@query` typed just before the caret, if any. */
function mentionAt(value: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@[\]()]{0,40})$/.exec(value.slice(0, caret));
  if (!match) return null;
  return { start: caret - (match[2]?.length ?? 0) - 1, query: match[2] ?? "" };
}

const coarsePointer = () => window.matchMedia("(pointer: coarse)").matches;

/**
 * The message box: Enter sends (Shift+Enter is a new line; on a touch screen Enter is a new line),
 * @ offers the chat's members and inserts `@[Name](id)`, files come from the clip, a paste or a drop.
 */
export function Composer(props: ComposerProps) {
  const { people, searchEveryone, meId, replyTo, editing, upload } = props;
  const { t } = useTranslation();
  const [value, setValue] = useState("");
  const [sending, setSending] = useState(false);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [debounced] = useDebouncedValue(mention?.query ?? "", 200);
  const everyone = useQuery({
    ...usersQuery({ limit: 8, q: debounced || undefined, active: "true", sort: "name" }),
    enabled: searchEveryone && mention !== null,
  });

  const needle = mention?.query.toLowerCase() ?? "";
  const offered = mention
    ? [
        ...people.filter((person) => person.id !== meId && person.name.toLowerCase().includes(needle)),
        ...(searchEveryone ? (everyone.data?.items ?? []) : []),
      ]
        .filter((person, index, all) => all.findIndex((other) => other.id === person.id) === index)
        .slice(0, 8)
    : [];
  const firstId = offered[0]?.id;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the store is a new object every render; a new first match is what counts.
  useEffect(() => {
    if (firstId) combobox.selectFirstOption();
  }, [firstId]);

  // Editing puts the message's text in the box (and takes it out when editing ends another way,
  // e.g. by replying instead); replying or editing moves the caret there.
  const edited = useRef<ChatMessage | null>(null);
  useEffect(() => {
    if (editing) setValue(editing.body);
    else if (edited.current) setValue("");
    edited.current = editing;
    if (editing || replyTo) requestAnimationFrame(() => area.current?.focus());
  }, [editing, replyTo]);

  const track = (next: string, caret: number) => {
    const found = mentionAt(next, caret);
    setMention(found);
    if (found) combobox.openDropdown();
    else combobox.closeDropdown();
  };

  const insert = (id: string) => {
    const person = offered.find((item) => item.id === id);
    if (!person || !mention) return;
    const caret = area.current?.selectionStart ?? value.length;
    const token = `@[${person.name.replace(/[[\]()]/g, "")}](${person.id}) `;
    setValue(value.slice(0, mention.start) + token + value.slice(caret));
    setMention(null);
    combobox.closeDropdown();
    const position = mention.start + token.length;
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(position, position);
    });
  };

  const send = async () => {
    const body = value.trim();
    if (!body || sending) return;
    setSending(true);
    const sent = await props.onSend(body);
    setSending(false);
    if (sent) setValue("");
    requestAnimationFrame(() => area.current?.focus());
  };

  const cancelEdit = () => {
    setValue("");
    props.onCancelEdit();
  };

  const percent = upload ? Math.round(upload.fraction * 100) : 0;
  const banner = editing ?? replyTo;

  return (
    <div className={classes.composer}>
      {upload && (
        <Group gap="xs" wrap="nowrap" mb={6}>
          <Text size="xs" truncate style={{ flex: 1 }}>
            {t("chat.composer.uploading", { name: upload.name, percent })}
          </Text>
          <Progress value={percent} w={120} size="sm" aria-hidden />
          <CloseButton size="sm" aria-label={t("chat.composer.cancelUpload")} onClick={props.onCancelUpload} />
        </Group>
      )}
      {banner && (
        <Group gap="xs" wrap="nowrap" mb={6} data-testid="composer-banner">
          {editing ? <IconPencil size={16} /> : <IconArrowBackUp size={16} />}
          <div style={{ flex: 1, minWidth: 0 }}>
            <Text size="xs" fw={600} c="blue">
              {editing ? t("chat.composer.editing") : t("chat.composer.replyingTo", { name: banner.author.name })}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {plainText(banner.body) || t("chat.file")}
            </Text>
          </div>
          <CloseButton
            size="sm"
            aria-label={editing ? t("chat.composer.cancelEdit") : t("chat.composer.cancelReply")}
            onClick={editing ? cancelEdit : props.onCancelReply}
          />
        </Group>
      )}
      <Group gap={6} align="flex-end" wrap="nowrap">
        {!editing && (
          <FileButton onChange={(files) => files.length > 0 && props.onFiles(files)} multiple>
            {(buttonProps) => (
              <Tooltip label={t("chat.composer.attach")}>
                <ActionIcon
                  {...buttonProps}
                  variant="subtle"
                  color="gray"
                  size="lg"
                  aria-label={t("chat.composer.attach")}
                  disabled={upload !== null}
                >
                  <IconPaperclip size={20} />
                </ActionIcon>
              </Tooltip>
            )}
          </FileButton>
        )}
        {!editing && (
          <Tooltip label={t("chat.composer.fromDrive")}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={t("chat.composer.fromDrive")}
              disabled={upload !== null}
              onClick={props.onDriveFile}
            >
              <IconFolders size={20} />
            </ActionIcon>
          </Tooltip>
        )}
        {/* In a portal: inside a record chat on a card the list was clipped by the card's section. */}
        <Combobox store={combobox} onOptionSubmit={insert} position="top-start" withinPortal>
          <Combobox.Target>
            <Textarea
              ref={area}
              style={{ flex: 1 }}
              value={value}
              autosize
              minRows={1}
              maxRows={8}
              maxLength={10_000}
              placeholder={t("chat.composer.placeholder")}
              aria-label={t("chat.composer.label")}
              onChange={(event) => {
                setValue(event.currentTarget.value);
                track(event.currentTarget.value, event.currentTarget.selectionStart);
              }}
              onKeyDown={(event) => {
                if (event.nativeEvent.isComposing) return;
                if (mention && offered.length > 0 && (event.key === "Enter" || event.key === "Tab")) return;
                if (event.key === "Escape" && editing) {
                  event.preventDefault();
                  cancelEdit();
                } else if (event.key === "Escape" && replyTo) {
                  event.preventDefault();
                  props.onCancelReply();
                } else if (event.key === "ArrowUp" && value === "" && !editing) {
                  event.preventDefault();
                  props.onEditLast();
                } else if (event.key === "Enter" && !event.shiftKey && (!coarsePointer() || event.ctrlKey)) {
                  event.preventDefault();
                  void send();
                }
              }}
              onPaste={(event) => {
                const files = [...event.clipboardData.files];
                if (files.length > 0 && !editing) {
                  event.preventDefault();
                  props.onFiles(files);
                }
              }}
              onBlur={() => combobox.closeDropdown()}
            />
          </Combobox.Target>
          <Combobox.Dropdown hidden={offered.length === 0}>
            <Combobox.Header>
              <Text size="xs" c="dimmed">
                {t("chat.composer.mentionHint")}
              </Text>
            </Combobox.Header>
            <Combobox.Options>
              {offered.map((person) => (
                <Combobox.Option key={person.id} value={person.id}>
                  <Text size="sm">{person.name}</Text>
                </Combobox.Option>
              ))}
            </Combobox.Options>
          </Combobox.Dropdown>
        </Combobox>
        <Tooltip label={t("chat.composer.hint")}>
          <ActionIcon
            size="lg"
            variant="filled"
            aria-label={t("chat.composer.send")}
            onClick={() => void send()}
            loading={sending}
            disabled={value.trim() === ""}
          >
            <IconSend size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </div>
  );
}
