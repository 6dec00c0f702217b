import { Anchor, Center, Grid, Group, Paper, Skeleton, Stack, Table, Tabs, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconHistory, IconMessages } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { ConfirmModal } from "../../lib/confirm-modal";
import { AnchorLink, ButtonLink } from "../../lib/links";
import { isStaleVersion, notifyError, notifySuccess, problemText } from "../../lib/notify";
import { useRecordQuery } from "../../lib/record-page";
import { PhoneLink } from "../telephony/phone-link";
import { type CrmEntity, type CrmRecordMap, crmRecordQuery, deleteRecord, updateRecord } from "./crm-api";
import { crmPaths } from "./crm-common";
import { HistoryList } from "./history-list";
import { CardTimeline } from "./timeline";

export type CardTab = "timeline" | "history";

/** What a card gets once its record is loaded. */
export interface CardView<R> {
  record: R;
  reload: () => Promise<unknown>;
  tab: CardTab;
  onTab: (tab: CardTab) => void;
}

/**
 * The part every card page shares: load the record, show "not found" or a skeleton, and keep the
 * history tab in the URL; `children` draws the card itself.
 */
export function CardLoader<E extends CrmEntity>({
  entity,
  id,
  tab,
  onTab,
  children,
}: {
  entity: E;
  id: string;
  tab: CardTab | undefined;
  onTab: (tab: CardTab) => void;
  children: (view: CardView<CrmRecordMap[E]>) => ReactNode;
}) {
  const query = useCardRecord(entity, id);
  if (query.error) return <CardError error={query.error} entity={entity} />;
  if (!query.data) return <CardSkeleton />;
  return children({ record: query.data, reload: () => query.refetch(), tab: tab ?? "timeline", onTab });
}

/** Loads a card's record; 404 means "not found or no access", which the card shows as such. */
export function useCardRecord<E extends CrmEntity>(entity: E, id: string) {
  return useRecordQuery(crmRecordQuery(entity, id));
}

/** Saves a change to the card's record: the new version replaces the cached one; lists, history and timeline follow. */
export function useSaveRecord<E extends CrmEntity>(entity: E, id: string) {
  const queryClient = useQueryClient();
  return async (patch: Record<string, unknown>, version: number, message?: string) => {
    if (Object.keys(patch).length === 0) return;
    const updated = await updateRecord(entity, id, { ...patch, version });
    queryClient.setQueryData(crmRecordQuery(entity, id).queryKey, updated);
    void queryClient.invalidateQueries({ queryKey: ["crm", entity, "list"] });
    void queryClient.invalidateQueries({ queryKey: ["crm", entity, "kanban"] });
    void queryClient.invalidateQueries({ queryKey: ["crm", entity, "history", id] });
    void queryClient.invalidateQueries({ queryKey: ["crm", entity, "timeline", id] });
    if (message) notifySuccess(message);
    return updated;
  };
}

/** A change made outside a form (stage bar, quick actions): stale versions reload the card. */
export async function runCardAction(action: () => Promise<unknown>, reload: () => Promise<unknown>) {
  try {
    await action();
  } catch (error) {
    notifyError(error);
    if (isStaleVersion(error)) await reload();
  }
}

export function CardNotFound({ entity }: { entity: CrmEntity }) {
  const { t } = useTranslation();
  return (
    <Center mih="50vh" p="md">
      <Stack align="center" gap="sm" maw={420}>
        <Title order={3}>{t("crm.card.notFoundTitle")}</Title>
        <Text c="dimmed" ta="center">
          {t("crm.card.notFound")}
        </Text>
        <ButtonLink to={crmPaths[entity]} search={{}} variant="light">
          {t("crm.card.backToList")}
        </ButtonLink>
      </Stack>
    </Center>
  );
}

export function CardError({ error, entity }: { error: unknown; entity: CrmEntity }) {
  if (isProblem(error, 404)) return <CardNotFound entity={entity} />;
  return (
    <Center mih="50vh" p="md">
      <Text c="red">{problemText(error)}</Text>
    </Center>
  );
}

