import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { chats } from "./chat-schema";
import { users } from "./schema";

/**
 * A group or project (Bitrix24's «рабочая группа»): its members with their roles, its tasks
 * (`tasks.group_id`) and its chat. An open group is seen by every employee, a closed one only by
 * its members and admins.
 */
export const groups = pgTable(
  "groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** group or project */
    kind: text("kind").notNull().default("group"),
    /** open or closed */
    visibility: text("visibility").notNull().default("open"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    /** The group's chat: its members follow the group's members. */
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("groups_chat_idx").on(table.chatId),
    index("groups_name_idx").on(sql`lower(${table.name})`),
    check("groups_kind_check", sql`${table.kind} in ('group', 'project')`),
    check("groups_visibility_check", sql`${table.visibility} in ('open', 'closed')`),
  ],
);

/** Who is in a group: owners and moderators manage it, members take part. */
export const groupMembers = pgTable(
  "group_members",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** owner, moderator, member */
    role: text("role").notNull().default("member"),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.groupId, table.userId] }),
    index("group_members_user_idx").on(table.userId, table.groupId),
    check("group_members_role_check", sql`${table.role} in ('owner', 'moderator', 'member')`),
  ],
);
