import { Badge, Box, Button, Group, Paper, Skeleton, Stack, Text, Textarea } from "@mantine/core";
import type { TimelineItem } from "@planerka/common";
import { IconSend } from "@tabler/icons-react";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { type CSSProperties, type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime, formatDay, formatTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { handleFormError, notifySuccess, problemText } from "../../lib/notify";
import { DownloadTimelineEntry } from "../drive-files/download-timeline-entry";
import { InboundLetterEntry } from "../mail/inbound-letter-entry";
import { LetterAttachmentList } from "../mail/letter-attachment-list";
import { ResendButton } from "../mail/resend-button";
import classes from "./crm.module.css";
import { addComment, type CrmEntity, timelineQuery } from "./crm-api";

interface CardTimelineProps {
  entity: CrmEntity;
  id: string;
  canComment: boolean;
}

/** The card's timeline, newest first, with a comment box on top; older items load on demand. */
export function CardTimeline({ entity, id, canComment }: CardTimelineProps) {
  const { t } = useTranslation();
  const query = useInfiniteQuery(timelineQuery(entity, id));
  // Pages meet at an instant; an item on both sides of it is shown once.
  const items = [
    ...new Map((query.data?.pages ?? []).flatMap((page) => page.items).map((item) => [item.id, item])).values(),
  ];

  return (
    <Stack gap="md">
      {canComment && <CommentBox entity={entity} id={id} />}
      {query.error ? (
        <Text c="red">{problemText(query.error)}</Text>
      ) : !query.data ? (
        <Stack gap="sm">
          <Skeleton h={48} />
          <Skeleton h={48} />
          <Skeleton h={48} />
        </Stack>
      ) : (
        <>
          <ul aria-label={t("crm.timeline.label")} className={classes.timelineList}>
            {items.map((item) => (
              <TimelineEntry key={item.id} item={item} />
            ))}
          </ul>
          {items.length === 0 && (
            <Text c="dimmed" size="sm">
              {t("crm.timeline.empty")}
            </Text>
          )}
          {query.hasNextPage && (
            <Button
              variant="subtle"
              onClick={() => void query.fetchNextPage()}
              loading={query.isFetchingNextPage}
              w="fit-content"
            >
              {t("crm.timeline.loadMore")}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}

const stateColors = {
  active: "var(--mantine-color-dark-6)",
  overdue: "var(--mantine-color-red-6)",
  completed: "var(--mantine-color-gray-5)",
} as const;

function TimelineEntry({ item }: { item: TimelineItem }) {
  const { t } = useTranslation();
  const me = useMe();
  const when = formatDateTime(item.at, me.timeZone);

  if (item.kind === "activity" && item.activity) {
    const activity = item.activity;
    const state = activity.state;
    const stateClass =
      state === "completed" ? classes.completed : state === "overdue" ? classes.overdue : classes.active;
    return (
      <li
        className={classes.timelineItem}
        style={{ "--dot-color": stateColors[state] } as CSSProperties}
        data-kind="activity"
        data-state={state}
      >
        <Group gap={6} wrap="wrap">
          <Text size="xs" c="dimmed">
            {activity.type.name}
          </Text>
          <Badge
            size="xs"
            variant={state === "active" ? "outline" : "light"}
            color={state === "overdue" ? "red" : state === "completed" ? "gray" : "dark"}
          >
            {t(`crm.timeline.states.${state}`)}
          </Badge>
        </Group>
        <Text size="sm" fw={500} className={stateClass}>
          {activity.subject}
        </Text>
        <Text size="xs" c="dimmed">
          {activity.completedAt
            ? t("crm.timeline.completedAt", { date: formatDateTime(activity.completedAt, me.timeZone) })
            : t("crm.timeline.due", { date: formatDateTime(activity.dueAt, me.timeZone) })}
          {" · "}
          {activity.ownerName}
        </Text>
        {activity.result ? (
          <Text size="sm" c="dimmed" mt={2} style={{ whiteSpace: "pre-wrap" }}>
            {t("crm.timeline.result", { text: activity.result })}
          </Text>
        ) : activity.description ? (
          <Text size="sm" c="dimmed" mt={2} lineClamp={4} style={{ whiteSpace: "pre-wrap" }}>
            {activity.description}
          </Text>
        ) : null}
        {activity.recordingUrl && (
          // biome-ignore lint/a11y/useMediaCaption: a PBX's call recording has no captions to offer
          <audio
            controls
            preload="none"
            src={activity.recordingUrl}
            aria-label={t("telephony.recording")}
            style={{ width: "100%", maxWidth: 360, marginTop: 4 }}
          />
        )}
      </li>
    );
  }

  if (item.kind === "comment") {
    return (
      <li
        className={classes.timelineItem}
        style={{ "--dot-color": "var(--mantine-primary-color-filled)" } as CSSProperties}
        data-kind="comment"
      >
        <Text size="xs" c="dimmed">
          {item.authorName} · {when}
        </Text>
        <Paper withBorder radius="md" p="xs" mt={4} bg="var(--mantine-color-gray-0)">
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {item.body}
          </Text>
        </Paper>
      </li>
    );
  }

  if (item.kind === "stage" && item.stage) {
    return (
      <li
        className={classes.timelineItem}
        style={{ "--dot-color": item.stage.color } as CSSProperties}
        data-kind="stage"
      >
        <Text size="xs" c="dimmed">
          {[item.authorName, when].filter(Boolean).join(" · ")}
        </Text>
        <Group gap={6} wrap="wrap">
          <Text size="sm">{t("crm.timeline.stageChanged")}:</Text>
          {item.stage.from && (
            <>
              <Text size="sm" c="dimmed">
                {item.stage.from}
              </Text>
              <Text size="sm" c="dimmed" aria-hidden>
                →
              </Text>
            </>
          )}
          <Group gap={4} wrap="nowrap">
            <Box w={8} h={8} style={{ borderRadius: 4, background: item.stage.color }} />
            <Text size="sm" fw={600}>
              {item.stage.to}
            </Text>
          </Group>
        </Group>
      </li>
    );
  }

  if (item.kind === "created") {
    return (
      <li className={classes.timelineItem} data-kind="created">
        <Text size="xs" c="dimmed">
          {[item.authorName, when].filter(Boolean).join(" · ")}
        </Text>
        <Text size="sm">{t("crm.timeline.created")}</Text>
      </li>
    );
  }

  if (item.kind === "email" && item.inbound) {
    return <InboundLetterEntry item={item} when={when} className={classes.timelineItem!} />;
  }

  if (item.kind === "email" && item.email) {
    const { state } = item.email;
    const color = state === "sent" ? "teal" : state === "failed" ? "red" : "blue";
    return (
      <li
        className={classes.timelineItem}
        style={{ "--dot-color": `var(--mantine-color-${color}-6)` } as CSSProperties}
        data-kind="email"
        data-state={state}
      >
        <Group gap={6} wrap="wrap">
          <Text size="xs" c="dimmed">
            {[t("crm.timeline.kinds.email"), item.authorName, when].filter(Boolean).join(" · ")}
          </Text>
          <Badge size="xs" variant="light" color={color}>
            {t(`mail.states.${state}`)}
          </Badge>
        </Group>
        <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
          {item.title}
        </Text>
        <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
          {t("mail.timeline.to", { to: item.email.to })}
        </Text>
        {item.body && (
          <Text size="sm" c="dimmed" mt={2} lineClamp={6} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {item.body}
          </Text>
        )}
        <LetterAttachmentList letterId={item.id.replace(/^email:/, "")} files={item.email.attachments} />
        {item.email.error && (
          <Text size="xs" c="red" mt={2} style={{ overflowWrap: "anywhere" }}>
            {item.email.error}
          </Text>
        )}
        {state === "failed" && (item.authorId === me.id || me.role === "admin") && (
          <Group mt={4}>
            <ResendButton letterId={item.id.replace(/^email:/, "")} />
          </Group>
        )}
      </li>
    );
  }

  if (item.kind === "task" && item.task) {
    const { task } = item;
    const completed = task.event === "completed";
    return (
      <li
        className={classes.timelineItem}
        style={{ "--dot-color": `var(--mantine-color-${completed ? "teal" : "violet"}-6)` } as CSSProperties}
        data-kind="task"
        data-event={task.event}
      >
        <Group gap={6} wrap="wrap">
          <Text size="xs" c="dimmed">
            {[t(completed ? "crm.timeline.taskCompleted" : "crm.timeline.taskCreated"), item.authorName, when]
              .filter(Boolean)
              .join(" · ")}
          </Text>
          {!completed && (
            <Badge size="xs" variant="light" color={task.status === "done" ? "gray" : "violet"}>
              {t(`tasks.status.${task.status}`)}
            </Badge>
          )}
        </Group>
        <AnchorLink to="/tasks/$taskId" params={{ taskId: task.id }} size="sm" fw={500}>
          {item.title}
        </AnchorLink>
        <Text size="xs" c="dimmed">
          {t("crm.timeline.taskAssignee", { name: task.assigneeName })}
          {task.deadline && !completed
            ? ` · ${t("crm.timeline.due", { date: formatDateTime(task.deadline, me.timeZone) })}`
            : ""}
        </Text>
      </li>
    );
  }

  if (item.kind === "download" && item.download) {
    const download = item.download;
    return <DownloadTimelineEntry item={{ ...item, download }} when={when} className={classes.timelineItem} />;
  }

  if (item.kind === "event" && item.event) {
    const { event } = item;
    const span = event.allDay
      ? [formatDay(event.start), event.end !== event.start ? formatDay(event.end) : null].filter(Boolean).join(" — ")
      : `${formatDateTime(event.start, me.timeZone)} — ${formatTime(event.end, me.timeZone)}`;
    return (
      <li
        className={classes.timelineItem}
        style={{ "--dot-color": "var(--mantine-color-blue-6)" } as CSSProperties}
        data-kind="event"
      >
        <Text size="xs" c="dimmed">
          {[t("crm.timeline.event"), item.authorName, when].filter(Boolean).join(" · ")}
        </Text>
        <AnchorLink to="/calendar" search={{ event: event.id }} size="sm" fw={500}>
          {item.title}
        </AnchorLink>
        <Text size="xs" c="dimmed">
          {[span, event.recurring ? t("crm.timeline.eventRecurring") : null, event.location]
            .filter(Boolean)
            .join(" · ")}
        </Text>
        <Text size="xs" c="dimmed">
          {t("crm.timeline.eventOrganizer", { name: event.organizerName })}
        </Text>
      </li>
    );
  }

  const kindLabel =
    item.kind === "file" || item.kind === "email" || item.kind === "call" || item.kind === "1c"
      ? t(`crm.timeline.kinds.${item.kind}`)
      : "";
  return (
    <li className={classes.timelineItem} data-kind={item.kind}>
      <Text size="xs" c="dimmed">
        {[kindLabel, item.authorName, when].filter(Boolean).join(" · ")}
      </Text>
      <Text size="sm" fw={500}>
        {item.title}
      </Text>
      {item.body && (
        <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
          {item.body}
        </Text>
      )}
    </li>
  );
}

function CommentBox({ entity, id }: { entity: CrmEntity; id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim()) return setError(t("errors.required"));
    setPending(true);
    try {
      await addComment(entity, id, body.trim());
      setBody("");
      notifySuccess(t("crm.timeline.commentAdded"));
      await queryClient.invalidateQueries({ queryKey: ["crm", entity, "timeline", id] });
    } catch (caught) {
      handleFormError(caught, { setErrors: (errors) => setError(errors.body) });
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap={6}>
        <Textarea
          aria-label={t("crm.timeline.commentLabel")}
          placeholder={t("crm.timeline.commentPlaceholder")}
          value={body}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            setError(undefined);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void submit();
          }}
          error={error}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={10_000}
        />
        <Group justify="flex-end">
          <Button type="submit" size="xs" leftSection={<IconSend size={14} />} loading={pending}>
            {t("crm.timeline.addComment")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
