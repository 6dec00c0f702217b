import { Drawer, Text, Tooltip } from "@mantine/core";
import type { ChatMessage } from "@planerka/common";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import classes from "./chat.module.css";
import { PersonAvatar, timeOf } from "./chat-bits";
import { ActionsSheet, copyText, Toolbar } from "./message-actions";
import { FileView } from "./message-file";
import { MessageText, plainText } from "./message-text";

export interface MessageActions {
  onReply: (message: ChatMessage) => void;
  onEdit: (message: ChatMessage) => void;
  onDelete: (message: ChatMessage) => void;
  onReact: (message: ChatMessage, emoji: string) => void;
  onJump: (messageId: string) => void;
}

interface MessageRowProps extends MessageActions {
  message: ChatMessage;
  /** The first of a run by one author: shows who wrote it. */
  first: boolean;
  /** Names are left out one to one, where who is who is plain. */
  showAuthor: boolean;
  highlighted: boolean;
  meId: string;
  timeZone: string;
}

const longPressMs = 500;

/** One message: quote, text, files, time; reactions under it; actions on hover or a long press. */
export function MessageRow({ message, first, showAuthor, highlighted, meId, timeZone, ...actions }: MessageRowProps) {
  const { t } = useTranslation();
  const [sheet, setSheet] = useState(false);
  const [toolbarOpen, setToolbarOpen] = useState(false);
  const press = useRef<number | undefined>(undefined);
  const mine = message.mine;
  const canAct = !message.deleted;

  const startPress = () => {
    window.clearTimeout(press.current);
    press.current = window.setTimeout(() => setSheet(true), longPressMs);
  };
  const endPress = () => window.clearTimeout(press.current);

  return (
    <article
      className={classes.row}
      data-mine={mine || undefined}
      data-first={first || undefined}
      data-highlight={highlighted || undefined}
      data-message-id={message.id}
      data-testid="chat-message"
      aria-label={message.author.name}
      onTouchStart={canAct ? startPress : undefined}
      onTouchEnd={endPress}
      onTouchMove={endPress}
      onContextMenu={(event) => {
        // A long press on a touch screen opens the actions instead of the browser's menu.
        if (canAct && window.matchMedia("(hover: none)").matches) {
          event.preventDefault();
          setSheet(true);
        }
      }}
    >
      {!mine && showAuthor && (
        <div className={classes.avatarSlot}>{first && <PersonAvatar name={message.author.name} />}</div>
      )}
      <div className={classes.body}>
        {first && !mine && showAuthor && (
          <Text size="xs" fw={600} c="dimmed" ml={4} mb={2}>
            {message.author.name}
          </Text>
        )}
        <div className={classes.bubble} data-deleted={message.deleted || undefined}>
          {message.replyTo && !message.deleted && (
            <button
              type="button"
              className={classes.quote}
              onClick={() => message.replyTo && actions.onJump(message.replyTo.id)}
              aria-label={t("chat.message.replyTo", { name: message.replyTo.author.name })}
            >
              <Text size="xs" fw={600} c="blue" truncate>
                {message.replyTo.author.name}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={2}>
                {message.replyTo.deleted ? t("chat.deletedMessage") : plainText(message.replyTo.body)}
              </Text>
            </button>
          )}
          {message.deleted ? (
            <Text size="sm" span>
              {t("chat.deletedMessage")}
            </Text>
          ) : (
            <>
              {message.files.map((file) => (
                <FileView key={file.id} chatId={message.chatId} file={file} />
              ))}
              {message.body && <MessageText body={message.body} mentions={message.mentions} meId={meId} />}
            </>
          )}
          <span className={classes.meta}>
            {message.editedAt && !message.deleted && `${t("chat.edited")} · `}
            {timeOf(message.createdAt, timeZone)}
          </span>
        </div>
        {message.reactions.length > 0 && (
          <div className={classes.reactions}>
            {message.reactions.map((reaction) => (
              <Tooltip
                key={reaction.emoji}
                label={t("chat.message.reactedBy", {
                  emoji: reaction.emoji,
                  names: reaction.users.map((user) => user.name).join(", "),
                })}
                withinPortal
              >
                <button
                  type="button"
                  className={classes.reaction}
                  data-mine={reaction.mine || undefined}
                  aria-pressed={reaction.mine}
                  data-testid="chat-reaction"
                  onClick={() => actions.onReact(message, reaction.emoji)}
                >
                  <span>{reaction.emoji}</span>
                  <Text size="xs" span fw={600}>
                    {reaction.count}
                  </Text>
                </button>
              </Tooltip>
            ))}
          </div>
        )}
      </div>
      {canAct && (
        <Toolbar
          message={message}
          actions={actions}
          onOpenChange={setToolbarOpen}
          open={toolbarOpen}
          onCopy={() => void copyText(message, t("chat.message.copied"))}
        />
      )}
      {canAct && (
        <Drawer
          opened={sheet}
          onClose={() => setSheet(false)}
          position="bottom"
          size="auto"
          title={t("chat.message.actions")}
        >
          <ActionsSheet
            message={message}
            actions={actions}
            onDone={() => setSheet(false)}
            onCopy={() => void copyText(message, t("chat.message.copied"))}
          />
        </Drawer>
      )}
    </article>
  );
}
