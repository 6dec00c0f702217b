import { Alert, Button, Group, Pagination, Stack, Table, Text } from "@mantine/core";
import { IconCircleCheck, IconUserPlus } from "@tabler/icons-react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDate } from "../../lib/dates";
import { FormModal } from "../../lib/form-modal";
import { ButtonLink } from "../../lib/links";
import { ListPanel, PageHeader } from "../../lib/list-page";
import { handleFormError } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { crmRecordQuery } from "../crm/crm-api";
import { money } from "../crm/crm-common";
import { UserPicker } from "../org/user-picker";
import { assignOrder, oneCUnassignedQuery, unassignedPageSize } from "./one-c-api";

interface OrderRow {
  guid: string;
  number: string;
}

/** «Не распределено»: orders 1C sent whose manager Planerka could not tell; a head gives each to one of their people. */
export function UnassignedOrdersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [page, setPage] = useState(1);
  const { data, error } = useQuery({
    ...oneCUnassignedQuery((page - 1) * unassignedPageSize),
    placeholderData: keepPreviousData,
  });
  const pages = data ? Math.max(1, Math.ceil(data.total / unassignedPageSize)) : 1;
  // The last order stays while the dialog closes, so its title does not change under the animation.
  const [assigning, setAssigning] = useState<{ order: OrderRow | null; opened: boolean; key: number }>({
    order: null,
    opened: false,
    key: 0,
  });

  return (
    <Stack gap="md">
      <PageHeader title={t("oneC.unassigned.title")} intro={t("oneC.unassigned.intro")} introWidth={760} />
      <ListPanel
        error={error}
        data={data}
        empty={{ icon: IconCircleCheck, color: "var(--mantine-color-teal-6)", text: t("oneC.unassigned.empty") }}
      >
        {({ items }) => (
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="sm" aria-label={t("oneC.unassigned.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("oneC.unassigned.number")}</Table.Th>
                  <Table.Th>{t("oneC.unassigned.date")}</Table.Th>
                  <Table.Th>{t("oneC.unassigned.counterparty")}</Table.Th>
                  <Table.Th ta="right">{t("oneC.unassigned.amount")}</Table.Th>
                  <Table.Th ta="right">{t("oneC.unassigned.paid")}</Table.Th>
                  <Table.Th>{t("oneC.unassigned.managerName")}</Table.Th>
                  <Table.Th aria-label={t("oneC.unassigned.assign")} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((order) => (
                  <Table.Tr key={order.guid} data-order-guid={order.guid}>
                    <Table.Td fw={500} style={{ whiteSpace: "nowrap" }}>
                      {order.number}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(order.date, me.timeZone)}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{order.counterpartyName ?? "—"}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                      {money(Number(order.amount))}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                      <Text size="sm" c={Number(order.paidAmount) > 0 ? "teal.8" : "dimmed"}>
                        {money(Number(order.paidAmount))}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{order.managerName ?? "—"}</Table.Td>
                    <Table.Td ta="right">
                      <Button
                        size="compact-sm"
                        variant="light"
                        leftSection={<IconUserPlus size={14} />}
                        aria-label={t("oneC.unassigned.assignLabel", { number: order.number })}
                        onClick={() => setAssigning(({ key }) => ({ order, opened: true, key: key + 1 }))}
                      >
                        {t("oneC.unassigned.assign")}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </ListPanel>
      {data && data.total > 0 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t("oneC.unassigned.total", { value: data.total })}
          </Text>
          {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} />}
        </Group>
      )}
      <AssignDialog
        key={assigning.key}
        order={assigning.order}
        opened={assigning.opened}
        onClose={() => setAssigning((current) => ({ ...current, opened: false }))}
      />
    </Stack>
  );
}

/** «Назначить»: the order becomes a deal of the chosen employee; the dialog then links to it. */
function AssignDialog({ order, opened, onClose }: { order: OrderRow | null; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<{ dealId: string; ownerName: string } | null>(null);
  const form = useFormState<{ [key: string]: unknown; ownerId: string | null }>({ ownerId: null });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!order) return;
    if (!form.values.ownerId) return form.setErrors({ ownerId: t("errors.required") });
    setSaving(true);
    try {
      const { dealId } = await assignOrder(order.guid, form.values.ownerId);
      void queryClient.invalidateQueries({ queryKey: ["one-c"] });
      void queryClient.invalidateQueries({ queryKey: ["crm", "deals"] });
      // The new deal's card is loaded now: its owner's name goes in the message, and «Открыть сделку» opens at once.
      const deal = await queryClient.fetchQuery(crmRecordQuery("deals", dealId)).catch(() => null);
      setDone({ dealId, ownerName: deal?.ownerName ?? "" });
    } catch (error) {
      handleFormError(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={order ? t("oneC.unassigned.assignTitle", { number: order.number }) : ""}
    >
      {done && order ? (
        <Stack gap="md">
          <Alert color="teal" icon={<IconCircleCheck size={18} />} title={t("oneC.unassigned.assigned")}>
            {t("oneC.unassigned.assignedText", { number: order.number, name: done.ownerName })}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("oneC.unassigned.done")}
            </Button>
            <ButtonLink to="/crm/deals/$dealId" params={{ dealId: done.dealId }} search={{}}>
              {t("oneC.unassigned.openDeal")}
            </ButtonLink>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <UserPicker
              label={t("oneC.unassigned.owner")}
              required
              value={form.values.ownerId}
              onChange={(ownerId) => form.setField("ownerId", ownerId)}
              error={form.errors.ownerId}
              comboboxProps={{ withinPortal: true }}
              data-autofocus
            />
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={onClose} disabled={saving}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={saving}>
                {t("oneC.unassigned.assign")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </FormModal>
  );
}
