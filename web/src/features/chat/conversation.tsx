import { ActionIcon, Center, Group, Loader, Stack, Text, Tooltip } from "@mantine/core";
import type { ChatDetail, ChatMessage, DriveFile } from "@planerka/common";
import { IconArrowLeft, IconUpload, IconUsers } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { notifyError, problemText } from "../../lib/notify";
import { useRealtime } from "../../lib/realtime";
import { DriveFilePickerDialog } from "../drive-files/drive-file-picker-dialog";
import classes from "./chat.module.css";
import {
  chatDetailQuery,
  chatFileLimitBytes,
  chatListQuery,
  chatMessagesQuery,
  deleteMessage,
  editMessage,
  postMessage,
  toggleReaction,
  uploadChatFile,
} from "./chat-api";
import { ChatAvatar } from "./chat-bits";
import { applyMessageToList, upsertMessage } from "./chat-cache";
import { Composer, type Upload } from "./composer";
import { ConversationTitle } from "./conversation-title";
import { MembersPanel } from "./members-panel";
import { MessageList } from "./message-list";
import { useMarkRead } from "./use-mark-read";

interface ConversationProps {
  chatId: string;
  /** Inline on a CRM card: no header of its own, a shorter history. */
  compact?: boolean;
  /** On a phone: back to the list. */
  onBack?: () => void;
  /** The caller left or lost the chat. */
  onClosed?: () => void;
  /** A message to show (a search result). */
  target?: string;
  onTargetShown?: () => void;
}

/** One chat: its header, the history and the message box; files may be dropped anywhere on it. */
export function Conversation({ chatId, compact, onBack, onClosed, target, onTargetShown }: ConversationProps) {
  const { t } = useTranslation();
  const detail = useQuery(chatDetailQuery(chatId));
  const closed = useRef(onClosed);
  closed.current = onClosed;

  useRealtime("chat_removed", (frame) => {
    if (frame.chatId === chatId) closed.current?.();
  });

  if (detail.isPending) {
    return (
      <Center className={classes.conversation}>
        <Loader size="sm" />
      </Center>
    );
  }
  if (detail.isError) {
    return (
      <Stack className={classes.conversation} align="center" justify="center" p="md">
        {onBack && (
          <ActionIcon variant="subtle" aria-label={t("chat.back")} onClick={onBack}>
            <IconArrowLeft size={18} />
          </ActionIcon>
        )}
        <Text c={isProblem(detail.error, 404) ? "dimmed" : "red"} ta="center">
          {isProblem(detail.error, 404) ? t("chat.notFound") : problemText(detail.error)}
        </Text>
      </Stack>
    );
  }
  return (
    <LoadedConversation
      chat={detail.data}
      compact={compact}
      onBack={onBack}
      onClosed={() => closed.current?.()}
      target={target}
      onTargetShown={onTargetShown}
    />
  );
}

