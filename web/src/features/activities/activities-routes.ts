/** Routes of activities («Мои дела»), imports, and CRM settings (under `settingsRoute`). */
export const activityRoutes = [] as const;
export const crmSettingsRoutes = [] as const;
