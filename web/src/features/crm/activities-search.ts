import { optionalNumber, optionalString } from "../../lib/route-base";

export const activityTabs = ["overdue", "today", "upcoming", "completed"] as const;
export type ActivityTab = (typeof activityTabs)[number];

export interface ActivitiesSearch {
  tab?: ActivityTab;
  q?: string;
  /** Comma-separated activity type ids. */
  type?: string;
  /** An employee's id, or "all" for everyone the caller may see; absent means me. */
  owner?: string;
  page?: number;
}

const idList = /^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36})*$/;
const id = /^[0-9a-fA-F-]{36}$/;

export function validateActivitiesSearch(search: Record<string, unknown>): ActivitiesSearch {
  const tab = optionalString(search.tab);
  const type = optionalString(search.type);
  const owner = optionalString(search.owner);
  const page = optionalNumber(search.page);
  return {
    tab: (activityTabs as readonly string[]).includes(tab ?? "") ? (tab as ActivityTab) : undefined,
    q: optionalString(search.q),
    type: type && idList.test(type) ? type : undefined,
    owner: owner === "all" || (owner && id.test(owner)) ? owner : undefined,
    page: page && page > 1 ? page : undefined,
  };
}

export interface ImportsSearch {
  /** The import job shown in the wizard. */
  job?: string;
}

export function validateImportsSearch(search: Record<string, unknown>): ImportsSearch {
  const job = optionalString(search.job);
  return { job: job && id.test(job) ? job : undefined };
}
