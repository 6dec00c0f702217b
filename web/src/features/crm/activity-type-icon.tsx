import type { ActivityCategory } from "@planerka/common";
import { IconDeviceDesktopAnalytics, IconMail, IconPhone, IconPoint, IconUsersGroup } from "@tabler/icons-react";

const icons = {
  call: IconPhone,
  meeting: IconUsersGroup,
  demo: IconDeviceDesktopAnalytics,
  email: IconMail,
  other: IconPoint,
} as const;

export function ActivityTypeIcon({ category, size = 16 }: { category: ActivityCategory; size?: number }) {
  const Icon = icons[category] ?? IconPoint;
  return <Icon size={size} stroke={1.6} aria-hidden style={{ flexShrink: 0 }} />;
}
