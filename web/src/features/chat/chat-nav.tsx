import { Badge } from "@mantine/core";
import { IconMessageCircle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { RouterNavLink } from "../../lib/router-nav-link";
import { chatListQuery } from "./chat-api";
import { useChatRealtime } from "./use-chat-realtime";

/** «Чат» in the sidebar with the number of unread messages, kept current over the socket. */
export function ChatNavLink({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  useChatRealtime();
  const unread = useQuery(chatListQuery).data?.unreadTotal ?? 0;
  return (
    <RouterNavLink
      to="/chat"
      label={t("chat.nav")}
      leftSection={<IconMessageCircle size={18} stroke={1.6} />}
      rightSection={
        unread > 0 ? (
          <Badge
            size="sm"
            color="red"
            variant="filled"
            aria-label={t("chat.unreadBadge", { count: unread })}
            data-testid="chat-unread-badge"
          >
            {unread > 99 ? "99+" : unread}
          </Badge>
        ) : undefined
      }
      active={pathname === "/chat" || pathname.startsWith("/chat/")}
      onClick={onNavigate}
    />
  );
}
