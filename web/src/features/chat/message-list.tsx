import { Center, Loader, Text } from "@mantine/core";
import type { ChatKind, ChatMessage } from "@planerka/common";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { problemText } from "../../lib/notify";
import classes from "./chat.module.css";
import { chatMessagesQuery } from "./chat-api";
import { dayKey, useDayLabel } from "./chat-bits";
import { type MessageActions, MessageRow } from "./message-item";

/** Within this gap one author's messages form one run (one name and avatar). */
const runGapMs = 5 * 60_000;
/** How near the bottom still counts as reading the newest messages. */
const bottomSlackPx = 48;
/** How far back a jump to a found message may page before giving up. */
const maxJumpPages = 40;

interface MessageListProps extends Omit<MessageActions, "onJump"> {
  chatId: string;
  kind: ChatKind;
  /** The read position when the chat was opened: the «new messages» line goes after it. */
  readMark: number | undefined;
  /** A message to scroll to and highlight (a search result, a quoted message). */
  target: string | undefined;
  onJump: (messageId: string) => void;
  onTargetShown: () => void;
}

type Entry =
  | { type: "day"; key: string; label: string }
  | { type: "unread"; key: string }
  | { type: "message"; key: string; message: ChatMessage; first: boolean };

/**
 * The history: grouped by day and by author, loading earlier pages as the reader scrolls up
 * (keeping what they look at in place), following new messages while the reader is at the bottom.
 */
export function MessageList({ chatId, kind, readMark, target, onJump, onTargetShown, ...actions }: MessageListProps) {
  const { t } = useTranslation();
  const me = useMe();
  const dayLabel = useDayLabel(me.timeZone);
  const query = useInfiniteQuery(chatMessagesQuery(chatId));
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previous = useRef<{ first?: string; last?: string; height: number } | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const jumpPages = useRef(0);

  const messages = useMemo(
    () => (query.data ? [...query.data.pages].reverse().flatMap((page) => page.items) : []),
    [query.data],
  );

  const entries = useMemo(() => {
    const list: Entry[] = [];
    let unreadShown = false;
    messages.forEach((message, index) => {
      const before = messages[index - 1];
      const day = dayKey(message.createdAt, me.timeZone);
      const newDay = !before || dayKey(before.createdAt, me.timeZone) !== day;
      if (newDay) list.push({ type: "day", key: `day-${day}`, label: dayLabel(message.createdAt) });
      const unread = !unreadShown && readMark !== undefined && message.seq > readMark && !message.mine;
      if (unread) {
        unreadShown = true;
        list.push({ type: "unread", key: "unread" });
      }
      const first =
        newDay ||
        unread ||
        !before ||
        before.author.id !== message.author.id ||
        Date.parse(message.createdAt) - Date.parse(before.createdAt) > runGapMs;
      list.push({ type: "message", key: message.id, message, first });
    });
    return list;
  }, [messages, me.timeZone, dayLabel, readMark]);

  const loadOlder = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < bottomSlackPx;
    if (element.scrollTop < 240) loadOlder();
  };

  // Where the reader stays after a render: in place when earlier messages came in above, at the
  // bottom when a new one arrived while they were there (or when they sent it).
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || messages.length === 0) return;
    const first = messages[0]?.id;
    const last = messages.at(-1)?.id;
    const before = previous.current;
    if (!before) {
      if (!target) element.scrollTop = element.scrollHeight;
    } else if (first !== before.first && last === before.last) {
      element.scrollTop += element.scrollHeight - before.height;
    } else if (last !== before.last && (atBottom.current || messages.at(-1)?.mine)) {
      element.scrollTop = element.scrollHeight;
    }
    previous.current = { first, last, height: element.scrollHeight };
  }, [messages, target]);

  // Pictures, a growing composer or a resized window keep a reader at the bottom there.
  useEffect(() => {
    const element = scroller.current;
    if (!element || !content.current) return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current && !target) element.scrollTop = element.scrollHeight;
      if (previous.current) previous.current.height = element.scrollHeight;
    });
    observer.observe(element);
    observer.observe(content.current);
    return () => observer.disconnect();
  }, [target]);

  // A history shorter than the window cannot be scrolled up: load earlier pages until it fills.
  useEffect(() => {
    const element = scroller.current;
    if (element && messages.length > 0 && element.scrollHeight <= element.clientHeight + 8) loadOlder();
  }, [messages, loadOlder]);

  // Jumping to a message: page back until it is loaded, then bring it into view and mark it.
  useEffect(() => {
    if (!target || !query.data) return;
    const element = scroller.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(target)}"]`);
    if (element) {
      jumpPages.current = 0;
      element.scrollIntoView({ block: "center" });
      atBottom.current = false;
      setHighlight(target);
      onTargetShown();
      return;
    }
    if (hasNextPage && jumpPages.current < maxJumpPages) {
      if (!isFetchingNextPage) {
        jumpPages.current += 1;
        void fetchNextPage();
      }
    } else {
      jumpPages.current = 0;
      onTargetShown();
    }
  }, [target, query.data, hasNextPage, isFetchingNextPage, fetchNextPage, onTargetShown]);

  useEffect(() => {
    if (!highlight) return;
    const timer = window.setTimeout(() => setHighlight(null), 2500);
    return () => window.clearTimeout(timer);
  }, [highlight]);

  return (
    <div
      ref={scroller}
      className={classes.messages}
      onScroll={onScroll}
      role="log"
      aria-live="polite"
      aria-label={t("chat.title")}
      data-testid="chat-messages"
    >
      <div ref={content} className={classes.messagesContent}>
        {query.isPending && (
          <Center py="xl">
            <Loader size="sm" />
          </Center>
        )}
        {query.isError && (
          <Text c="red" size="sm" p="md" ta="center">
            {problemText(query.error)}
          </Text>
        )}
        {query.data && (
          <Text size="xs" c="dimmed" ta="center" py={6}>
            {isFetchingNextPage || hasNextPage
              ? t("chat.loadingOlder")
              : messages.length === 0
                ? t("chat.noMessages")
                : t("chat.historyStart")}
          </Text>
        )}
        {entries.map((entry) => (
          <Fragment key={entry.key}>
            {entry.type === "day" && <div className={classes.divider}>{entry.label}</div>}
            {entry.type === "unread" && (
              <div className={classes.divider} data-unread>
                {t("chat.newMessages")}
              </div>
            )}
            {entry.type === "message" && (
              <MessageRow
                message={entry.message}
                first={entry.first}
                showAuthor={kind !== "direct"}
                highlighted={highlight === entry.message.id}
                meId={me.id}
                timeZone={me.timeZone}
                onJump={onJump}
                {...actions}
              />
            )}
          </Fragment>
        ))}
      </div>
    </div>
  );
}
