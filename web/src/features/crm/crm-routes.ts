import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";
import { crmListSearchValidator } from "./crm-search";

export interface CrmCardSearch {
  tab?: "history";
}

function validateCardSearch(search: Record<string, unknown>): CrmCardSearch {
  return search.tab === "history" ? { tab: "history" } : {};
}

const dealsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/deals",
  validateSearch: crmListSearchValidator("deals"),
  component: lazyRouteComponent(() => import("./deals-page"), "DealsPage"),
});

const dealRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/deals/$dealId",
  validateSearch: validateCardSearch,
  component: lazyRouteComponent(() => import("./deal-card-page"), "DealCardPage"),
});

const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/companies",
  validateSearch: crmListSearchValidator("companies"),
  component: lazyRouteComponent(() => import("./companies-page"), "CompaniesPage"),
});

const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/companies/$companyId",
  validateSearch: validateCardSearch,
  component: lazyRouteComponent(() => import("./company-card-page"), "CompanyCardPage"),
});

const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/contacts",
  validateSearch: crmListSearchValidator("contacts"),
  component: lazyRouteComponent(() => import("./contacts-page"), "ContactsPage"),
});

const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/contacts/$contactId",
  validateSearch: validateCardSearch,
  component: lazyRouteComponent(() => import("./contact-card-page"), "ContactCardPage"),
});

const leadsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/leads",
  validateSearch: crmListSearchValidator("leads"),
  component: lazyRouteComponent(() => import("./leads-page"), "LeadsPage"),
});

const leadRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/crm/leads/$leadId",
  validateSearch: validateCardSearch,
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
