import { roleSchema, userListQuerySchema } from "@planerka/common";
import { z } from "zod";
import { optionalPage, optionalParam, optionalText } from "../../lib/search-params";

export const activeFilters = ["true", "false", "all"] as const;
export type ActiveFilter = (typeof activeFilters)[number];

export const usersSearchSchema = z.object({
  q: optionalText,
  unitId: optionalText,
  role: optionalParam(roleSchema),
  /** Absent means active people only (`true`, the default, is not written). */
  active: optionalParam(z.enum(activeFilters).exclude(["true"])),
  /** The sorts the API offers (`name`, `-createdAt`…); absent means by name. */
  sort: optionalParam(userListQuerySchema.shape.sort.unwrap()),
  page: optionalPage,
  /** The person open in the drawer. */
  user: optionalText,
});
export type UsersSearch = z.output<typeof usersSearchSchema>;

export const unitsSearchSchema = z.object({ unit: optionalText });
export type UnitsSearch = z.output<typeof unitsSearchSchema>;
