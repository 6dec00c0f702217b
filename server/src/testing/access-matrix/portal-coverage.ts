import {
  type Coverage,
  chatReaders,
  crmReaders,
  eventReaders,
  groupReaders,
  missingId,
  naming,
  taskReaders,
} from "./coverage-kit";
import { marker, multipartBody, onePixelPng, textFile, type World } from "./world";

/** A meeting as an outsider would write it, an hour from the world's now. */
const meetingBody = (world: World) => ({
  title: "Чужая встреча",
  startsAt: world.now,
  endsAt: new Date(Date.parse(world.now) + 3_600_000).toISOString(),
});

/** The portal: tasks and time, chat and notifications, groups, workflows, the directory and the session. */
export const portalCoverage: Record<string, Coverage | readonly Coverage[]> = {
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

  // The calendar: A1's meeting on their deal, their head invited. Busy time shows outsiders when, never what.
  "POST /api/v1/events": {
    kind: "reference",
    cases: [
      naming(meetingBody, "dealId", (world) => world.ids.deal),
      naming(meetingBody, "companyId", (world) => world.ids.company),
      naming(meetingBody, "contactId", (world) => world.ids.contact),
      {
        body: (world) => ({ ...meetingBody(world), contactIds: [world.ids.contact] }),
        missing: (world) => ({ ...meetingBody(world), contactIds: [missingId] }),
      },
      naming(
        (world) => ({ ...meetingBody(world), calendar: "group" }),
        "groupId",
        (world) => world.ids.group,
      ),
    ],
  },
  "GET /api/v1/events/{id}": { kind: "record", readers: eventReaders },
  "PATCH /api/v1/events/{id}": {
    kind: "record",
    body: async (world) => ({ version: await world.version(`/api/v1/events/${world.ids.event}`), title: "Изменено" }),
  },
  "DELETE /api/v1/events/{id}": { kind: "record" },
  "POST /api/v1/events/{id}/occurrences": {
    kind: "record",
    body: async (world) => ({
      occurrenceStart: new Date().toISOString(),
      version: await world.version(`/api/v1/events/${world.ids.event}`),
    }),
    actor: null,
    noActorBecause:
      "the world's meeting does not repeat; detaching an occurrence is proven in event-occurrence.test.ts",
  },
  "PUT /api/v1/events/{id}/reminders": { kind: "record", body: () => ({ minutes: [15] }), actor: "headA" },
  "POST /api/v1/events/{id}/response": { kind: "record", body: () => ({ response: "accepted" }), actor: "headA" },
  "GET /api/v1/calendar/entries": [
    {
      kind: "listing",
      url: (world) =>
        `/api/v1/calendar/entries?from=${world.today}&to=${world.today}&userIds=${world.fixture.managerA1.id}`,
      readers: eventReaders,
    },
    { kind: "listing", url: (world) => `/api/v1/calendar/entries?from=${world.today}&to=${world.today}` },
  ],
  "GET /api/v1/calendar/busy": {
    kind: "listing",
    url: (world) => `/api/v1/calendar/busy?userIds=${world.fixture.managerA1.id}&from=${world.today}&to=${world.today}`,
  },

  // Calendars outside the portal: each is the caller's own; a phone's CalDAV paths (not in the API
  // document) answer 404 to anyone else, in caldav.test.ts.
  "GET /api/v1/me/app-passwords": { kind: "exempt", reason: "the caller's own app passwords (no secret listed)" },
  "POST /api/v1/me/app-passwords": { kind: "exempt", reason: "a password for the caller's own phone" },
  "DELETE /api/v1/me/app-passwords/{id}": {
    kind: "exempt",
    reason: "only one's own: another person's is 404, in calendar-sync.test.ts",
  },
  "GET /api/v1/me/calendar-feed": { kind: "exempt", reason: "whether the caller's own subscription exists" },
  "POST /api/v1/me/calendar-feed": { kind: "exempt", reason: "the caller's own subscription address" },
  "DELETE /api/v1/me/calendar-feed": { kind: "exempt", reason: "revokes the caller's own subscription" },
  "GET /api/v1/calendar/feeds/{file}": {
    kind: "exempt",
    reason: "the secret token opens only its owner's own events (others' private ones never), in calendar-sync.test.ts",
  },
  "POST /api/v1/calendar/import": { kind: "exempt", reason: "an .ics file into the caller's own calendar" },

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
  // «Отправить снова»: the letter's author (A1) or an administrator; A1's colleagues and heads get 404.
  "POST /api/v1/mail/messages/{id}/resend": { kind: "record" },
  // The file A1's letter carries: whoever sees the letter's deal downloads it.
  "GET /api/v1/mail/messages/{id}/attachments/{fileId}": {
    kind: "record",
    url: (world) => `/api/v1/mail/messages/${world.ids.letter}/attachments/${world.ids.letterFile}`,
    readers: crmReaders,
  },
  // Mailboxes (incoming mail): a personal one is its owner's alone — colleagues, heads and admins get 404.
  "GET /api/v1/mailboxes": { kind: "listing", readers: ["managerA1"] },
  "POST /api/v1/mailboxes": {
    kind: "exempt",
    reason: "creates the caller's own mailbox; the company's is refused to non-admins with 403 (mail-inbox.test.ts)",
  },
  "PATCH /api/v1/mailboxes/{id}": { kind: "record", body: () => ({ name: "Почта" }) },
  "POST /api/v1/mailboxes/{id}/check": { kind: "record" },
  "DELETE /api/v1/mailboxes/{id}": { kind: "record", phase: 1 },
  // A letter imported onto A1's deal: its file and «Ответить» for whoever sees the deal.
  "GET /api/v1/mail/inbound/{id}/attachments/{attachmentId}": { kind: "record", readers: crmReaders },
  "POST /api/v1/mail/inbound/{id}/reply": { kind: "record", body: () => ({ text: "Ответ" }) },
  "POST /api/v1/mail/files": {
    kind: "exempt",
    reason: "an upload of the caller's own; only its uploader may name it in a letter (mail-attachment.test.ts)",
  },
  "GET /api/v1/mail/templates": { kind: "exempt", reason: "company letter templates every employee reads" },
  "POST /api/v1/mail/templates": {
    kind: "exempt",
    reason: "company configuration for heads, tops and admins; managers get 403 (mail-template.test.ts)",
  },
  "PATCH /api/v1/mail/templates/{id}": {
    kind: "exempt",
    reason: "company configuration for heads, tops and admins; managers get 403 (mail-template.test.ts)",
  },
  "DELETE /api/v1/mail/templates/{id}": {
    kind: "exempt",
    reason: "company configuration for heads, tops and admins; managers get 403 (mail-template.test.ts)",
  },
  // A template filled with A1's record: outsiders get what naming no record gets.
  "POST /api/v1/mail/templates/{id}/render": {
    kind: "reference",
    url: (world) => `/api/v1/mail/templates/${world.ids.mailTemplate}/render`,
    cases: (["dealId", "contactId", "companyId"] as const).map((field) =>
      naming(
        () => ({}),
        field,
        (world) => world.ids[field.replace("Id", "")],
      ),
    ),
  },
  "POST /api/v1/settings/smtp/check": { kind: "admin" },
  "GET /api/v1/backup": { kind: "admin" },

  // The 1C exchange
  "GET /api/v1/integrations/1c/exchange": {
    kind: "exempt",
    reason:
      "1C's CommerceML protocol with an administrator's Basic credentials (one-c-exchange.test.ts refuses others)",
  },
  "POST /api/v1/integrations/1c/exchange": {
    kind: "exempt",
    reason:
      "1C's CommerceML protocol with an administrator's Basic credentials (one-c-exchange.test.ts refuses others)",
  },
  "POST /api/v1/integrations/1c/upsert": { kind: "admin" },
  "GET /api/v1/settings/telephony": { kind: "admin" },
  "PUT /api/v1/settings/telephony": { kind: "admin" },
  "POST /api/v1/settings/telephony/test": { kind: "admin" },
  "GET /api/v1/telephony/click-to-call": {
    kind: "exempt",
    reason: "the caller's own extension and nobody else's (click-to-call.test.ts)",
  },
  "POST /api/v1/telephony/calls": {
    kind: "exempt",
    reason: "rings the caller's own extension for a number; names no record (click-to-call.test.ts)",
  },
  "GET /api/v1/settings/webhooks": { kind: "admin" },
  "POST /api/v1/settings/webhooks": { kind: "admin" },
  "PATCH /api/v1/settings/webhooks/{id}": { kind: "admin" },
  "DELETE /api/v1/settings/webhooks/{id}": { kind: "admin" },
  "POST /api/v1/settings/webhooks/{id}/rotate-secret": { kind: "admin" },
  "POST /api/v1/settings/webhooks/{id}/test": { kind: "admin" },
  "GET /api/v1/settings/webhooks/{id}/deliveries": { kind: "admin" },
  "POST /api/v1/settings/webhooks/{id}/deliveries/{deliveryId}/retry": { kind: "admin" },
  "GET /api/v1/settings/webhooks-allowed-hosts": { kind: "admin" },
  "PUT /api/v1/settings/webhooks-allowed-hosts": { kind: "admin" },
  "POST /api/v1/integrations/telephony/events": {
    kind: "exempt",
    reason: "the PBX's webhook: its HMAC signature is the credential (telephony.test.ts refuses unsigned and stale)",
  },
  "GET /api/v1/integrations/1c/status": { kind: "listing" },
  "PATCH /api/v1/integrations/1c/settings": { kind: "admin" },
  "GET /api/v1/integrations/1c/sessions": { kind: "admin" },
  "GET /api/v1/integrations/1c/sessions/{id}/rejections": { kind: "admin" },
  "POST /api/v1/integrations/1c/sessions/{id}/rerun": { kind: "admin" },
  "GET /api/v1/integrations/1c/managers": { kind: "admin" },
  "PUT /api/v1/integrations/1c/managers": { kind: "admin" },
  "DELETE /api/v1/integrations/1c/managers": { kind: "admin", url: () => "/api/v1/integrations/1c/managers?name=x" },
  "GET /api/v1/integrations/1c/unassigned": {
    kind: "exempt",
    reason: "1C orders nobody owns yet, for heads, tops and admins (one-c-upsert.test.ts: a manager gets 403)",
  },
  "POST /api/v1/integrations/1c/unassigned/{guid}/assign": {
    kind: "exempt",
    reason: "an order nobody owns; the new owner is checked like any reassignment (one-c-upsert.test.ts)",
  },

  // Bonuses and the reconciliation with 1C (bonus-sheet.test.ts and bonus-access.test.ts check figures and rules)
  "GET /api/v1/bonus-schemes": {
    kind: "exempt",
    reason: "the company's pay rules, nobody's records: admins, tops and the top unit's head (bonus-access.test.ts)",
  },
  "POST /api/v1/bonus-schemes": { kind: "exempt", reason: "the company's pay rules (bonus-access.test.ts)" },
  "GET /api/v1/bonus-schemes/{id}": { kind: "exempt", reason: "the company's pay rules (bonus-access.test.ts)" },
  "PATCH /api/v1/bonus-schemes/{id}": { kind: "exempt", reason: "the company's pay rules (bonus-access.test.ts)" },
  "DELETE /api/v1/bonus-schemes/{id}": { kind: "exempt", reason: "the company's pay rules (bonus-access.test.ts)" },
  "GET /api/v1/bonuses": [
    { kind: "listing", url: (world) => `/api/v1/bonuses?period=${world.month}` },
    {
      kind: "record",
      url: (world) => `/api/v1/bonuses?period=${world.month}&unitId=${world.fixture.departmentA}`,
      readers: ["headA", "regionHead", "top", "admin"],
    },
    {
      kind: "record",
      url: (world) => `/api/v1/bonuses?period=${world.month}&userId=${world.fixture.managerA1.id}`,
      readers: ["managerA1", "headA", "regionHead", "top", "admin"],
    },
  ],
  "GET /api/v1/bonuses/export.xlsx": [
    { kind: "listing", url: (world) => `/api/v1/bonuses/export.xlsx?period=${world.month}` },
    {
      kind: "record",
      url: (world) => `/api/v1/bonuses/export.xlsx?period=${world.month}&unitId=${world.fixture.departmentA}`,
      readers: ["headA", "regionHead", "top", "admin"],
    },
  ],
  "GET /api/v1/bonus-sheets": [
    { kind: "listing", url: (world) => `/api/v1/bonus-sheets?period=${world.month}` },
    {
      kind: "record",
      url: (world) => `/api/v1/bonus-sheets?period=${world.month}&unitId=${world.fixture.departmentA}`,
      readers: ["headA", "regionHead", "top", "admin"],
    },
  ],
  "POST /api/v1/bonus-sheets": {
    kind: "exempt",
    reason: "heads of the unit and tops approve; others get 403 or 404 (bonus-sheet.test.ts «only the unit's heads»)",
  },
  "GET /api/v1/reconciliation": [
    { kind: "listing", url: (world) => `/api/v1/reconciliation?period=${world.month}&includeAccepted=true` },
    {
      kind: "record",
      url: (world) => `/api/v1/reconciliation?period=${world.month}&unitId=${world.fixture.departmentA}`,
      readers: ["headA", "regionHead", "top", "admin"],
    },
  ],
  "POST /api/v1/reconciliation/accept": {
    kind: "exempt",
    reason: "accepts a line the caller sees; another's line is 404 and nothing is stored (bonus-access.test.ts)",
  },

  // The session itself
  "GET /api/v1/health": { kind: "exempt", reason: "public liveness check" },
  "GET /api/v1/setup": { kind: "exempt", reason: "public: whether first-run setup is needed" },
  "POST /api/v1/setup": { kind: "exempt", reason: "first-run setup; refused once a company exists (setup tests)" },
  "POST /api/v1/auth/login": { kind: "exempt", reason: "logging in" },
  "POST /api/v1/auth/logout": { kind: "exempt", reason: "ends the caller's own session" },
  "GET /api/v1/me": { kind: "listing" },
  "PATCH /api/v1/me": { kind: "exempt", reason: "the caller's own profile" },
};
