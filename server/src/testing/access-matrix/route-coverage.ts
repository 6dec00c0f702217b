import { marker, multipartBody, onePixelPng, type Person, textFile, type World } from "./world";

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

const crmReaders = ["managerA1", "headA", "regionHead", "top", "admin"] as const;
const taskReaders = ["managerA1", "headA", "regionHead", "top"] as const;
const chatReaders = ["managerA1", "headA"] as const;
const groupReaders = ["managerA1", "headA", "admin"] as const;
const figureReaders = ["managerA1", "headA", "regionHead", "top"] as const;
const missingId = "00000000-0000-4000-8000-000000000000";

const exportUrl = (world: World, filter: string) =>
  `/api/v1/exports/deals?from=${world.today.slice(0, 4)}-01-01&to=${world.today}&format=csv${filter}`;
const activityBody = (world: World) => ({ typeId: world.ids.activityType, subject: "Чужое", dueAt: world.now });

/** A body naming A1's record in `field`, and the same body naming a record that does not exist. */
function naming(base: (world: World) => Record<string, unknown>, field: string, value: (world: World) => unknown) {
  return {
    body: (world: World) => ({ ...base(world), [field]: value(world) }),
    missing: (world: World) => ({ ...base(world), [field]: missingId }),
  };
}

const crmCollections = {
  companies: "company",
  contacts: "contact",
  leads: "lead",
  deals: "deal",
  activities: "activity",
} as const;

function crmEntries(): Record<string, Coverage | readonly Coverage[]> {
  const entries: Record<string, Coverage | readonly Coverage[]> = {};
  for (const [collection, key] of Object.entries(crmCollections)) {
    const base = `/api/v1/${collection}`;
    const record = (world: World) => `${base}/${world.ids[key]}`;
    entries[`GET ${base}`] = [
      { kind: "listing", url: () => `${base}?q=${encodeURIComponent(marker)}`, readers: crmReaders },
      { kind: "listing", url: (world) => `${base}?ownerId=${world.fixture.managerA1.id}`, readers: crmReaders },
    ];
    entries[`GET ${base}/{id}`] = { kind: "record", readers: crmReaders };
    entries[`GET ${base}/{id}/history`] = { kind: "record", readers: crmReaders };
    entries[`GET ${base}/{id}/timeline`] = { kind: "record", readers: crmReaders };
    entries[`PATCH ${base}/{id}`] = {
      kind: "record",
      body: async (world: World) => ({ version: await world.version(record(world)) }),
    };
    entries[`DELETE ${base}/{id}`] = { kind: "record" };
    entries[`POST ${base}/{id}/comments`] = { kind: "record", body: () => ({ body: "Чужой комментарий" }) };
    // Only administrators restore from the trash, whoever owned the record.
    entries[`POST ${base}/{id}/restore`] = { kind: "admin", url: (world) => `${record(world)}/restore` };
    entries[`POST ${base}/bulk`] = {
      kind: "reference",
      cases: [
        {
          body: (world) => ({ action: "delete", ids: [world.ids[key]] }),
          missing: () => ({ action: "delete", ids: [missingId] }),
        },
      ],
    };
  }
  return entries;
}

