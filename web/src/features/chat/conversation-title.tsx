import { Text } from "@mantine/core";
import type { ChatDetail, LinkableEntity } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../lib/links";

/** A link to the CRM card a record chat belongs to. */
export function RecordLink({
  entityType,
  entityId,
  label,
}: {
  entityType: LinkableEntity;
  entityId: string;
  label: string;
}) {
  switch (entityType) {
    case "deal":
      return (
        <AnchorLink to="/crm/deals/$dealId" params={{ dealId: entityId }} size="xs">
          {label}
        </AnchorLink>
      );
    case "lead":
      return (
        <AnchorLink to="/crm/leads/$leadId" params={{ leadId: entityId }} size="xs">
          {label}
        </AnchorLink>
      );
    case "company":
      return (
        <AnchorLink to="/crm/companies/$companyId" params={{ companyId: entityId }} size="xs">
          {label}
        </AnchorLink>
      );
    case "contact":
      return (
        <AnchorLink to="/crm/contacts/$contactId" params={{ contactId: entityId }} size="xs">
          {label}
        </AnchorLink>
      );
  }
}

/**
 * The chat's name and under it: presence one to one, the member count of a group (with a link to
 * the group or project whose chat it is), or the record.
 */
export function ConversationTitle({ chat }: { chat: ChatDetail }) {
  const { t } = useTranslation();
  return (
    <div style={{ flex: 1, minWidth: 0 }}>
      <Text fw={700} truncate component="h2" size="md" m={0}>
        {chat.title}
      </Text>
      {chat.kind === "direct" && chat.peer && (
        <Text size="xs" c={chat.peer.online ? "teal" : "dimmed"}>
          {chat.peer.online ? t("chat.online") : t("chat.offline")}
        </Text>
      )}
      {chat.kind === "group" && (
        <Text size="xs" c="dimmed">
          {t("chat.memberCount", { count: chat.memberCount })}
          {chat.groupId && (
            <>
              {" · "}
              <AnchorLink to="/groups/$groupId" params={{ groupId: chat.groupId }} search={{}} size="xs">
                {t("chat.openGroup")}
              </AnchorLink>
            </>
          )}
        </Text>
      )}
      {chat.record && (
        <Text size="xs" c="dimmed" truncate>
          {t(`chat.entities.${chat.record.entityType}`)} ·{" "}
          <RecordLink
            entityType={chat.record.entityType}
            entityId={chat.record.entityId}
            label={t("chat.openRecord")}
          />
        </Text>
      )}
    </div>
  );
}
