import { z } from "zod";
import { optionalId, optionalParam, optionalText } from "../../lib/search-params";

/** What the drive page shows: a folder (the personal root by default), the trash, or search hits. */
export const driveSearchSchema = z.object({
  folder: optionalId,
  view: optionalParam(z.enum(["trash"])),
  q: optionalText,
  sort: optionalParam(z.enum(["updatedAt", "size"])),
  dir: optionalParam(z.enum(["desc"])),
});
export type DriveSearch = z.output<typeof driveSearchSchema>;
