import { groupListQuerySchema } from "@planerka/common";
import { z } from "zod";
import { optionalPage, optionalParam, optionalText } from "../../lib/search-params";

/** The list's tabs are the API's `membership`: mine, or every group the caller may see. */
const groupListTab = groupListQuerySchema.shape.membership.unwrap();
export const groupListTabs = groupListTab.options;
export type GroupListTab = z.output<typeof groupListTab>;

export const groupsSearchSchema = z.object({
  tab: optionalParam(groupListTab),
  q: optionalText,
  page: optionalPage,
});
export type GroupsSearch = z.output<typeof groupsSearchSchema>;

export const groupPageTabs = ["tasks", "members", "chat", "feed"] as const;
export type GroupPageTab = (typeof groupPageTabs)[number];

export const groupSearchSchema = z.object({ tab: optionalParam(z.enum(groupPageTabs)) });
export type GroupSearch = z.output<typeof groupSearchSchema>;
