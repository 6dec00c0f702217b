import { Group, Loader, Modal, Pagination, ScrollArea, Table, Text, UnstyledButton } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconArrowDown, IconArrowUp, IconBuilding, IconSelector, IconUser } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { StageBadge } from "../crm/stage-badge";
import { type DealSort, type DealSortKey, openDealsPageSize, openDealsQuery } from "./head-cabinet-api";
import { formatMoney } from "./head-cabinet-format";

interface OpenDealsModalProps {
  user: { id: string; name: string } | null;
  onClose: () => void;
}

const columns: { key: DealSortKey; label: string; align?: "right" }[] = [
  { key: "company", label: "headCabinet.deals.client" },
  { key: "title", label: "headCabinet.deals.deal" },
  { key: "stage", label: "headCabinet.deals.stage" },
  { key: "amount", label: "headCabinet.deals.amount", align: "right" },
  { key: "createdAt", label: "headCabinet.deals.createdAt" },
  { key: "expectedCloseDate", label: "headCabinet.deals.expectedCloseDate" },
  { key: "lastActivityAt", label: "headCabinet.deals.lastActivityAt" },
];

/** The employee's open deals, sorted and paged on the server by any column, biggest first to begin with. */
export function OpenDealsModal({ user, onClose }: OpenDealsModalProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 600px)");
  return (
    <Modal
      opened={user !== null}
      onClose={onClose}
      title={user ? t("headCabinet.deals.title", { name: user.name }) : ""}
      size="min(1100px, 96vw)"
      fullScreen={phone}
    >
      {user && <OpenDealsTable ownerId={user.id} onNavigate={onClose} />}
    </Modal>
  );
}

function OpenDealsTable({ ownerId, onNavigate }: { ownerId: string; onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [sort, setSort] = useState<DealSort>({ key: "amount", desc: true });
  const [page, setPage] = useState(1);
  const deals = useQuery(openDealsQuery(ownerId, sort, page));
  const day = (iso: string | null) => (iso ? dayjs(iso).tz(me.timeZone).format("DD.MM.YYYY") : "—");
  const plainDay = (iso: string | null) => (iso ? dayjs(iso).format("DD.MM.YYYY") : "—");

  const toggle = (key: DealSortKey) => {
    setSort((current) => (current.key === key ? { key, desc: !current.desc } : { key, desc: key === "amount" }));
    setPage(1);
  };

  if (deals.isPending) return <Loader size="sm" />;
  if (deals.isError) return <Text c="red">{problemText(deals.error)}</Text>;
  const { items, total } = deals.data;
  if (total === 0) return <Text c="dimmed">{t("headCabinet.deals.empty")}</Text>;
  const pages = Math.ceil(total / openDealsPageSize);
  const first = (page - 1) * openDealsPageSize + 1;

  return (
    <>
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Text size="sm" c="dimmed">
          {pages > 1
            ? t("headCabinet.deals.shown", { from: first, to: first + items.length - 1, total })
            : t("headCabinet.deals.total", {
                count: total,
                amount: formatMoney(items.reduce((sum, deal) => sum + Math.round(deal.amount * 100), 0) / 100),
              })}
        </Text>
        <AnchorLink size="sm" to="/crm/deals" search={{ ownerId, semantic: "open" }} onClick={onNavigate}>
          {t("headCabinet.deals.openAll")}
        </AnchorLink>
      </Group>
      <ScrollArea>
        <Table
          striped
          highlightOnHover
          miw={1000}
          verticalSpacing={6}
          style={{ opacity: deals.isPlaceholderData ? 0.6 : 1 }}
        >
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => {
                const active = sort.key === column.key;
                const Icon = active ? (sort.desc ? IconArrowDown : IconArrowUp) : IconSelector;
                return (
                  <Table.Th
                    key={column.key}
                    ta={column.align}
                    aria-sort={active ? (sort.desc ? "descending" : "ascending") : "none"}
                  >
                    <UnstyledButton
                      onClick={() => toggle(column.key)}
                      fw={600}
                      fz="sm"
                      style={{ whiteSpace: "nowrap" }}
                    >
                      <Group gap={4} wrap="nowrap" justify={column.align === "right" ? "flex-end" : undefined}>
                        {t(column.label as "headCabinet.deals.client")}
                        <Icon size={14} aria-hidden />
                      </Group>
                    </UnstyledButton>
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((deal) => (
              <Table.Tr key={deal.id}>
                <Table.Td miw={170}>
                  {/* The client's name opens the deal, like its title; the client's card is the icon beside it. */}
                  <Group gap={4} wrap="nowrap">
                    <AnchorLink size="sm" to="/crm/deals/$dealId" params={{ dealId: deal.id }} onClick={onNavigate}>
                      {deal.company?.name ?? deal.contact?.name ?? "—"}
                    </AnchorLink>
                    {deal.company ? (
                      <AnchorLink
                        size="sm"
                        c="dimmed"
                        to="/crm/companies/$companyId"
                        params={{ companyId: deal.company.id }}
                        onClick={onNavigate}
                        aria-label={t("headCabinet.deals.companyCard", { name: deal.company.name })}
                        title={t("headCabinet.deals.companyCard", { name: deal.company.name })}
                        lh={0}
                      >
                        <IconBuilding size={14} aria-hidden />
                      </AnchorLink>
                    ) : deal.contact ? (
                      <AnchorLink
                        size="sm"
                        c="dimmed"
                        to="/crm/contacts/$contactId"
                        params={{ contactId: deal.contact.id }}
                        onClick={onNavigate}
                        aria-label={t("headCabinet.deals.contactCard", { name: deal.contact.name })}
                        title={t("headCabinet.deals.contactCard", { name: deal.contact.name })}
                        lh={0}
                      >
                        <IconUser size={14} aria-hidden />
                      </AnchorLink>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td miw={220}>
                  <AnchorLink size="sm" to="/crm/deals/$dealId" params={{ dealId: deal.id }} onClick={onNavigate}>
                    {deal.title}
                  </AnchorLink>
                  <Text size="xs" c="dimmed">
                    № {deal.number}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StageBadge stage={deal.stage} />
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                  {formatMoney(deal.amount)}
                </Table.Td>
                <Table.Td>{day(deal.createdAt)}</Table.Td>
                <Table.Td>{plainDay(deal.expectedCloseDate)}</Table.Td>
                <Table.Td>{day(deal.lastActivityAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {pages > 1 && (
        <Group justify="center" mt="sm">
          <Pagination
            total={pages}
            value={page}
            onChange={setPage}
            size="sm"
            getControlProps={(control) => ({
              "aria-label": t(`headCabinet.deals.${control === "previous" ? "previousPage" : "nextPage"}`),
            })}
            getItemProps={(number) => ({ "aria-label": t("headCabinet.deals.page", { page: number }) })}
          />
        </Group>
      )}
    </>
  );
}
