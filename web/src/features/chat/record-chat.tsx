import { Button, Group, Text } from "@mantine/core";
import type { ChatDetail, LinkableEntity } from "@planerka/common";
import { IconExternalLink, IconMessageCircle } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../lib/links";
import { notifyError } from "../../lib/notify";
import { CardSection } from "../crm/card-kit";
import { chatListQuery, openRecordChat } from "./chat-api";
import { rememberChat } from "./chat-cache";
import { Conversation } from "./conversation";

interface RecordChatProps {
  entityType: LinkableEntity;
  entityId: string;
}

/**
 * The chat of a CRM record, inline on its card. Opening it makes the caller a member (the server
 * creates the chat on first use), so a card only opens it when asked, or when the caller is in it already.
 */
export function RecordChat({ entityType, entityId }: RecordChatProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const joined = useQuery({
    ...chatListQuery,
    select: (list) =>
      list.items.find((chat) => chat.record?.entityType === entityType && chat.record.entityId === entityId)?.id,
  }).data;
  const [opened, setOpened] = useState<ChatDetail | null>(null);
  const [pending, setPending] = useState(false);
  const chatId = opened?.id ?? joined;

  const open = async () => {
    setPending(true);
    try {
      const chat = await openRecordChat(entityType, entityId);
      rememberChat(queryClient, chat);
      setOpened(chat);
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(false);
    }
  };

  return (
    <CardSection
      title={t("chat.record.title")}
      action={
        chatId ? (
          <AnchorLink to="/chat/$chatId" params={{ chatId }} search={{}} size="xs">
            <Group gap={4} wrap="nowrap">
              {t("chat.record.openFull")}
              <IconExternalLink size={12} />
            </Group>
          </AnchorLink>
        ) : undefined
      }
    >
      {chatId ? (
        <div
          data-testid="record-chat"
          style={{ margin: "0 calc(-1 * var(--mantine-spacing-md)) calc(-1 * var(--mantine-spacing-md))" }}
        >
          <Conversation chatId={chatId} compact onClosed={() => setOpened(null)} />
        </div>
      ) : (
        <>
          <Text size="sm" c="dimmed" mb="xs">
            {t("chat.record.intro")}
          </Text>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconMessageCircle size={16} />}
            loading={pending}
            onClick={() => void open()}
          >
            {t("chat.record.open")}
          </Button>
        </>
      )}
    </CardSection>
  );
}
