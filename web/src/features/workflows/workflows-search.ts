import { linkableEntitySchema } from "@planerka/common";
import { z } from "zod";
import { optionalId, optionalPage, optionalParam } from "../../lib/search-params";

export const instanceShows = ["running", "stalled", "finished", "all"] as const;
export type InstanceShow = (typeof instanceShows)[number];

export const workflowsSearchSchema = z.object({
  tab: optionalParam(z.literal("approvals")),
  /** Absent means running. */
  show: optionalParam(z.enum(instanceShows).exclude(["running"])),
  templateId: optionalId,
  entity: optionalParam(linkableEntitySchema),
  /** Instances on this employee's records (the cabinets link here). */
  userId: optionalId,
  page: optionalPage,
  /** The instance open in the drawer. */
  instance: optionalId,
});
export type WorkflowsSearch = z.output<typeof workflowsSearchSchema>;