function LoadedConversation({
  chat,
  compact,
  onBack,
  onClosed,
  target,
  onTargetShown,
}: Omit<ConversationProps, "chatId"> & { chat: ChatDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const chatId = chat.id;
  const [replyTo, setReplyTo] = useState<ChatMessage | null>(null);
  const [editing, setEditing] = useState<ChatMessage | null>(null);
  const [deleting, setDeleting] = useState<ChatMessage | null>(null);
  const [members, setMembers] = useState(false);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [pickingDriveFile, setPickingDriveFile] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [jump, setJump] = useState<string | undefined>(undefined);
  const abort = useRef<AbortController | null>(null);
  // The «new messages» line: where the reader had read to when the chat opened, if anything was unread.
  const [readMark] = useState(() => (chat.unread > 0 ? chat.lastReadSeq : undefined));

  useMarkRead(chatId);

  const accept = (message: ChatMessage) => {
    upsertMessage(queryClient, message);
    if (!applyMessageToList(queryClient, message))
      void queryClient.invalidateQueries({ queryKey: chatListQuery.queryKey });
  };

  const send = async (body: string) => {
    try {
      if (editing) {
        accept(await editMessage(editing.id, body));
        setEditing(null);
      } else {
        accept(await postMessage(chatId, body, replyTo?.id ?? null));
        setReplyTo(null);
      }
      return true;
    } catch (error) {
      notifyError(error);
      return false;
    }
  };

  const sendDriveFile = async (file: DriveFile) => {
    accept(await postMessage(chatId, "", replyTo?.id ?? null, [file.id]));
    setReplyTo(null);
  };

  const sendFiles = async (files: File[]) => {
    const controller = new AbortController();
    abort.current = controller;
    for (const file of files) {
      if (file.size > chatFileLimitBytes) {
        notifyError(new Error(t("chat.composer.tooLarge", { name: file.name })));
        continue;
      }
      setUpload({ name: file.name, fraction: 0 });
      try {
        const message = await uploadChatFile(chatId, file, {
          replyToId: replyTo?.id ?? null,
          onProgress: (fraction) => setUpload({ name: file.name, fraction }),
          signal: controller.signal,
        });
        accept(message);
        setReplyTo(null);
      } catch (error) {
        if ((error as Error).name !== "AbortError") notifyError(error);
        break;
      }
    }
    setUpload(null);
    abort.current = null;
  };

  const react = async (message: ChatMessage, emoji: string) => {
    try {
      accept(await toggleReaction(message.id, emoji));
    } catch (error) {
      notifyError(error);
    }
  };

  const editLast = () => {
    const pages = queryClient.getQueryData(chatMessagesQuery(chatId).queryKey)?.pages ?? [];
    const last = pages
      .flatMap((page) => page.items)
      .filter((message) => message.mine && !message.deleted && message.body)
      .sort((a, b) => b.seq - a.seq)[0];
    if (last) setEditing(last);
  };

  const onTargetDone = useCallback(() => {
    setJump(undefined);
    onTargetShown?.();
  }, [onTargetShown]);

  return (
    <section
      className={`${classes.conversation} ${compact ? classes.compact : ""}`}
      data-testid="chat-conversation"
      aria-label={chat.title}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes("Files")) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        const files = [...event.dataTransfer.files];
        setDragging(false);
        if (files.length === 0) return;
        event.preventDefault();
        void sendFiles(files);
      }}
    >
      {!compact && (
        <div className={classes.conversationHeader}>
          {onBack && (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              hiddenFrom="sm"
              aria-label={t("chat.back")}
              onClick={onBack}
            >
              <IconArrowLeft size={20} />
            </ActionIcon>
          )}
          <ChatAvatar chat={chat} size={36} />
          <ConversationTitle chat={chat} />
          {chat.kind !== "direct" && (
            <Tooltip label={t("chat.members.open")}>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={t("chat.members.open")}
                onClick={() => setMembers(true)}
              >
                <IconUsers size={18} />
              </ActionIcon>
            </Tooltip>
          )}
        </div>
      )}
      <MessageList
        chatId={chatId}
        kind={chat.kind}
        readMark={readMark}
        target={jump ?? target}
        onJump={setJump}
        onTargetShown={onTargetDone}
        onReply={(message) => {
          setEditing(null);
          setReplyTo(message);
        }}
        onEdit={(message) => {
          setReplyTo(null);
          setEditing(message);
        }}
        onDelete={setDeleting}
        onReact={(message, emoji) => void react(message, emoji)}
      />
      <Composer
        people={chat.members}
        searchEveryone={chat.kind === "record"}
        meId={me.id}
        replyTo={replyTo}
        editing={editing}
        upload={upload}
        onCancelReply={() => setReplyTo(null)}
        onCancelEdit={() => setEditing(null)}
        onCancelUpload={() => abort.current?.abort()}
        onSend={send}
        onFiles={(files) => void sendFiles(files)}
        onDriveFile={() => setPickingDriveFile(true)}
        onEditLast={editLast}
      />
      {dragging && (
        <div className={classes.dropOverlay}>
          <Group gap="xs">
            <IconUpload size={24} />
            <Text fw={600}>{t("chat.composer.dropHere")}</Text>
          </Group>
        </div>
      )}
      <DriveFilePickerDialog
        opened={pickingDriveFile}
        onClose={() => setPickingDriveFile(false)}
        onPick={sendDriveFile}
        title={t("chat.composer.fromDriveTitle")}
        action={t("chat.composer.send")}
      />
      <MembersPanel chat={chat} opened={members} onClose={() => setMembers(false)} onLeft={() => onClosed?.()} />
      <ConfirmModal
        opened={deleting !== null}
        title={t("chat.message.deleteTitle")}
        message={t("chat.message.deleteConfirm")}
        confirmLabel={t("chat.message.delete")}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await deleteMessage(deleting.id);
          upsertMessage(queryClient, { ...deleting, deleted: true, body: "", files: [], reactions: [], mentions: [] });
          if (editing?.id === deleting.id) setEditing(null);
        }}
      />
    </section>
  );
}
