import type { Role, TokenScope } from "@planerka/common";

export interface PermissionRule {
  /** false: reachable without logging in. */
  authenticated: boolean;
  /** Roles allowed at all; the service still checks the record against the caller's scope. */
  roles?: readonly Role[];
  /** The API token scope this route needs; absent means API tokens may not call it. */
  tokenScope?: TokenScope;
  description: string;
}

/** Every route declares one of these; `route-permissions.test.ts` snapshots the whole list. */
export const permissions = {
  public: { authenticated: false, description: "anyone, without logging in" },
  session: { authenticated: true, tokenScope: "org:read", description: "any logged-in user, about themselves" },
  "profile:write": {
    authenticated: true,
    tokenScope: "org:write",
    description: "any logged-in user, changing their own profile (others' only if they manage them)",
  },
  "org:read": { authenticated: true, tokenScope: "org:read", description: "any employee reads the directory" },
  "users:manage": {
    authenticated: true,
    roles: ["head", "admin"],
    tokenScope: "org:write",
    description: "admin, or a head for users of their subtree below their own role",
  },
  "units:manage": { authenticated: true, roles: ["admin"], tokenScope: "org:write", description: "admin" },
  "settings:manage": { authenticated: true, roles: ["admin"], tokenScope: "org:write", description: "admin" },
  "access:manage": { authenticated: true, roles: ["admin"], description: "admin, with a session only" },
  "crm:read": {
    authenticated: true,
    tokenScope: "crm:read",
    description: "any employee; the service limits records to the caller's access scope",
  },
  "crm:write": {
    authenticated: true,
    tokenScope: "crm:write",
    description: "any employee; the service checks write/delete levels on each record",
  },
  "crm:configure": {
    authenticated: true,
    roles: ["admin"],
    tokenScope: "crm:write",
    description: "admin: pipelines, stages and activity types",
  },
  "plans:read": {
    authenticated: true,
    tokenScope: "plans:read",
    description: "any employee; plans, norms and cabinet figures limited to the caller's scope",
  },
  "plans:write": {
    authenticated: true,
    tokenScope: "plans:write",
    description: "heads for their subtree, tops and admins; nobody for themselves",
  },
  "tasks:read": {
    authenticated: true,
    description: "any employee; tasks limited to those the caller takes part in and their people's (tasks scope)",
  },
  "tasks:write": {
    authenticated: true,
    description: "any employee; the service checks the caller's part in each task (creator, assignee, head above)",
  },
  "groups:read": {
    authenticated: true,
    description: "any employee; open groups and the closed ones the caller is a member of (admins: all)",
  },
  "groups:write": {
    authenticated: true,
    description: "any employee: create and join groups; owners and moderators manage theirs, admins any",
  },
  "feed:read": {
    authenticated: true,
    description: "any employee; the posts they are in the audience of or wrote (everyone else: 404)",
  },
  "feed:write": {
    authenticated: true,
    description:
      "any employee: posts to their units, groups and people, comments, reactions, «Прочитал(а)»; company-wide and pinned posts: admins, tops and heads",
  },
  "calendar:read": {
    authenticated: true,
    description:
      "any employee; events in full for their organizer, attendees, group or company calendar and those whose activities scope reaches the organizer (not private ones); others' time as «занят»",
  },
  "calendar:write": {
    authenticated: true,
    description: "any employee: their own events; the organizer (or an admin who sees it) changes one, invitees answer",
  },
  "workday:write": { authenticated: true, description: "any employee, about their own working day" },
  "workday:read": {
    authenticated: true,
    description: "any employee about themselves; heads, tops and admins about the people in their reports scope",
  },
  notifications: { authenticated: true, description: "any logged-in user, their own notifications" },
  "workflows:read": {
    authenticated: true,
    description: "any employee; instances follow the visibility of their record, approvals their approver",
  },
  "workflows:write": {
    authenticated: true,
    description: "any employee: start on a record they may change, decide their approvals; cancel needs write access",
  },
  "workflows:configure": { authenticated: true, roles: ["admin"], description: "admin: workflow templates" },
  "chat:read": {
    authenticated: true,
    description: "any employee; the service limits to the caller's chats and record chats they may read",
  },
  "chat:write": {
    authenticated: true,
    description: "any employee; the service limits to the caller's chats and record chats they may read",
  },
  "integrations:1c": {
    authenticated: true,
    roles: ["admin"],
    tokenScope: "integrations:1c",
    description: "admin (a session, or an API token with the integrations:1c scope): the 1C exchange",
  },
  "integrations:1c-queue": {
    authenticated: true,
    roles: ["head", "top", "admin"],
    description:
      "heads, tops and admins: 1C orders nobody owns yet («Не распределено»), limited to whom they may assign",
  },
  "bonuses:read": {
    authenticated: true,
    tokenScope: "plans:read",
    description: "any employee; bonus sheets and reconciliation lines limited to the caller's reports scope",
  },
  "bonuses:approve": {
    authenticated: true,
    roles: ["head", "top"],
    description: "heads for the units they head (with all below), tops for any unit: approve a bonus sheet",
  },
  "bonuses:reconcile": {
    authenticated: true,
    roles: ["head", "top", "admin"],
    description: "heads for their subtree, tops and admins: accept a reconciliation difference with a comment",
  },
  "bonuses:configure": {
    authenticated: true,
    roles: ["head", "top", "admin"],
    description: "admins, tops and the head of the company's top unit: bonus schemes",
  },
  "mail-templates:manage": {
    authenticated: true,
    roles: ["head", "top", "admin"],
    tokenScope: "crm:write",
    description: "heads, tops and admins: the company's letter templates (every employee uses them)",
  },
  "drive:read": {
    authenticated: true,
    description:
      "any employee; files and folders of their own drive, their groups' (open groups' to read), the company's and those granted to them",
  },
  "drive:write": {
    authenticated: true,
    description: "any employee; the service checks edit rights on the folder (owner, group member, grant) and locks",
  },
  "drive:configure": {
    authenticated: true,
    roles: ["admin"],
    description: "admin: the drive's size limits and quotas",
  },
  "training:read": {
    authenticated: true,
    description:
      "any employee: the sales book, published courses, their own assignments and attempts; heads, tops and admins their people's progress",
  },
  "training:write": {
    authenticated: true,
    description: "any employee, about their own learning: lessons done, test attempts and answers, «было полезно»",
  },
  "training:manage": {
    authenticated: true,
    roles: ["head", "top", "admin"],
    description:
      "heads, tops and admins: the sales book's articles, courses and tests, grading answers; assignments and attestations for the people of their reports scope",
  },
  "meeting-notes:read": {
    authenticated: true,
    description:
      "heads, tops and admins whose reports scope reaches the person, never the person themselves: «Планёрка» notes (everyone else: 404)",
  },
  "meeting-notes:write": {
    authenticated: true,
    description:
      "heads, tops and admins whose reports scope reaches the person, never the person themselves: their own «Планёрка» note on the person (everyone else: 404)",
  },
  "meetings:read": {
    authenticated: true,
    description:
      "any employee: online meeting rooms of the calendar events they see in full and of the groups they are a member of, with their minutes (everyone else: 404)",
  },
  "meetings:write": {
    authenticated: true,
    description:
      "any employee in the room: agenda, questions, decisions, chat, tasks; ending a meeting: the event's organizer, the group's owners and moderators, admins who see the event",
  },
  "backup:read": {
    authenticated: true,
    roles: ["admin"],
    description: "admin, with a session only: a backup of the whole company's data",
  },
} as const satisfies Record<string, PermissionRule>;

export type PermissionName = keyof typeof permissions;

declare module "fastify" {
  interface FastifyContextConfig {
    permission?: PermissionName;
  }
}

/** Whether a role passes the guard's role check for `permission` (the record is the service's to check). */
export function roleMay(role: Role, permission: PermissionName): boolean {
  const rule: PermissionRule = permissions[permission];
  return rule.roles?.includes(role) ?? true;
}
