import { Avatar, Indicator, ThemeIcon } from "@mantine/core";
import type { ChatSummary, LinkableEntity } from "@planerka/common";
import { IconBriefcase, IconBuilding, IconTarget, IconUser, IconUsersGroup } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { inZone } from "../../lib/dates";
import { initials } from "../org/user-avatar";

export const dayKey = (iso: string, timeZone: string) => inZone(iso, timeZone).format("YYYY-MM-DD");
export const timeOf = (iso: string, timeZone: string) => inZone(iso, timeZone).format("HH:mm");

/** «Сегодня», «Вчера», «12 марта» or «12 марта 2024» above a day's messages. */
export function useDayLabel(timeZone: string) {
  const { t } = useTranslation();
  return (iso: string) => {
    const day = inZone(iso, timeZone);
    const today = inZone(new Date().toISOString(), timeZone);
    if (day.isSame(today, "day")) return t("chat.today");
    if (day.isSame(today.subtract(1, "day"), "day")) return t("chat.yesterday");
    return day.format(day.isSame(today, "year") ? "D MMMM" : "D MMMM YYYY");
  };
}

/** The time in the chat list: today a time, this week a weekday, before that a date. */
export function useListTime(timeZone: string) {
  const { t } = useTranslation();
  return (iso: string | null) => {
    if (!iso) return "";
    const moment = inZone(iso, timeZone);
    const today = inZone(new Date().toISOString(), timeZone);
    if (moment.isSame(today, "day")) return moment.format("HH:mm");
    if (moment.isSame(today.subtract(1, "day"), "day")) return t("chat.yesterday");
    if (today.diff(moment, "day") < 7) return moment.format("dd");
    return moment.format(moment.isSame(today, "year") ? "D MMM" : "DD.MM.YY");
  };
}

const recordIcons: Record<LinkableEntity, typeof IconBriefcase> = {
  deal: IconBriefcase,
  lead: IconTarget,
  company: IconBuilding,
  contact: IconUser,
};

export function PersonAvatar({ name, size = 32 }: { name: string; size?: number }) {
  return (
    <Avatar size={size} color="initials" name={name} radius="xl">
      {initials(name)}
    </Avatar>
  );
}

/** A person with a green dot while they are online. */
export function PresenceAvatar({ name, online, size = 40 }: { name: string; online: boolean; size?: number }) {
  const { t } = useTranslation();
  return (
    <Indicator
      disabled={!online}
      color="teal"
      size={11}
      offset={5}
      position="bottom-end"
      withBorder
      label={undefined}
      aria-label={online ? t("chat.onlineDot") : undefined}
      data-online={online || undefined}
    >
      <PersonAvatar name={name} size={size} />
    </Indicator>
  );
}

/** A direct chat shows the colleague; a group, people; a record chat, the kind of record. */
export function ChatAvatar({
  chat,
  size = 40,
}: {
  chat: Pick<ChatSummary, "kind" | "peer" | "record" | "title">;
  size?: number;
}) {
  if (chat.kind === "direct" && chat.peer)
    return <PresenceAvatar name={chat.peer.name} online={chat.peer.online} size={size} />;
  const Icon = chat.record ? recordIcons[chat.record.entityType] : IconUsersGroup;
  return (
    <ThemeIcon size={size} radius="xl" variant="light" color={chat.record ? "orange" : "indigo"}>
      <Icon size={size * 0.5} stroke={1.6} />
    </ThemeIcon>
  );
}
