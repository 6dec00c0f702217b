interface ActivitiesNavLinksProps {
  onNavigate: () => void;
}

/** «Мои дела» and imports in the sidebar. */
export function ActivitiesNavLinks(_props: ActivitiesNavLinksProps) {
  return null;
}

/** CRM settings entries (pipelines, activity types) inside «Настройки». */
export function CrmSettingsNavLinks(_props: ActivitiesNavLinksProps) {
  return null;
}