/** A route's checks: usually one; a route that filters by people or units gets one per filter. */
export const routeCoverage: Record<string, Coverage | readonly Coverage[]> = {
  ...crmEntries(),
  "GET /api/v1/companies/duplicates": {
    kind: "listing",
    url: () => `/api/v1/companies/duplicates?name=${encodeURIComponent(`Компания ${marker}`)}`,
    readers: crmReaders,
  },
  "GET /api/v1/contacts/duplicates": {
    kind: "listing",
    url: () => `/api/v1/contacts/duplicates?name=${encodeURIComponent(`Контакт ${marker}`)}`,
    readers: crmReaders,
  },
  "GET /api/v1/deals/kanban": { kind: "listing", readers: crmReaders },
  "POST /api/v1/deals/{id}/emails": {
    kind: "record",
    body: () => ({ to: "client@example.kz", subject: "Предложение", body: "Текст письма" }),
  },
  "POST /api/v1/leads/{id}/convert": {
    kind: "record",
    body: async (world) => ({
      version: await world.version(`/api/v1/leads/${world.ids.lead}`),
      deal: { title: "Из лида", amount: 10 },
    }),
  },
  "POST /api/v1/activities/{id}/complete": {
    kind: "record",
    body: async (world) => ({ version: await world.version(`/api/v1/activities/${world.ids.activity}`) }),
  },
  "POST /api/v1/activities": {
    kind: "reference",
    cases: (["dealId", "leadId", "companyId", "contactId"] as const).map((field) =>
      naming(activityBody, field, (world) => world.ids[field.replace("Id", "")]),
    ),
  },
  "POST /api/v1/activities/copy-day": {
    kind: "reference",
    cases: [
      {
        body: (world) => ({ ownerId: world.fixture.managerA1.id, from: world.today, to: "2030-01-02" }),
        missing: () => ({ ownerId: missingId, from: "2030-01-01", to: "2030-01-02" }),
      },
    ],
  },
  "POST /api/v1/deals": {
    kind: "reference",
    cases: [
      naming(
        () => ({ title: "Чужая", amount: 1 }),
        "companyId",
        (world) => world.ids.company,
      ),
      naming(
        () => ({ title: "Чужая", amount: 1 }),
        "contactId",
        (world) => world.ids.contact,
      ),
    ],
  },
  "POST /api/v1/contacts": {
    kind: "reference",
    cases: [
      naming(
        () => ({ name: "Чужой" }),
        "companyId",
        (world) => world.ids.company,
      ),
    ],
  },
  "POST /api/v1/companies": { kind: "exempt", reason: "creates the caller's own company; names no other record" },
  "POST /api/v1/leads": { kind: "exempt", reason: "creates the caller's own lead; names no other record" },
  "GET /api/v1/saved-filters": { kind: "listing", readers: ["managerA1"] },
  "POST /api/v1/saved-filters": { kind: "exempt", reason: "the caller's own filter" },
  "DELETE /api/v1/saved-filters/{id}": { kind: "record" },

  // Exports and imports
  "GET /api/v1/exports/deals": [
    { kind: "listing", url: (world) => exportUrl(world, ""), readers: figureReaders },
    // Asking for A1 or A1's department by name is refused outright.
    {
      kind: "record",
      url: (world) => exportUrl(world, `&ownerId=${world.fixture.managerA1.id}`),
      readers: figureReaders,
    },
    {
      kind: "record",
      url: (world) => exportUrl(world, `&unitId=${world.fixture.departmentA}`),
      readers: figureReaders.slice(1),
    },
  ],
  "GET /api/v1/imports": { kind: "listing", readers: ["managerA1"] },
  "GET /api/v1/imports/{id}": { kind: "record", readers: ["managerA1"] },
  "POST /api/v1/imports/{id}/start": {
    kind: "record",
    body: () => ({ mapping: { Наименование: "name", Город: "city" } }),
  },
  "POST /api/v1/imports": { kind: "exempt", reason: "uploads the caller's own file" },

  // Plans and figures
  "GET /api/v1/cabinet/manager/{userId}": { kind: "record", readers: figureReaders },
  "GET /api/v1/cabinet/manager/{userId}/week": { kind: "record", readers: figureReaders },
  "GET /api/v1/cabinet/manager/{userId}/week-comments": {
    kind: "record",
    url: (world) => `/api/v1/cabinet/manager/${world.fixture.managerA1.id}/week-comments?week=${world.week}`,
    readers: figureReaders,
  },
  "POST /api/v1/cabinet/manager/{userId}/week-comments": {
    kind: "record",
    body: (world) => ({ week: world.week, body: "Чужой план" }),
    actor: "headA",
  },
  "GET /api/v1/cabinet/units/{id}": { kind: "record", readers: ["headA", "regionHead", "top", "admin"] },
  "GET /api/v1/plans": { kind: "listing", url: (world) => `/api/v1/plans?month=${world.month}` },
  "GET /api/v1/plans/{userId}/history": { kind: "record", readers: ["headA", "regionHead", "top"] },
  "PUT /api/v1/plans/{userId}/{month}": { kind: "record", body: () => ({ amount: 1 }), actor: "headA" },
  "POST /api/v1/plans/copy": {
    kind: "reference",
    cases: [
      {
        body: (world) => ({ from: world.month, to: "2030-01", unitId: world.fixture.departmentA }),
        missing: (world) => ({ from: world.month, to: "2030-01", unitId: missingId }),
      },
    ],
  },
  "POST /api/v1/plans/import": {
    kind: "reference",
    cases: [
      {
        body: () =>
          multipartBody(
            { month: "2030-01" },
            { name: "plans.csv", type: "text/csv", data: Buffer.from(`Логин;План\nmanager-a1;100\n`) },
          ),
        missing: () =>
          multipartBody(
            { month: "2030-01" },
            { name: "plans.csv", type: "text/csv", data: Buffer.from(`Логин;План\nnobody-here;100\n`) },
          ),
      },
    ],
  },
  "GET /api/v1/activity-norms": { kind: "listing" },
  "PUT /api/v1/activity-norms": {
    kind: "exempt",
    reason: "company-wide or unit norms, checked by plans:write in its own tests",
  },

  // Tasks and time
  "GET /api/v1/tasks": [
    { kind: "listing", url: () => `/api/v1/tasks?view=all&q=${encodeURIComponent(marker)}`, readers: taskReaders },
    // Asking for A1's tasks, or the tasks of A1's closed group, by name is refused outright.
    {
      kind: "record",
      url: (world) => `/api/v1/tasks?view=my&userId=${world.fixture.managerA1.id}`,
      readers: taskReaders,
    },
    {
      kind: "record",
      url: (world) => `/api/v1/tasks?view=all&groupId=${world.ids.group}`,
      readers: ["managerA1", "headA"],
    },
  ],
  "GET /api/v1/tasks/counts": { kind: "listing" },
  "GET /api/v1/tasks/{id}": { kind: "record", readers: taskReaders },
  "GET /api/v1/tasks/{id}/comments": { kind: "record", readers: taskReaders },
  "GET /api/v1/tasks/{id}/time-entries": { kind: "record", readers: taskReaders },
  "GET /api/v1/tasks/{id}/files/{fileId}": { kind: "record", readers: taskReaders },
  "PATCH /api/v1/tasks/{id}": {
    kind: "record",
    body: async (world) => ({ version: await world.version(`/api/v1/tasks/${world.ids.task}`), priority: "high" }),
  },
  "DELETE /api/v1/tasks/{id}": { kind: "record" },
  "POST /api/v1/tasks/{id}/status": {
    kind: "record",
    body: async (world) => ({ version: await world.version(`/api/v1/tasks/${world.ids.task}`), action: "defer" }),
  },
  "POST /api/v1/tasks/{id}/checklist": { kind: "record", body: () => ({ title: "Чужой пункт" }) },
  "PATCH /api/v1/tasks/{id}/checklist/{itemId}": { kind: "record", body: () => ({ done: true }) },
  "DELETE /api/v1/tasks/{id}/checklist/{itemId}": { kind: "record" },
  "POST /api/v1/tasks/{id}/comments": { kind: "record", body: () => ({ body: "Чужой" }) },
  "PATCH /api/v1/tasks/{id}/comments/{commentId}": { kind: "record", body: () => ({ body: "Исправлено" }) },
  "DELETE /api/v1/tasks/{id}/comments/{commentId}": { kind: "record" },
  "POST /api/v1/tasks/{id}/files": { kind: "record", body: () => multipartBody({}, textFile("чужой.txt")) },
  "DELETE /api/v1/tasks/{id}/files/{fileId}": { kind: "record" },
  "POST /api/v1/tasks/{id}/time-entries": { kind: "record", body: (world) => ({ day: world.today, minutes: 5 }) },
  "DELETE /api/v1/tasks/{id}/time-entries/{entryId}": { kind: "record" },
  "POST /api/v1/tasks/{id}/timer/start": { kind: "record" },
  "POST /api/v1/tasks/{id}/timer/stop": { kind: "record" },
  "POST /api/v1/tasks": {
    kind: "reference",
    cases: [
      naming(
        () => ({ title: "Подзадача" }),
        "parentId",
        (world) => world.ids.task,
      ),
      naming(
        () => ({ title: "По сделке", entityType: "deal" }),
        "entityId",
        (world) => world.ids.deal,
      ),
      naming(
        () => ({ title: "В группу" }),
        "groupId",
        (world) => world.ids.group,
      ),
    ],
  },
  "GET /api/v1/timer": { kind: "listing", readers: ["managerA1"] },
  "GET /api/v1/time-report": [
    {
      kind: "listing",
      url: (world) => `/api/v1/time-report?from=${world.today}&to=${world.today}`,
      readers: taskReaders,
    },
    {
      kind: "record",
      url: (world) => `/api/v1/time-report?from=${world.today}&to=${world.today}&userId=${world.fixture.managerA1.id}`,
      readers: taskReaders,
    },
  ],
  "GET /api/v1/workday": { kind: "listing" },
  "POST /api/v1/workday": { kind: "exempt", reason: "the caller's own working day" },
  "GET /api/v1/workday/team": { kind: "listing" },
  "GET /api/v1/workday/report": {
    kind: "listing",
    url: (world) => `/api/v1/workday/report?from=${world.today}&to=${world.today}`,
  },

  // Chat and notifications
  "GET /api/v1/chats": { kind: "listing", readers: chatReaders },
  "GET /api/v1/chats/{id}": { kind: "record", readers: chatReaders },
  "GET /api/v1/chats/{id}/messages": { kind: "record", readers: chatReaders },
  "GET /api/v1/chats/{id}/files/{fileId}": { kind: "record", readers: chatReaders },
  "PATCH /api/v1/chats/{id}": { kind: "record", body: () => ({ title: "Переименован" }) },
  "POST /api/v1/chats/{id}/messages": { kind: "record", body: () => ({ body: "Чужое сообщение" }) },
  "POST /api/v1/chats/{id}/files": {
    kind: "record",
    body: () => multipartBody({ body: "файл" }, textFile("чужой.txt")),
  },
  "POST /api/v1/chats/{id}/members": { kind: "record", body: (world) => ({ userIds: [world.fixture.regionHead.id] }) },
  "DELETE /api/v1/chats/{id}/members/{userId}": { kind: "record" },
  "POST /api/v1/chats/{id}/read": { kind: "record", body: () => ({ seq: 0 }) },
  "PATCH /api/v1/chat-messages/{id}": { kind: "record", body: () => ({ body: "Исправлено" }) },
  "DELETE /api/v1/chat-messages/{id}": { kind: "record" },
  "POST /api/v1/chat-messages/{id}/reactions": { kind: "record", body: () => ({ emoji: "👍" }) },
  "GET /api/v1/chat/search": {
    kind: "listing",
    url: () => `/api/v1/chat/search?q=${encodeURIComponent(marker)}`,
    readers: chatReaders,
  },
  "GET /api/v1/realtime/sync": { kind: "listing", url: () => "/api/v1/realtime/sync?since=0" },
  "POST /api/v1/chats": {
    kind: "exempt",
    reason: "creates the caller's own group chat with people from the directory",
  },
  "POST /api/v1/chats/direct": { kind: "exempt", reason: "a direct chat with anyone in the directory" },
  "POST /api/v1/chats/record": {
    kind: "reference",
    cases: [
      {
        body: (world) => ({ entityType: "deal", entityId: world.ids.deal }),
        missing: () => ({ entityType: "deal", entityId: missingId }),
      },
    ],
  },
  "GET /api/v1/notifications": { kind: "listing", readers: ["managerA1"] },
  "POST /api/v1/notifications/read": {
    kind: "reference",
    cases: [
      {
        body: (world) => ({ ids: [world.ids.notification] }),
        missing: () => ({ ids: [missingId] }),
      },
    ],
  },
  "POST /api/v1/notifications/messages": { kind: "exempt", reason: "«Написать»: a message to anyone in the directory" },
  "GET /api/v1/realtime": { kind: "exempt", reason: "the WebSocket; its pushes are scoped in realtime and chat tests" },

  // Groups: a closed group of A1 and their head; the hierarchy gives nobody else a look inside.
  "GET /api/v1/groups": {
    kind: "listing",
    url: () => `/api/v1/groups?q=${encodeURIComponent(marker)}`,
    readers: groupReaders,
  },
  "POST /api/v1/groups": { kind: "exempt", reason: "creates the caller's own group with people from the directory" },
  "GET /api/v1/groups/{id}": { kind: "record", readers: groupReaders },
  "PATCH /api/v1/groups/{id}": {
    kind: "record",
    body: async (world) => ({
      version: await world.version(`/api/v1/groups/${world.ids.group}`),
      description: "Изменено",
    }),
  },
  "POST /api/v1/groups/{id}/archive": { kind: "record", phase: 1 },
  "POST /api/v1/groups/{id}/restore": { kind: "record", phase: 2 },
  "POST /api/v1/groups/{id}/join": {
    kind: "record",
    actor: null,
    noActorBecause: "a closed group is joined by invitation; joining an open one is in the groups tests",
  },
  "POST /api/v1/groups/{id}/members": { kind: "record", body: (world) => ({ userId: world.fixture.regionHead.id }) },
  "PATCH /api/v1/groups/{id}/members/{userId}": { kind: "record", body: () => ({ role: "moderator" }) },
  "DELETE /api/v1/groups/{id}/members/{userId}": { kind: "record" },

  // Workflows
  "GET /api/v1/workflow-instances": { kind: "listing", readers: ["managerA1", "headA", "regionHead", "admin"] },
  "GET /api/v1/workflow-instances/counts": {
    kind: "record",
    url: (world) => `/api/v1/workflow-instances/counts?userId=${world.fixture.managerA1.id}`,
    readers: ["managerA1", "headA", "regionHead", "admin"],
  },
  "GET /api/v1/workflow-instances/{id}": { kind: "record", readers: ["managerA1", "headA", "regionHead", "admin"] },
  "POST /api/v1/workflow-instances/{id}/cancel": { kind: "record", phase: 1 },
  "POST /api/v1/workflow-instances": {
    kind: "reference",
    cases: [
      {
        body: (world) => ({ templateId: world.ids.template, entityId: world.ids.deal }),
        missing: (world) => ({ templateId: world.ids.template, entityId: missingId }),
      },
    ],
  },
  "GET /api/v1/workflow-approvals": { kind: "listing", readers: ["headA"] },
  "POST /api/v1/workflow-approvals/{id}/decision": {
    kind: "record",
    body: () => ({ decision: "approved" }),
    actor: "headA",
  },
  "GET /api/v1/workflow-templates": { kind: "listing" },
  "GET /api/v1/workflow-templates/{id}": { kind: "admin" },
  "POST /api/v1/workflow-templates": { kind: "admin" },
  "PATCH /api/v1/workflow-templates/{id}": { kind: "admin" },
  "DELETE /api/v1/workflow-templates/{id}": { kind: "admin" },

  // The directory: users, units, company settings
  "GET /api/v1/users": { kind: "listing" },
  "GET /api/v1/users/{id}": { kind: "listing" },
  "GET /api/v1/users/{id}/photo": { kind: "exempt", reason: "employees' photos are part of the directory" },
  "POST /api/v1/users": {
    kind: "directory",
    refusals: [403, 422],
    body: (world) => ({
      login: "intruder",
      password: "long-password-1",
      name: "Чужой",
      role: "manager",
      unitId: world.fixture.departmentA,
    }),
  },
  "PATCH /api/v1/users/{id}": {
    kind: "directory",
    body: () => ({ version: 1, position: "Изменено" }),
  },
  "PUT /api/v1/users/{id}/photo": { kind: "directory", body: () => ({ raw: onePixelPng, contentType: "image/png" }) },
  "DELETE /api/v1/users/{id}/photo": { kind: "directory" },
  "GET /api/v1/units": { kind: "listing" },
  "GET /api/v1/units/{id}": { kind: "listing" },
  "POST /api/v1/units": { kind: "admin" },
  "PATCH /api/v1/units/{id}": { kind: "admin" },
  "DELETE /api/v1/units/{id}": { kind: "admin" },
  "GET /api/v1/settings": { kind: "listing" },
  "PATCH /api/v1/settings": { kind: "admin" },
  "GET /api/v1/calendar": { kind: "listing", url: (world) => `/api/v1/calendar?year=${world.today.slice(0, 4)}` },
  "PUT /api/v1/calendar/days/{date}": { kind: "admin", url: () => "/api/v1/calendar/days/2030-01-02" },
  "GET /api/v1/pipelines": { kind: "listing" },
  "GET /api/v1/pipelines/{id}": { kind: "exempt", reason: "pipelines are company configuration every employee reads" },
  "POST /api/v1/pipelines": { kind: "admin" },
  "PATCH /api/v1/pipelines/{id}": { kind: "admin" },
  "DELETE /api/v1/pipelines/{id}": { kind: "admin" },
  "GET /api/v1/activity-types": { kind: "listing" },
  "POST /api/v1/activity-types": { kind: "admin" },
  "PATCH /api/v1/activity-types/{id}": { kind: "admin" },
  "DELETE /api/v1/activity-types/{id}": { kind: "admin" },
  "GET /api/v1/access": { kind: "admin" },
  "PUT /api/v1/access": { kind: "admin" },
  "DELETE /api/v1/access": { kind: "admin" },
  "GET /api/v1/api-tokens": { kind: "admin" },
  "POST /api/v1/api-tokens": { kind: "admin" },
  "DELETE /api/v1/api-tokens/{id}": { kind: "admin" },
  "GET /api/v1/mail/smtp": { kind: "admin" },
  "PUT /api/v1/mail/smtp": { kind: "admin" },
  "DELETE /api/v1/mail/smtp": { kind: "admin" },
  "GET /api/v1/mail/outbox": { kind: "admin" },
  "GET /api/v1/backup": { kind: "admin" },

  // The session itself
  "GET /api/v1/health": { kind: "exempt", reason: "public liveness check" },
  "GET /api/v1/setup": { kind: "exempt", reason: "public: whether first-run setup is needed" },
  "POST /api/v1/setup": { kind: "exempt", reason: "first-run setup; refused once a company exists (setup tests)" },
  "POST /api/v1/auth/login": { kind: "exempt", reason: "logging in" },
  "POST /api/v1/auth/logout": { kind: "exempt", reason: "ends the caller's own session" },
  "GET /api/v1/me": { kind: "listing" },
  "PATCH /api/v1/me": { kind: "exempt", reason: "the caller's own profile" },
};

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
    groups: ids.group!,
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
    fileId: path.startsWith("/api/v1/chats") ? ids.chatFile! : ids.taskFile!,
    userId: memberOfSomething ? fixture.headA.id : fixture.managerA1.id,
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
