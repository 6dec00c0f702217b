/** Routes of the CRM area (companies, contacts, leads, deals), hung on `appRoute` from route-base. */
export const crmRoutes = [] as const;
