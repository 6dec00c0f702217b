import {
  Badge,
  CloseButton,
  Group,
  Pagination,
  SegmentedControl,
  Select,
  Stack,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { type LinkableEntity, linkableEntities } from "@planerka/common";
import { IconListDetails, IconRubberStamp, IconSettings, IconTopologyStar3 } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { AnchorLink } from "../../lib/links";
import { ListPanel } from "../../lib/list-page";
import { userQuery } from "../org/users-api";
import { ApprovalsList } from "./approvals-list";
import { InstanceDrawer } from "./instance-drawer";
import { InstanceList } from "./instance-list";
import { type InstanceListParams, instancesQuery, myApprovalsQuery, templatesQuery } from "./workflows-api";
import type { InstanceShow, WorkflowsSearch } from "./workflows-routes";

const pageSize = 50;

function listParams(search: WorkflowsSearch): InstanceListParams {
  const show: InstanceShow = search.show ?? "running";
  return {
    limit: pageSize,
    offset: ((search.page ?? 1) - 1) * pageSize,
    entity: search.entity,
    templateId: search.templateId,
    userId: search.userId,
    ...(show === "running" ? { status: "running" } : {}),
    ...(show === "stalled" ? { status: "running", stalled: "true" } : {}),
    ...(show === "finished" ? { status: "finished" } : {}),
  };
}

/** /workflows: the instances with filters, and the approvals waiting for the caller. */
export function WorkflowsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = useSearch({ from: "/app/workflows" });
  const navigate = useNavigate({ from: "/workflows" });
  const approvals = useQuery(myApprovalsQuery).data ?? [];
  const setSearch = (patch: Partial<WorkflowsSearch>) =>
    void navigate({ search: (current) => ({ ...current, ...patch }), replace: true });
  const openInstance = (instance: string | undefined) =>
    void navigate({ search: (current) => ({ ...current, instance }) });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="sm">
        <div style={{ flex: "1 1 320px" }}>
          <Title order={2}>{t("workflows.page.title")}</Title>
          <Text c="dimmed" size="sm">
            {t("workflows.page.intro")}
          </Text>
        </div>
        {me.abilities.manageSettings && (
          <AnchorLink to="/settings/workflows" size="sm">
            <Group gap={4} wrap="nowrap">
              <IconSettings size={16} />
              {t("workflows.page.settingsLink")}
            </Group>
          </AnchorLink>
        )}
      </Group>
      <Tabs
        value={search.tab ?? "instances"}
        onChange={(value) => setSearch({ tab: value === "approvals" ? "approvals" : undefined })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="instances" leftSection={<IconListDetails size={16} />}>
            {t("workflows.page.tabInstances")}
          </Tabs.Tab>
          <Tabs.Tab
            value="approvals"
            leftSection={<IconRubberStamp size={16} />}
            rightSection={
              approvals.length > 0 ? (
                <Badge size="sm" color="orange" variant="filled">
                  {approvals.length}
                </Badge>
              ) : undefined
            }
          >
            {t("workflows.page.tabApprovals")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="instances">
          <Instances search={search} setSearch={setSearch} onOpen={(id) => openInstance(id)} />
        </Tabs.Panel>
        <Tabs.Panel value="approvals">
          <ApprovalsList onOpenInstance={(id) => openInstance(id)} />
        </Tabs.Panel>
      </Tabs>
      <InstanceDrawer instanceId={search.instance ?? null} onClose={() => openInstance(undefined)} />
    </Stack>
  );
}

function Instances({
  search,
  setSearch,
  onOpen,
}: {
  search: WorkflowsSearch;
  setSearch: (patch: Partial<WorkflowsSearch>) => void;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  const { data, error } = useQuery(instancesQuery(listParams(search)));
  // Templates are an administrator's list; for others the filter simply does not show.
  const templates = useQuery({ ...templatesQuery(), retry: false }).data;
  const employee = useQuery({ ...userQuery(search.userId ?? ""), enabled: Boolean(search.userId) }).data;
  const pages = data ? Math.max(1, Math.ceil(data.total / pageSize)) : 1;

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label={t("workflows.page.statusFilter")}
          value={search.show ?? "running"}
          onChange={(value) =>
            setSearch({ show: value === "running" ? undefined : (value as WorkflowsSearch["show"]), page: undefined })
          }
          data={[
            { value: "running", label: t("workflows.page.filterRunning") },
            { value: "stalled", label: t("workflows.page.filterStalled") },
            { value: "finished", label: t("workflows.page.filterFinished") },
            { value: "all", label: t("workflows.page.filterAll") },
          ]}
          fullWidth={phone}
          size={phone ? "xs" : "sm"}
          w={phone ? "100%" : undefined}
        />
        {templates && templates.length > 0 && (
          <Select
            aria-label={t("workflows.page.template")}
            placeholder={t("workflows.page.anyTemplate")}
            data={templates.map((template) => ({ value: template.id, label: template.name }))}
            value={search.templateId ?? null}
            onChange={(value) => setSearch({ templateId: value ?? undefined, page: undefined })}
            clearable
            searchable
            w={{ base: "100%", xs: 260 }}
          />
        )}
        <Select
          aria-label={t("workflows.page.entity")}
          placeholder={t("workflows.page.anyEntity")}
          data={linkableEntities.map((value) => ({ value, label: t(`workflows.entitiesPlural.${value}`) }))}
          value={search.entity ?? null}
          onChange={(value) => setSearch({ entity: (value as LinkableEntity | null) ?? undefined, page: undefined })}
          clearable
          w={{ base: "100%", xs: 180 }}
        />
        {search.userId && (
          <Badge
            size="lg"
            variant="light"
            rightSection={
              <CloseButton
                size="xs"
                aria-label={t("workflows.page.clearEmployee")}
                onClick={() => setSearch({ userId: undefined, page: undefined })}
              />
            }
            style={{ textTransform: "none" }}
          >
            {t("workflows.page.employee", { name: employee?.name ?? "…" })}
          </Badge>
        )}
      </Group>
      <ListPanel error={error} data={data} empty={{ icon: IconTopologyStar3, text: t("workflows.page.empty") }}>
        {({ items }) => <InstanceList instances={items} onOpen={onOpen} />}
      </ListPanel>
      {data && data.total > 0 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t("workflows.page.total", { value: data.total })}
          </Text>
          {pages > 1 && (
            <Pagination
              total={pages}
              value={search.page ?? 1}
              onChange={(page) => setSearch({ page: page > 1 ? page : undefined })}
            />
          )}
        </Group>
      )}
    </Stack>
  );
}
