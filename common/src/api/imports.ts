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

/**
 * Why a row was not imported, as a stable code the web app translates; `field` is the import field
 * the problem is in (a key of `importFields`, or `login`/`month`/`amount` of a plan file), `params`
 * the values the text names. `message` is the same in English for API users.
 */
export const importRowErrorCodes = [
  "required",
  "tooLong",
  "tooMany",
  "invalidBin",
  "invalidPhone",
  "invalidEmail",
  "notAnAmount",
  "notADate",
  "notAMonth",
  "unknownOwner",
  "unknownEmployee",
  "externalIdTaken",
  "binTaken",
  "unknownCompany",
  "unknownContact",
  "unknownStage",
  "closedAtOnOpen",
  "invalid",
  "stopped",
] as const;
export type ImportRowErrorCode = (typeof importRowErrorCodes)[number];

export const importRowErrorSchema = z.object({
  row: z.number().int(),
  field: z.string().nullable(),
  code: z.enum(importRowErrorCodes),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

/** Why a file or a mapping was refused (the `code` of the 422 problem's entry). */
export const importProblemCodes = [
  "fileRequired",
  "fileType",
  "fileTooLarge",
  "unreadable",
  "unsafeArchive",
  "noSheet",
  "noHeader",
  "tooManyRows",
  "tooManyColumns",
  "cellTooLong",
  "nulByte",
  "planColumns",
  "entity",
  "mappingColumn",
  "mappingField",
  "mappingTaken",
  "mappingRequired",
] as const;
export type ImportProblemCode = (typeof importProblemCodes)[number];

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
  errors: z.array(importRowErrorSchema),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

/** Which field each column of the file fills (column header → field key); unmapped columns are skipped. */
export const importStartSchema = z.strictObject({
  mapping: z.record(z.string().max(200), z.string().max(50).nullable()),
});
