import { Loader, Modal, SimpleGrid, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { problemText } from "../../lib/notify";
import { feedReadersQuery } from "./feed-api";

/** Who of an important post's audience has confirmed it and who has not (a head: their own people). */
export function ReadersModal({ postId, onClose }: { postId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const readers = useQuery(feedReadersQuery(postId));
  return (
    <Modal opened onClose={onClose} title={t("feed.read.title")} size="lg">
      {readers.error && <Text c="red">{problemText(readers.error)}</Text>}
      {!readers.data && !readers.error && <Loader size="sm" />}
      {readers.data && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Stack
            gap={4}
            component="section"
            aria-label={t("feed.read.unreadList", { count: readers.data.unread.length })}
          >
            <Text fw={600} c="red">
              {t("feed.read.unreadList", { count: readers.data.unread.length })}
            </Text>
            {readers.data.unread.length === 0 && (
              <Text size="sm" c="dimmed">
                {t("feed.read.nobody")}
              </Text>
            )}
            {readers.data.unread.map((person) => (
              <Text key={person.id} size="sm">
                {person.name}
              </Text>
            ))}
          </Stack>
          <Stack gap={4} component="section" aria-label={t("feed.read.readList", { count: readers.data.read.length })}>
            <Text fw={600} c="green">
              {t("feed.read.readList", { count: readers.data.read.length })}
            </Text>
            {readers.data.read.length === 0 && (
              <Text size="sm" c="dimmed">
                {t("feed.read.nobody")}
              </Text>
            )}
            {readers.data.read.map((entry) => (
              <Text key={entry.user.id} size="sm">
                {entry.user.name}{" "}
                <Text span size="xs" c="dimmed">
                  {formatDateTime(entry.readAt, me.timeZone)}
                </Text>
              </Text>
            ))}
          </Stack>
        </SimpleGrid>
      )}
    </Modal>
  );
}
