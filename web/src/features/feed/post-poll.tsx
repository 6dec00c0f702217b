import { Anchor, Badge, Button, Checkbox, Group, Paper, Progress, Radio, Stack, Text } from "@mantine/core";
import type { FeedPoll, FeedPost } from "@planerka/common";
import { IconChartBar, IconCheck } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../../i18n/locale";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { notifyError, notifySuccess } from "../../lib/notify";
import { refreshFeed, votePoll } from "./feed-api";

/**
 * A post's poll: the answers to choose from until one has voted, then the results with bars;
 * «Изменить голос» and «Отозвать голос» while it is open, results only once it has closed.
 */
export function PostPoll({ post, poll }: { post: FeedPost; poll: FeedPoll }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const voted = poll.myOptionIds.length > 0;
  const [choosing, setChoosing] = useState(false);
  const [peeking, setPeeking] = useState(false);
  const [chosen, setChosen] = useState<string[]>(poll.myOptionIds);
  const [sending, setSending] = useState(false);
  const showResults = poll.closed || peeking || (voted && !choosing);

  const send = async (optionIds: string[]) => {
    setSending(true);
    try {
      const saved = await votePoll(post.id, optionIds);
      refreshFeed(queryClient, saved);
      notifySuccess(optionIds.length > 0 ? t("feed.poll.voted") : t("feed.poll.withdrawn"));
      setChoosing(false);
      setChosen(optionIds);
    } catch (error) {
      notifyError(error);
    } finally {
      setSending(false);
    }
  };

  return (
    <Paper withBorder radius="sm" p="sm" component="section" aria-label={poll.question}>
      <Stack gap="xs">
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconChartBar size={18} style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
          <Text fw={600} style={{ overflowWrap: "anywhere" }}>
            {poll.question}
          </Text>
        </Group>
        {showResults ? (
          <Stack gap={6}>
            {poll.options.map((option) => {
              const mine = poll.myOptionIds.includes(option.id);
              const percent = option.percent.toLocaleString(intlLocale(i18n.language));
              return (
                <Stack key={option.id} gap={2}>
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Group gap={4} wrap="nowrap" miw={0}>
                      {mine && <IconCheck size={14} aria-label={t("feed.poll.mine")} />}
                      <Text size="sm" fw={mine ? 600 : undefined} style={{ overflowWrap: "anywhere" }}>
                        {option.text}
                      </Text>
                    </Group>
                    <Text size="sm" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                      {percent} % · {option.votes}
                    </Text>
                  </Group>
                  <Progress
                    value={option.percent}
                    size="sm"
                    color={mine ? "blue" : "gray"}
                    aria-label={t("feed.poll.result", { text: option.text, votes: option.votes, percent })}
                  />
                </Stack>
              );
            })}
          </Stack>
        ) : poll.multiple ? (
          <Checkbox.Group value={chosen} onChange={setChosen} label={t("feed.poll.choices")}>
            <Stack gap={6} mt={4}>
              {poll.options.map((option) => (
                <Checkbox key={option.id} value={option.id} label={option.text} />
              ))}
            </Stack>
          </Checkbox.Group>
        ) : (
          <Radio.Group
            value={chosen[0] ?? null}
            onChange={(value) => setChosen([value])}
            label={t("feed.poll.choices")}
          >
            <Stack gap={6} mt={4}>
              {poll.options.map((option) => (
                <Radio key={option.id} value={option.id} label={option.text} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Group gap="xs" wrap="wrap" justify="space-between">
          <Group gap="xs" wrap="wrap">
            <Text size="xs" c="dimmed">
              {t("feed.poll.voters", { count: poll.voters })}
            </Text>
            {poll.closed ? (
              <Badge size="sm" variant="light" color="gray">
                {t("feed.poll.closed")}
              </Badge>
            ) : (
              poll.closesAt && (
                <Text size="xs" c="dimmed">
                  {t("feed.poll.closes", { date: formatDateTime(poll.closesAt, me.timeZone) })}
                </Text>
              )
            )}
          </Group>
          {!poll.closed && (
            <Group gap="xs" wrap="wrap">
              {!showResults && (
                <Button size="xs" disabled={chosen.length === 0} loading={sending} onClick={() => void send(chosen)}>
                  {t("feed.poll.vote")}
                </Button>
              )}
              {choosing && (
                <Button size="xs" variant="default" onClick={() => setChoosing(false)} disabled={sending}>
                  {t("feed.poll.cancel")}
                </Button>
              )}
              {voted && !choosing && !peeking && (
                <>
                  <Button size="xs" variant="light" onClick={() => setChoosing(true)}>
                    {t("feed.poll.change")}
                  </Button>
                  <Button size="xs" variant="subtle" color="gray" loading={sending} onClick={() => void send([])}>
                    {t("feed.poll.withdraw")}
                  </Button>
                </>
              )}
              {(!voted || choosing) && (
                <Anchor component="button" type="button" size="xs" onClick={() => setPeeking((open) => !open)}>
                  {peeking ? t("feed.poll.hideResults") : t("feed.poll.showResults")}
                </Anchor>
              )}
            </Group>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
