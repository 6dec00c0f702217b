import { PathLink } from "./path-link";

interface RecordRef {
  id: string;
  name: string;
}

/** The records an activity is about, each a link: its company (or else its contact), lead and deal. */
export function ActivityRecordLinks({
  activity,
}: {
  activity: {
    company?: RecordRef | null;
    contact?: RecordRef | null;
    lead?: RecordRef | null;
    deal?: RecordRef | null;
  };
}) {
  return (
    <>
      {activity.company && (
        <PathLink href={`/crm/companies/${activity.company.id}`} size="sm">
          {activity.company.name}
        </PathLink>
      )}
      {!activity.company && activity.contact && (
        <PathLink href={`/crm/contacts/${activity.contact.id}`} size="sm">
          {activity.contact.name}
        </PathLink>
      )}
      {activity.lead && (
        <PathLink href={`/crm/leads/${activity.lead.id}`} size="sm">
          {activity.lead.name}
        </PathLink>
      )}
      {activity.deal && (
        <PathLink href={`/crm/deals/${activity.deal.id}`} size="sm">
          {activity.deal.name}
        </PathLink>
      )}
    </>
  );
}
