import { Button, Center, Group, Paper, Stack, Tabs, Text, Title } from "@mantine/core";
import type { GroupDetail } from "@planerka/common";
import {
  IconArchive,
  IconArrowBackUp,
  IconArrowLeft,
  IconChecklist,
  IconDoorExit,
  IconExternalLink,
  IconLogin,
  IconMessageCircle,
  IconNews,
  IconPencil,
  IconUsers,
} from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { AnchorLink, ButtonLink } from "../../lib/links";
import { notifyError, notifySuccess } from "../../lib/notify";
import { RecordGate, useRecordQuery } from "../../lib/record-page";
import { Conversation } from "../chat/conversation";
import { FeedView } from "../feed/feed-view";
import { MeetingEntry } from "../meetings/meeting-entry";
import { GroupBadges } from "./group-badges";
import { GroupFormDialog } from "./group-form-dialog";
import { GroupMembers } from "./group-members";
import { GroupTasks } from "./group-tasks";
import { groupQuery, joinGroup, refreshGroupViews, removeGroupMember, setGroupArchived } from "./groups-api";
import type { GroupPageTab } from "./groups-routes";

/** A group's page: what it is, its tasks, its people and its chat. */
export function GroupPage() {
  const { groupId } = useParams({ from: "/app/groups/$groupId" });
  const query = useRecordQuery(groupQuery(groupId));
  return (
    <RecordGate query={query} notFound={<GroupNotFound />}>
      {(group) => <GroupView group={group} />}
    </RecordGate>
  );
}

function GroupNotFound() {
  const { t } = useTranslation();
  return (
    <Center mih="50vh" p="md">
      <Stack align="center" gap="sm" maw={420}>
        <Title order={3}>{t("groups.notFoundTitle")}</Title>
        <Text c="dimmed" ta="center">
          {t("groups.notFound")}
        </Text>
        <ButtonLink to="/groups" search={{}} variant="light">
          {t("groups.backToList")}
        </ButtonLink>
      </Stack>
    </Center>
  );
}

