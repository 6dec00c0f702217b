import { z } from "zod";
import { idSchema } from "./shared";

export const importEntities = ["companies", "contacts", "deals"] as const;
export const importEntitySchema = z.enum(importEntities);
export type ImportEntity = z.infer<typeof importEntitySchema>;

/** The fields a column of the file can fill; `externalId` makes a second run update, not duplicate. */
export const importFields: Record<ImportEntity, { key: string; required: boolean }[]> = {
  companies: [
    { key: "externalId", required: false },
    { key: "name", required: true },
    { key: "bin", required: false },
    { key: "phones", required: false },
    { key: "emails", required: false },
    { key: "address", required: false },
    { key: "city", required: false },
    { key: "industry", required: false },
    { key: "ownerLogin", required: false },
  ],
  contacts: [
    { key: "externalId", required: false },
    { key: "name", required: true },
    { key: "position", required: false },
    { key: "phones", required: false },
    { key: "emails", required: false },
    { key: "companyExternalId", required: false },
    { key: "ownerLogin", required: false },
  ],
  deals: [
    { key: "externalId", required: false },
    { key: "title", required: true },
    { key: "amount", required: false },
    { key: "stage", required: false },
    { key: "companyExternalId", required: false },
    { key: "contactExternalId", required: false },
    { key: "expectedCloseDate", required: false },
    { key: "closedAt", required: false },
    { key: "source", required: false },
    { key: "ownerLogin", required: false },
  ],
};

export const importStatuses = ["uploaded", "running", "done", "failed"] as const;

export const importJobSchema = z.object({
  id: idSchema,
  entity: importEntitySchema,
  fileName: z.string(),
  status: z.enum(importStatuses),
  columns: z.array(z.string()),
  sampleRows: z.array(z.array(z.string())),
  suggestedMapping: z.record(z.string(), z.string().nullable()),
  total: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

/** Which field each column of the file fills (column header → field key); unmapped columns are skipped. */
export const importStartSchema = z.strictObject({
  mapping: z.record(z.string().max(200), z.string().max(50).nullable()),
});
