import { Badge, Group, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { formatDate } from "../../lib/dates";
import { CardSection, FieldRows } from "../crm/card-kit";
import { money } from "../crm/crm-common";
import { dealOneCQuery } from "./one-c-api";

/** The deal card's «1С» block: its 1C order, what is paid and the document's state; nothing for a deal without one. */
export function DealOneCBlock({ dealId }: { dealId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const { data } = useQuery({
    ...dealOneCQuery(dealId),
    retry: (failures, error) => !isProblem(error) && failures < 2,
  });
  if (!data) return null;
  const amount = Number(data.amount);
  const paid = Number(data.paidAmount);
  return (
    <CardSection title={t("oneC.deal.title")}>
      <FieldRows
        rows={[
          [
            t("oneC.deal.order"),
            <Fragment key="order">
              {t("oneC.deal.orderNumber", { number: data.orderNumber })}
              <br />
              <Text span size="xs" c="dimmed">
                {t("oneC.deal.orderDate", { date: formatDate(data.orderDate, me.timeZone) })}
              </Text>
            </Fragment>,
          ],
          [t("oneC.deal.amount"), money(amount)],
          [
            t("oneC.deal.paid"),
            <span key="paid" style={{ color: paid >= amount && paid > 0 ? "var(--mantine-color-teal-8)" : undefined }}>
              {money(paid)}
            </span>,
          ],
          [t("oneC.deal.paidAt"), formatDate(data.paidAt, me.timeZone)],
          [
            t("oneC.deal.payment"),
            data.paymentNumber ? t("oneC.deal.paymentValue", { number: data.paymentNumber }) : null,
          ],
          [
            t("oneC.deal.state"),
            <Group key="state" gap={4}>
              <Badge size="sm" variant="light" color={data.posted ? "teal" : "gray"}>
                {data.posted ? t("oneC.deal.posted") : t("oneC.deal.notPosted")}
              </Badge>
              {data.deleted && (
                <Badge size="sm" variant="light" color="red">
                  {t("oneC.deal.deleted")}
                </Badge>
              )}
              {data.cancelled && (
                <Badge size="sm" variant="light" color="orange">
                  {t("oneC.deal.cancelled")}
                </Badge>
              )}
            </Group>,
          ],
        ]}
      />
    </CardSection>
  );
}
