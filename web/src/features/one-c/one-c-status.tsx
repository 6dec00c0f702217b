import { Alert, Group, Text } from "@mantine/core";
import { IconAlertTriangle, IconArrowsExchange } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { canAssignOneCOrders } from "./one-c-access";
import { oneCStatusQuery } from "./one-c-api";

/**
 * The head cabinet's line about 1C: how fresh its figures are («Данные 1С на …»), a yellow warning
 * when the last exchange is older than the threshold, and the orders waiting in «Не распределено».
 * Nothing while 1C has never sent anything.
 */
export function OneCStatusLine() {
  const { t } = useTranslation();
  const me = useMe();
  const { data } = useQuery(oneCStatusQuery);
  if (!data?.lastSuccessAt) return null;
  const when = formatDateTime(data.lastSuccessAt, me.timeZone);
  const unassigned =
    data.unassignedOrders > 0 && canAssignOneCOrders(me) ? (
      <AnchorLink to="/one-c/unassigned" size="sm" fw={500}>
        {t("oneC.unassigned.link", { count: data.unassignedOrders })}
      </AnchorLink>
    ) : null;
  if (data.stale) {
    return (
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} p="xs" role="status">
        <Group gap="md" wrap="wrap">
          <Text size="sm">{t("oneC.status.stale", { date: when })}</Text>
          {unassigned}
        </Group>
      </Alert>
    );
  }
  return (
    <Group gap="md" wrap="wrap" role="status">
      <Group gap={6} wrap="nowrap">
        <IconArrowsExchange size={16} stroke={1.6} color="var(--mantine-color-dimmed)" />
        <Text size="sm" c="dimmed">
          {t("oneC.status.asOf", { date: when })}
        </Text>
      </Group>
      {unassigned}
    </Group>
  );
}
