import { z } from "zod";
import { isoDateSchema } from "../calendar";
import { idSchema } from "./shared";

/** At most this many employees and as many units in one export's selection. */
export const exportSelectionLimit = 500;

/** `?ownerId=a&ownerId=b` arrives as an array, `?ownerId=a` as one value: both become an array. */
const idList = z
  .preprocess(
    (value) => (value === undefined || Array.isArray(value) ? value : [value]),
    z.array(idSchema).max(exportSelectionLimit),
  )
  .optional();

export const exportFormats = ["xlsx", "csv"] as const;
export type ExportFormat = (typeof exportFormats)[number];

/**
 * The deals of a period for chosen employees and units (their whole subtrees); with neither, all the
 * caller may export. The period counts a deal created or closed in it, and an activity due in it.
 */
export const dealExportQuerySchema = z
  .object({
    from: isoDateSchema,
    to: isoDateSchema,
    ownerId: idList,
    unitId: idList,
    format: z.enum(exportFormats).default("xlsx"),
  })
  .refine((query) => query.to >= query.from, { path: ["to"], message: "The period ends before it starts" });
export type DealExportQuery = z.infer<typeof dealExportQuerySchema>;

/** Response header: how many rows the export holds (deals, plus activities in a workbook). */
export const exportRowsHeader = "x-total-count";