function GroupView({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const search = useSearch({ from: "/app/groups/$groupId" });
  const navigate = useNavigate({ from: "/groups/$groupId" });
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState<"archive" | "leave" | null>(null);
  const [joining, setJoining] = useState(false);
  const tab: GroupPageTab = search.tab ?? "tasks";
  const { abilities } = group;

  const join = async () => {
    setJoining(true);
    try {
      queryClient.setQueryData(["groups", "one", group.id], await joinGroup(group.id));
      notifySuccess(t("groups.joined", { name: group.name }));
      refreshGroupViews(queryClient);
    } catch (error) {
      notifyError(error);
    } finally {
      setJoining(false);
    }
  };
  const restore = async () => {
    try {
      queryClient.setQueryData(["groups", "one", group.id], await setGroupArchived(group.id, false));
      notifySuccess(t("groups.restored"));
      refreshGroupViews(queryClient);
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Stack gap="md">
      <AnchorLink to="/groups" search={{}} size="sm" c="dimmed" w="fit-content">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} />
          {t("groups.backToList")}
        </Group>
      </AnchorLink>
      <Paper withBorder radius="md" p="md">
        <Stack gap="xs">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <Stack gap={6} style={{ minWidth: 0, flex: "1 1 260px" }}>
              <Title order={2} style={{ overflowWrap: "anywhere" }}>
                {group.name}
              </Title>
              <GroupBadges group={group} />
            </Stack>
            <Group gap="xs" wrap="wrap">
              {abilities.join && (
                <Button leftSection={<IconLogin size={16} />} loading={joining} onClick={() => void join()}>
                  {t("groups.join")}
                </Button>
              )}
              {abilities.edit && (
                <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                  {t("groups.edit")}
                </Button>
              )}
              {abilities.archive &&
                (group.archived ? (
                  <Button variant="default" leftSection={<IconArrowBackUp size={16} />} onClick={() => void restore()}>
                    {t("groups.restore")}
                  </Button>
                ) : (
                  <Button
                    variant="default"
                    color="red"
                    leftSection={<IconArchive size={16} />}
                    onClick={() => setConfirm("archive")}
                  >
                    {t("groups.archive")}
                  </Button>
                ))}
              {abilities.leave && (
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconDoorExit size={16} />}
                  onClick={() => setConfirm("leave")}
                >
                  {t("groups.leave")}
                </Button>
              )}
            </Group>
          </Group>
          {group.description && (
            <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {group.description}
            </Text>
          )}
          {/* The group's online meeting room is its members'. */}
          {group.myRole !== null && <MeetingEntry subject={{ groupId: group.id }} />}
          <Text size="xs" c="dimmed">
            {t("groups.memberCount", { count: group.memberCount })}
            {group.createdBy ? ` · ${t("groups.createdBy", { name: group.createdBy.name })}` : ""}
          </Text>
        </Stack>
      </Paper>

      <Tabs
        value={tab}
        onChange={(value) => void navigate({ search: { tab: (value as GroupPageTab) ?? undefined }, replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="tasks" leftSection={<IconChecklist size={16} />}>
            {t("groups.tabs.tasks")}
          </Tabs.Tab>
          <Tabs.Tab value="members" leftSection={<IconUsers size={16} />}>
            {t("groups.tabs.members")} ({group.memberCount})
          </Tabs.Tab>
          <Tabs.Tab value="chat" leftSection={<IconMessageCircle size={16} />}>
            {t("groups.tabs.chat")}
          </Tabs.Tab>
          <Tabs.Tab value="feed" leftSection={<IconNews size={16} />}>
            {t("groups.tabs.feed")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="tasks" pt="md">
          <GroupTasks group={group} />
        </Tabs.Panel>
        <Tabs.Panel value="members" pt="md">
          <GroupMembers group={group} />
        </Tabs.Panel>
        <Tabs.Panel value="chat" pt="md">
          {group.chatId ? (
            <Paper withBorder radius="md" style={{ overflow: "hidden" }}>
              <Group justify="flex-end" px="md" pt="xs">
                <AnchorLink to="/chat/$chatId" params={{ chatId: group.chatId }} search={{}} size="xs">
                  <Group gap={4} wrap="nowrap">
                    {t("groups.chatOpenFull")}
                    <IconExternalLink size={12} />
                  </Group>
                </AnchorLink>
              </Group>
              <div data-testid="group-chat">
                <Conversation chatId={group.chatId} compact />
              </div>
            </Paper>
          ) : (
            <Paper withBorder radius="md" p="lg">
              <Text c="dimmed" ta="center">
                {abilities.join ? t("groups.chatJoinFirst") : t("groups.chatMembersOnly")}
              </Text>
            </Paper>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="feed" pt="md">
          {/* The posts to this group; a closed group's are seen by its members only. */}
          <FeedView groupId={group.id} title={t("groups.tabs.feed")} />
        </Tabs.Panel>
      </Tabs>

      <GroupFormDialog opened={editing} onClose={() => setEditing(false)} group={group} />
      <ConfirmModal
        opened={confirm !== null}
        title={confirm === "archive" ? t("groups.archiveTitle") : t("groups.leaveTitle")}
        message={
          confirm === "archive"
            ? t("groups.archiveConfirm", { name: group.name })
            : t("groups.leaveConfirm", { name: group.name })
        }
        confirmLabel={confirm === "archive" ? t("groups.archive") : t("groups.leave")}
        onConfirm={async () => {
          if (confirm === "archive") {
            queryClient.setQueryData(["groups", "one", group.id], await setGroupArchived(group.id, true));
            notifySuccess(t("groups.archivedNotice"));
            refreshGroupViews(queryClient);
          } else {
            await removeGroupMember(group.id, me.id);
            notifySuccess(t("groups.left", { name: group.name }));
            refreshGroupViews(queryClient, group.id);
            // A closed group is gone from sight once left: back to the list rather than «not found».
            if (group.visibility === "closed" && !me.abilities.seeEveryGroup) {
              void navigate({ to: "/groups", search: {} });
            }
          }
        }}
        onClose={() => setConfirm(null)}
      />
    </Stack>
  );
}
