import { Anchor, Group, Stack, Text, ThemeIcon } from "@mantine/core";
import { type FeedEvent, type FeedPostKind, formatTenge } from "@planerka/common";
import { IconSchool, IconTrophy, IconUserPlus } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../lib/links";

const looks = {
  deal_won: { icon: IconTrophy, color: "green" },
  new_colleague: { icon: IconUserPlus, color: "blue" },
  course_completed: { icon: IconSchool, color: "violet" },
} as const;

/**
 * An event of the work in place of a post's text: a deal won (its title, amount and link only
 * when the server sent them — to those who may read the deal), a new colleague, a completed course.
 */
export function PostEvent({ kind, event }: { kind: Exclude<FeedPostKind, "post">; event: FeedEvent }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { icon: Icon, color } = looks[kind];
  const name = event.subject.name;
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid="feed-event">
      <ThemeIcon size="lg" radius="xl" variant="light" color={color} aria-hidden>
        <Icon size={20} />
      </ThemeIcon>
      <Stack gap={2} miw={0}>
        {kind === "deal_won" && (
          <>
            <Text fw={500}>{t("feed.event.dealWon", { name })}</Text>
            {event.deal && (
              <Text size="sm">
                <AnchorLink
                  to="/crm/deals/$dealId"
                  params={{ dealId: event.deal.id }}
                  aria-label={t("feed.event.dealLink", { title: event.deal.title })}
                  style={{ overflowWrap: "anywhere" }}
                >
                  {event.deal.title}
                </AnchorLink>
                {" · "}
                <Text span fw={600}>
                  {formatTenge(event.deal.amount, { whole: true })}
                </Text>
              </Text>
            )}
          </>
        )}
        {kind === "new_colleague" && (
          <>
            <Text fw={500}>{t("feed.event.newColleague", { name })}</Text>
            {(event.subject.position || event.subject.unitName) && (
              <Text size="sm" c="dimmed">
                {[event.subject.position, event.subject.unitName].filter(Boolean).join(", ")}
              </Text>
            )}
          </>
        )}
        {kind === "course_completed" && (
          <>
            <Text fw={500}>{t("feed.event.courseCompleted", { name })}</Text>
            {event.course && (
              <Anchor
                size="sm"
                href={`/training/courses/${event.course.id}`}
                onClick={(click) => {
                  // The courses' pages are the training module's; the address is the same either way.
                  click.preventDefault();
                  void navigate({ href: `/training/courses/${event.course!.id}` });
                }}
                style={{ overflowWrap: "anywhere" }}
              >
                «{event.course.title}»
              </Anchor>
            )}
          </>
        )}
      </Stack>
    </Group>
  );
}