export function CardSkeleton() {
  return (
    <Stack gap="md">
      <Skeleton h={32} w="50%" />
      <Skeleton h={20} w="30%" />
      <Skeleton h={200} />
    </Stack>
  );
}

interface CardLayoutProps {
  entity: CrmEntity;
  id: string;
  /** The list this card belongs to (back link). */
  listLabel: string;
  header: ReactNode;
  /** Under the header, e.g. the deal's stage bar. */
  band?: ReactNode;
  aside: ReactNode;
  tab: "timeline" | "history";
  onTab: (tab: "timeline" | "history") => void;
  canComment: boolean;
}

/** A CRM card: header, optional band, details and related records beside the timeline and history tabs. */
export function CardLayout({ entity, id, listLabel, header, band, aside, tab, onTab, canComment }: CardLayoutProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <AnchorLink to={crmPaths[entity]} search={{}} size="sm" c="dimmed" w="fit-content">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} />
          {listLabel}
        </Group>
      </AnchorLink>
      {header}
      {band}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <Stack gap="md">{aside}</Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Paper withBorder radius="md" p={{ base: "sm", sm: "md" }}>
            <Tabs
              value={tab}
              onChange={(value) => onTab(value === "history" ? "history" : "timeline")}
              keepMounted={false}
            >
              <Tabs.List aria-label={t("crm.card.tabsLabel")} mb="md">
                <Tabs.Tab value="timeline" leftSection={<IconMessages size={16} />}>
                  {t("crm.card.timeline")}
                </Tabs.Tab>
                <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>
                  {t("crm.card.history")}
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="timeline">
                <CardTimeline entity={entity} id={id} canComment={canComment} />
              </Tabs.Panel>
              <Tabs.Panel value="history">
                <HistoryList entity={entity} id={id} />
              </Tabs.Panel>
            </Tabs>
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

interface SectionProps {
  title: string;
  children: ReactNode;
  action?: ReactNode;
}

export function CardSection({ title, children, action }: SectionProps) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={600} size="sm">
          {title}
        </Text>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

/** Label and value rows; empty values show a dash. */
export function FieldRows({ rows }: { rows: [string, ReactNode][] }) {
  const { t } = useTranslation();
  return (
    <Table variant="vertical" layout="fixed" withRowBorders={false} verticalSpacing={4}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={140} bg="transparent" fw={400} c="dimmed" fz="sm" style={{ verticalAlign: "top" }}>
              {label}
            </Table.Th>
            <Table.Td fz="sm" style={{ overflowWrap: "anywhere" }}>
              {value === null || value === undefined || value === "" ? t("crm.card.none") : value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function PhoneLinks({ phones }: { phones: string[] }) {
  if (phones.length === 0) return null;
  return (
    <Stack gap={0}>
      {phones.map((phone) => (
        <PhoneLink key={phone} phone={phone} />
      ))}
    </Stack>
  );
}

export function EmailLinks({ emails }: { emails: string[] }) {
  if (emails.length === 0) return null;
  return (
    <Stack gap={0}>
      {emails.map((email) => (
        <Anchor key={email} href={`mailto:${email}`} size="sm">
          {email}
        </Anchor>
      ))}
    </Stack>
  );
}

/** A card's «Удалить»: moves the record to the trash, forgets its cached card and returns to the list. */
export function DeleteRecordModal({
  entity,
  id,
  opened,
  title,
  message,
  deletedText,
  onClose,
}: {
  entity: CrmEntity;
  id: string;
  opened: boolean;
  title: string;
  message: string;
  deletedText: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <ConfirmModal
      opened={opened}
      title={title}
      message={message}
      confirmLabel={t("crm.card.delete")}
      onConfirm={async () => {
        await deleteRecord(entity, id);
        notifySuccess(deletedText);
        queryClient.removeQueries({ queryKey: ["crm", entity, "one", id] });
        await queryClient.invalidateQueries({ queryKey: ["crm", entity] });
        void navigate({ to: crmPaths[entity], search: {} });
      }}
      onClose={onClose}
    />
  );
}
