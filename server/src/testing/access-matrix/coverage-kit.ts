import type { Person, World } from "./world";

/**
 * How the access-leak matrix checks each route of the OpenAPI document. Every route must have an
 * entry: a route added without one fails `access-matrix.test.ts`, so new endpoints are covered (or
 * their exemption is written down and reviewed) before they land.
 *
 * - `record`: the route acts on one of manager A1's records (named in the path). The outsiders —
 *   A1's fellow manager, the head of the sibling department and a manager there — get 404, and
 *   nothing changes; `readers` get an answer (reads); `actor` then does the write itself, to prove
 *   the request was a valid one that only the scope refused.
 * - `reference`: a write that names A1's record in its body; outsiders are refused exactly as for
 *   a record that does not exist, and nothing is stored.
 * - `listing`: a read of many things (list, search, count, aggregate, export, sync); outsiders'
 *   answers hold nothing of A1's (no marker, no id); `readers`' answers do hold the marker.
 * - `directory`: users and units are a company directory everyone reads; writes to another user's
 *   entry are refused with 403 (existence is not secret there).
 * - `admin`: configuration for administrators; everyone else gets 403 and nothing changes.
 * - `exempt`: no record of anyone else is involved; the reason says why.
 */
export type Coverage =
  | {
      kind: "record";
      url?: (world: World) => string;
      body?: (world: World) => unknown;
      readers?: readonly Person[];
      /** Who performs the write afterwards to prove the body valid; null with a reason when nobody can. */
      actor?: Person | null;
      noActorBecause?: string;
      /** Writes run by phase (0 by default; deletes last): a later phase ends what earlier ones act on. */
      phase?: number;
    }
  | {
      kind: "reference";
      url?: (world: World) => string;
      /** Each case names A1's record in `body` and a record that does not exist in `missing`. */
      cases: readonly { body: (world: World) => unknown; missing: (world: World) => unknown }[];
    }
  | { kind: "listing"; url?: (world: World) => string; readers?: readonly Person[] }
  | {
      kind: "directory";
      url?: (world: World) => string;
      body?: (world: World) => unknown;
      /** 403 by default; creating a user in a unit one does not head names the field instead (422). */
      refusals?: readonly number[];
    }
  | { kind: "admin"; url?: (world: World) => string }
  | { kind: "exempt"; reason: string };

export const crmReaders = ["managerA1", "headA", "regionHead", "top", "admin"] as const;
export const taskReaders = ["managerA1", "headA", "regionHead", "top"] as const;
export const chatReaders = ["managerA1", "headA"] as const;
export const groupReaders = ["managerA1", "headA", "admin"] as const;
/** A1's post to their closed group: its members only (no administrator: the feed is seen by audience). */
export const feedReaders = ["managerA1", "headA"] as const;
export const figureReaders = ["managerA1", "headA", "regionHead", "top"] as const;
/** A1's meeting (not private): A1, the head invited to it, and those whose activities scope reaches A1. */
export const eventReaders = ["managerA1", "headA", "regionHead", "top", "admin"] as const;
export const missingId = "00000000-0000-4000-8000-000000000000";

export const exportUrl = (world: World, filter: string) =>
  `/api/v1/exports/deals?from=${world.today.slice(0, 4)}-01-01&to=${world.today}&format=csv${filter}`;
export const activityBody = (world: World) => ({ typeId: world.ids.activityType, subject: "Чужое", dueAt: world.now });

/** A body naming A1's record in `field`, and the same body naming a record that does not exist. */
export function naming(
  base: (world: World) => Record<string, unknown>,
  field: string,
  value: (world: World) => unknown,
) {
  return {
    body: (world: World) => ({ ...base(world), [field]: value(world) }),
    missing: (world: World) => ({ ...base(world), [field]: missingId }),
  };
}

/** The path's parameters filled with A1's things (or A1 themself) for a `record` route. */
export function recordUrl(path: string, world: World): string {
  const { ids, fixture } = world;
  const byCollection: Record<string, string> = {
    companies: ids.company!,
    contacts: ids.contact!,
    leads: ids.lead!,
    deals: ids.deal!,
    activities: ids.activity!,
    tasks: ids.task!,
    chats: ids.chat!,
    "chat-messages": ids.chatMessage!,
    "workflow-instances": ids.workflowInstance!,
    "workflow-approvals": ids.approval!,
    imports: ids.import!,
    "saved-filters": ids.savedFilter!,
    messages: ids.letter!,
    mailboxes: ids.mailbox!,
    inbound: ids.inbound!,
    groups: ids.group!,
    folders: ids.driveFolder!,
    files: ids.driveFile!,
    uploads: ids.driveUpload!,
    links: ids.driveLink!,
    events: ids.event!,
    feed: ids.feedPost!,
    comments: ids.feedComment!,
    units: fixture.departmentA,
    users: fixture.managerA1.id,
    plans: fixture.managerA1.id,
    manager: fixture.managerA1.id,
  };
  // In a chat's or a group's path, {userId} is a member: A1's head.
  const memberOfSomething = /^\/api\/v1\/(chats|groups)\//.test(path);
  const named: Record<string, string> = {
    itemId: ids.checklistItem!,
    commentId: ids.taskComment!,
    entryId: ids.timeEntry!,
    month: world.month,
    fileId: path.startsWith("/api/v1/chats")
      ? ids.chatFile!
      : path.startsWith("/api/v1/feed")
        ? ids.feedFile!
        : ids.taskFile!,
    userId: memberOfSomething ? fixture.headA.id : fixture.managerA1.id,
    attachmentId: ids.inboundAttachment!,
    number: "1",
  };
  const segments = path.split("/");
  return segments
    .map((segment, index) => {
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!name) return segment;
      if (name === "id" || (name === "userId" && !memberOfSomething)) {
        const value = byCollection[segments[index - 1]!];
        if (value) return value;
      }
      const value = named[name];
      if (!value) throw new Error(`access matrix: no value for {${name}} in ${path}`);
      return value;
    })
    .join("/");
}
