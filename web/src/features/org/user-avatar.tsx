import { Avatar, type AvatarProps } from "@mantine/core";
import { usePhotoRevision } from "./photo-revisions";
import { userPhotoUrl } from "./users-api";

interface UserAvatarProps extends Omit<AvatarProps, "src" | "name"> {
  user: { id: string; name: string; hasPhoto: boolean };
}

/** Initials from "Фамилия Имя Отчество": the first letters of the surname and the given name. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return parts
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? "")
    .join("");
}

export function UserAvatar({ user, ...props }: UserAvatarProps) {
  const revision = usePhotoRevision(user.id);
  return (
    <Avatar
      src={user.hasPhoto ? userPhotoUrl(user.id, revision) : null}
      alt={user.name}
      color="initials"
      name={user.name}
      {...props}
    >
      {initials(user.name)}
    </Avatar>
  );
}
