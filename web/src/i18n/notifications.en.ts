import type { notificationsRu } from "./notifications.ru";

export const notificationsEn: typeof notificationsRu = {
  title: "Notifications",
  empty: "No notifications",
  markAllRead: "Mark all read",
  onlyUnread: "Unread only",
  showMore: "Show more",
  unreadCount: "{{count}} unread",

  browser: "Browser notifications while the tab is in the background",
  kinds: {
    record_comment: "Comment on your record",
    task_assigned: "New task",
    task_observer: "You observe a task",
    task_comment: "Comment on a task",
    task_control: "A task waits for your control",
    task_done: "Task done",
    task_returned: "A task was returned for rework",
    mention: "You were mentioned",
    workflow_approval: "Your approval is needed",
    workflow_notice: "Workflow",
    workflow_stalled: "An approval has stalled",
    activity_assigned: "An activity was assigned to you",
    message: "Message",
    deal_won: "Deal won",
    bonus_approved: "Bonus approved",
    other: "Notification",
  },
};
