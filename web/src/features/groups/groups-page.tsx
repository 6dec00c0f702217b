import { Button, Group, Pagination, Paper, SimpleGrid, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import type { GroupSummary } from "@planerka/common";
import { IconChecklist, IconPlus, IconUsers } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../lib/links";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { SearchBox } from "../crm/list-kit";
import { GroupBadges } from "./group-badges";
import { GroupFormDialog } from "./group-form-dialog";
import { groupListQuery, joinGroup, refreshGroupViews } from "./groups-api";
import type { GroupListTab } from "./groups-routes";

const pageSize = 30;

/** «Группы»: the caller's groups and every open one, searchable, with «Создать группу». */
export function GroupsPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: "/app/groups" });
  const navigate = useNavigate({ from: "/groups" });
  const [creating, setCreating] = useState(false);
  const tab: GroupListTab = search.tab ?? "mine";
  const page = search.page ?? 1;
  const query = useQuery(
    groupListQuery({
      membership: tab === "mine" ? "mine" : "all",
      visibility: tab === "all" ? "open" : undefined,
      q: search.q,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    }),
  );
  const pages = Math.max(1, Math.ceil((query.data?.total ?? 0) / pageSize));

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={2}>{t("groups.title")}</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t("groups.create")}
        </Button>
      </Group>
      <Tabs
        value={tab}
        onChange={(value) =>
          void navigate({ search: (current) => ({ ...current, tab: value as GroupListTab, page: undefined }) })
        }
      >
        <Tabs.List>
          <Tabs.Tab value="mine">{t("groups.tabs.mine")}</Tabs.Tab>
          <Tabs.Tab value="all">{t("groups.tabs.all")}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {/* The box grows along a row (it is made for list toolbars); here it sits in one of its own. */}
      <Group>
        <SearchBox
          value={search.q}
          placeholder={t("groups.searchPlaceholder")}
          onChange={(q) => void navigate({ search: (current) => ({ ...current, q, page: undefined }) })}
        />
      </Group>
      {query.error ? (
        <Text c="red">{problemText(query.error)}</Text>
      ) : !query.data ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {[0, 1, 2].map((key) => (
            <Skeleton key={key} h={140} radius="md" />
          ))}
        </SimpleGrid>
      ) : query.data.items.length === 0 ? (
        <Paper withBorder p="lg" radius="md">
          <Text c="dimmed" ta="center">
            {search.q ? t("groups.noMatches") : tab === "mine" ? t("groups.emptyMine") : t("groups.emptyAll")}
          </Text>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" role="list" aria-label={t("groups.title")}>
          {query.data.items.map((group) => (
            <GroupCard key={group.id} group={group} />
          ))}
        </SimpleGrid>
      )}
      {pages > 1 && (
        <Pagination
          value={page}
          total={pages}
          onChange={(next) =>
            void navigate({ search: (current) => ({ ...current, page: next > 1 ? next : undefined }) })
          }
        />
      )}
      <GroupFormDialog
        opened={creating}
        onClose={() => setCreating(false)}
        onSaved={(group) => void navigate({ to: "/groups/$groupId", params: { groupId: group.id }, search: {} })}
      />
    </Stack>
  );
}

function GroupCard({ group }: { group: GroupSummary }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [joining, setJoining] = useState(false);
  const join = async () => {
    setJoining(true);
    try {
      await joinGroup(group.id);
      notifySuccess(t("groups.joined", { name: group.name }));
      refreshGroupViews(queryClient, group.id);
    } catch (error) {
      notifyError(error);
    } finally {
      setJoining(false);
    }
  };
  return (
    <Paper withBorder radius="md" p="md" role="listitem" aria-label={group.name}>
      <Stack gap={8} h="100%">
        <AnchorLink
          to="/groups/$groupId"
          params={{ groupId: group.id }}
          search={{}}
          fw={600}
          lineClamp={2}
          c="var(--mantine-color-text)"
        >
          {group.name}
        </AnchorLink>
        <GroupBadges group={group} />
        {group.description && (
          <Text size="sm" c="dimmed" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
            {group.description}
          </Text>
        )}
        <Group justify="space-between" mt="auto" gap="xs" wrap="nowrap">
          <Group gap="md" c="dimmed" wrap="nowrap">
            <Group gap={4} wrap="nowrap" aria-label={t("groups.memberCount", { count: group.memberCount })}>
              <IconUsers size={14} />
              <Text size="xs">{group.memberCount}</Text>
            </Group>
            <Group gap={4} wrap="nowrap" aria-label={t("groups.openTasks", { count: group.openTaskCount })}>
              <IconChecklist size={14} />
              <Text size="xs">{group.openTaskCount}</Text>
            </Group>
          </Group>
          {group.myRole === null && group.visibility === "open" && !group.archived && (
            <Button size="xs" variant="light" loading={joining} onClick={() => void join()}>
              {t("groups.join")}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
