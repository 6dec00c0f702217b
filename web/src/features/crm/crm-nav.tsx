interface CrmNavLinksProps {
  onNavigate: () => void;
}

/** The CRM area's entries in the sidebar. */
export function CrmNavLinks(_props: CrmNavLinksProps) {
  return null;
}
