import { activityBody, type Coverage, crmReaders, exportUrl, figureReaders, missingId, naming } from "./coverage-kit";
import { marker, multipartBody, type World } from "./world";

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

/** CRM records, their exports and imports, plans and the cabinets' figures. */
export const crmCoverage: Record<string, Coverage | readonly Coverage[]> = {
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
  // The deal card's 1C block: the world links A1's deal to a 1C order.
  "GET /api/v1/deals/{id}/one-c": { kind: "record", readers: crmReaders },
  "GET /api/v1/deals/{id}/mail-files": { kind: "record", readers: crmReaders },
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
  "GET /api/v1/cabinet/units/{id}/activity": {
    kind: "record",
    readers: ["headA", "regionHead", "top", "admin"],
  },
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
};
