import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";
import { crmCardSearchSchema, crmListSearchSchemas } from "./crm-search";

export type { CrmCardSearch } from "./crm-search";

const dealsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/deals",
  validateSearch: crmListSearchSchemas.deals,
  component: lazyRouteComponent(() => import("./deals-page"), "DealsPage"),
});

const dealRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/deals/$dealId",
  validateSearch: crmCardSearchSchema,
  component: lazyRouteComponent(() => import("./deal-card-page"), "DealCardPage"),
});

const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/companies",
  validateSearch: crmListSearchSchemas.companies,
  component: lazyRouteComponent(() => import("./companies-page"), "CompaniesPage"),
});

const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/companies/$companyId",
  validateSearch: crmCardSearchSchema,
  component: lazyRouteComponent(() => import("./company-card-page"), "CompanyCardPage"),
});

const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/contacts",
  validateSearch: crmListSearchSchemas.contacts,
  component: lazyRouteComponent(() => import("./contacts-page"), "ContactsPage"),
});

const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/contacts/$contactId",
  validateSearch: crmCardSearchSchema,
  component: lazyRouteComponent(() => import("./contact-card-page"), "ContactCardPage"),
});

const leadsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/leads",
  validateSearch: crmListSearchSchemas.leads,
  component: lazyRouteComponent(() => import("./leads-page"), "LeadsPage"),
});

const leadRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/leads/$leadId",
  validateSearch: crmCardSearchSchema,
  component: lazyRouteComponent(() => import("./lead-card-page"), "LeadCardPage"),
});

/** Routes of the CRM area (companies, contacts, leads, deals), hung on `appRoute` from route-base. */
export const crmRoutes = [
  dealsRoute,
  dealRoute,
  companiesRoute,
  companyRoute,
  contactsRoute,
  contactRoute,
  leadsRoute,
  leadRoute,
] as const;
