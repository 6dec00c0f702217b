import { z } from "zod";
import { instantSchema, isoDateSchema } from "../calendar";
import { idSchema, optionalText, pagingQuerySchema, text, timestampsSchema, versionSchema } from "./shared";
import { taskStatuses } from "./tasks";

export const stageSemantics = ["open", "won", "lost"] as const;
export const stageSemanticSchema = z.enum(stageSemantics);
export type StageSemantic = z.infer<typeof stageSemanticSchema>;

export const activityCategories = ["call", "meeting", "demo", "email", "other"] as const;
export const activityCategorySchema = z.enum(activityCategories);
export type ActivityCategory = z.infer<typeof activityCategorySchema>;

export const leadStatuses = ["new", "in_work", "converted", "junk"] as const;
export const leadStatusSchema = z.enum(leadStatuses);

export const activityOrigins = ["manual", "telephony", "email", "1c", "workflow"] as const;

/** Money: a number with at most two decimals, as the API carries it. */
export const moneySchema = z
  .number()
  .min(0)
  .max(1e15)
  .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, "At most two decimals");

export const emailsSchema = z
  .array(
    z
      .email()
      .max(254)
      .transform((value) => value.toLowerCase()),
  )
  .max(20)
  .optional();
export const externalIdSchema = z.string().trim().min(1).max(100).nullable().optional();
const reference = z.object({ id: idSchema, name: z.string() }).nullable();

/**
 * What the caller may do with this one record, decided by the server from the access matrix, the
 * record's owner and the unit tree, so the web never re-derives the rules.
 */
export const recordAbilitiesSchema = z.object({ edit: z.boolean(), delete: z.boolean(), comment: z.boolean() });
export type RecordAbilities = z.infer<typeof recordAbilitiesSchema>;

// Companies --------------------------------------------------------------------------------------
export const companySchema = timestampsSchema.extend({
  name: z.string(),
  bin: z.string().nullable(),
  phones: z.array(z.string()),
  emails: z.array(z.string()),
  address: z.string().nullable(),
  city: z.string().nullable(),
  industry: z.string().nullable(),
  ownerId: idSchema,
  ownerName: z.string(),
  externalId: z.string().nullable(),
  deletedAt: z.string().nullable(),
  abilities: recordAbilitiesSchema,
});
export type Company = z.infer<typeof companySchema>;

// Contacts ---------------------------------------------------------------------------------------
export const contactSchema = timestampsSchema.extend({
  name: z.string(),
  position: z.string().nullable(),
  phones: z.array(z.string()),
  emails: z.array(z.string()),
  companyId: idSchema.nullable(),
  company: reference,
  ownerId: idSchema,
  ownerName: z.string(),
  externalId: z.string().nullable(),
  deletedAt: z.string().nullable(),
  abilities: recordAbilitiesSchema,
});
export type Contact = z.infer<typeof contactSchema>;

// Leads ------------------------------------------------------------------------------------------
export const leadSchema = timestampsSchema.extend({
  title: z.string(),
  source: z.string().nullable(),
  status: leadStatusSchema,
  contactName: z.string().nullable(),
  companyName: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  comment: z.string().nullable(),
  ownerId: idSchema,
  ownerName: z.string(),
  convertedDealId: idSchema.nullable(),
  convertedAt: z.string().nullable(),
  externalId: z.string().nullable(),
  deletedAt: z.string().nullable(),
  abilities: recordAbilitiesSchema,
});
export type Lead = z.infer<typeof leadSchema>;

export const leadConvertResultSchema = z.object({
  dealId: idSchema,
  companyId: idSchema.nullable(),
  contactId: idSchema.nullable(),
});

// Pipelines --------------------------------------------------------------------------------------
export const stageWriteSchema = z.strictObject({
  id: idSchema.optional(),
  name: text(100),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "A colour like #228be6"),
  semantic: stageSemanticSchema,
});
export const pipelineWriteSchema = z.strictObject({
  name: text(200),
  stages: z
    .array(stageWriteSchema)
    .min(2)
    .max(30)
    .refine((items) => items.some((stage) => stage.semantic === "won"), "A pipeline needs a won stage")
    .refine((items) => items.some((stage) => stage.semantic === "lost"), "A pipeline needs a lost stage"),
});
export const pipelinePatchSchema = pipelineWriteSchema.partial().extend({ version: versionSchema });
export const stageSchema = z.object({
  id: idSchema,
  name: z.string(),
  sort: z.number().int(),
  color: z.string(),
  semantic: stageSemanticSchema,
});
export type Stage = z.infer<typeof stageSchema>;
export const pipelineSchema = z.object({
  id: idSchema,
  name: z.string(),
  isDefault: z.boolean(),
  version: z.number().int(),
  stages: z.array(stageSchema),
});
export type Pipeline = z.infer<typeof pipelineSchema>;

// Deals ------------------------------------------------------------------------------------------
export const dealWriteSchema = z.strictObject({
  title: text(300),
  pipelineId: idSchema.optional(),
  stageId: idSchema.optional(),
  amount: moneySchema.default(0),
  ownerId: idSchema.optional(),
  companyId: idSchema.nullable().optional(),
  contactId: idSchema.nullable().optional(),
  expectedCloseDate: isoDateSchema.nullable().optional(),
  closedAt: instantSchema.nullable().optional(),
  source: optionalText(100),
  externalId: externalIdSchema,
});
export const dealPatchSchema = dealWriteSchema
  .omit({ amount: true })
  .partial()
  .extend({ amount: moneySchema.optional(), version: versionSchema });
export const dealSchema = timestampsSchema.extend({
  number: z.number().int(),
  title: z.string(),
  pipelineId: idSchema,
  stageId: idSchema,
  stage: z.object({ id: idSchema, name: z.string(), color: z.string(), semantic: stageSemanticSchema }),
  amount: z.number(),
  ownerId: idSchema,
  ownerName: z.string(),
  companyId: idSchema.nullable(),
  company: reference,
  contactId: idSchema.nullable(),
  contact: reference,
  expectedCloseDate: z.string().nullable(),
  closedAt: z.string().nullable(),
  stageChangedAt: z.string(),
  lastActivityAt: z.string().nullable(),
  source: z.string().nullable(),
  externalId: z.string().nullable(),
  deletedAt: z.string().nullable(),
  abilities: recordAbilitiesSchema,
});
export type Deal = z.infer<typeof dealSchema>;

export const kanbanQuerySchema = z.object({
  pipelineId: idSchema.optional(),
  perStage: z.coerce.number().int().min(1).max(200).default(30),
});
export const kanbanSchema = z.object({
  pipeline: pipelineSchema,
  columns: z.array(
    z.object({ stage: stageSchema, count: z.number().int(), amount: z.number(), items: z.array(dealSchema) }),
  ),
});

// Activity types and activities ---------------------------------------------------------------------
export const activityTypeWriteSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{2,50}$/, "Lower-case letters, digits and _"),
  name: text(200),
  category: activityCategorySchema,
  direction: z.enum(["in", "out"]).nullable().optional(),
  inWeeklyTable: z.boolean().default(false),
  sort: z.number().int().min(0).max(10_000).default(100),
  dailyNorm: z.number().min(0).max(1000).nullable().optional(),
  weight: z.number().min(0).max(100).default(1),
});
// Written out without the create-time defaults: a PATCH changes only the fields it names.
export const activityTypePatchSchema = z.strictObject({
  code: activityTypeWriteSchema.shape.code.optional(),
  name: text(200).optional(),
  category: activityCategorySchema.optional(),
  direction: z.enum(["in", "out"]).nullable().optional(),
  inWeeklyTable: z.boolean().optional(),
  sort: z.number().int().min(0).max(10_000).optional(),
  dailyNorm: z.number().min(0).max(1000).nullable().optional(),
  weight: z.number().min(0).max(100).optional(),
  version: versionSchema,
});
export const activityTypeSchema = z.object({
  id: idSchema,
  code: z.string(),
  name: z.string(),
  category: activityCategorySchema,
  direction: z.enum(["in", "out"]).nullable(),
  inWeeklyTable: z.boolean(),
  sort: z.number().int(),
  dailyNorm: z.number().nullable(),
  weight: z.number(),
  version: z.number().int(),
});
export type ActivityType = z.infer<typeof activityTypeSchema>;

export const activityStates = ["active", "completed", "overdue"] as const;
export const activityWriteSchema = z.strictObject({
  typeId: idSchema,
  subject: text(500),
  description: optionalText(10_000),
  dueAt: instantSchema,
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  ownerId: idSchema.optional(),
  completedAt: instantSchema.nullable().optional(),
  result: optionalText(5000),
  dealId: idSchema.nullable().optional(),
  leadId: idSchema.nullable().optional(),
  companyId: idSchema.nullable().optional(),
  contactId: idSchema.nullable().optional(),
  /**
   * A meeting's participants (employees): the meeting becomes a calendar event with invitations,
   * which then follows the activity's time. Only on creation; later the event's own form invites.
   */
  participantIds: z.array(idSchema).max(50).optional(),
});
export const activityPatchSchema = activityWriteSchema
  .omit({ durationMinutes: true, participantIds: true })
  .partial()
  .extend({
    durationMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .optional(),
    version: versionSchema,
  });
export const activityCompleteSchema = z.strictObject({ result: optionalText(5000), version: versionSchema });
export const activitySchema = timestampsSchema.extend({
  typeId: idSchema,
  type: z.object({ id: idSchema, code: z.string(), name: z.string(), category: activityCategorySchema }),
  subject: z.string(),
  description: z.string().nullable(),
  dueAt: z.string(),
  durationMinutes: z.number().int(),
  ownerId: idSchema,
  ownerName: z.string(),
  createdBy: idSchema.nullable(),
  completedAt: z.string().nullable(),
  result: z.string().nullable(),
  state: z.enum(activityStates),
  origin: z.string(),
  /** A call's recording at the PBX, when the PBX sent one. */
  recordingUrl: z.string().nullable(),
  dealId: idSchema.nullable(),
  deal: z.object({ id: idSchema, name: z.string() }).nullable(),
  leadId: idSchema.nullable(),
  lead: z.object({ id: idSchema, name: z.string() }).nullable(),
  companyId: idSchema.nullable(),
  company: reference,
  contactId: idSchema.nullable(),
  contact: reference,
  deletedAt: z.string().nullable(),
  abilities: recordAbilitiesSchema,
});
export type Activity = z.infer<typeof activitySchema>;

// Cards: timeline, history, comments ---------------------------------------------------------------
export const crmEntities = ["companies", "contacts", "leads", "deals"] as const;
export const timelineItemSchema = z.object({
  id: z.string(),
  kind: z.enum(["activity", "comment", "stage", "created", "file", "email", "call", "1c", "task", "event", "download"]),
  at: z.string(),
  authorId: idSchema.nullable(),
  authorName: z.string().nullable(),
  title: z.string(),
  body: z.string().nullable(),
  activity: activitySchema.nullable(),
  stage: z.object({ from: z.string().nullable(), to: z.string(), color: z.string() }).nullable(),
  /** A letter written from the card: to whom, and whether it left (`outbox` while no SMTP is set up). */
  email: z
    .object({
      to: z.string(),
      from: z.string(),
      /** `received`: a letter imported from a mailbox (its details in `inbound`). */
      state: z.enum(["sent", "failed", "outbox", "received"]),
      error: z.string().nullable(),
      /** The letter's files, downloadable at `/mail/messages/{letter}/attachments/{id}`. */
      attachments: z
        .array(z.object({ id: idSchema, name: z.string(), mimeType: z.string(), size: z.number().int() }))
        .optional(),
    })
    .nullable()
    .optional(),
  /**
   * A letter imported from a mailbox (mail-inbox): «Входящее» (`in`) or one the employee sent from
   * their own mail client (`out`); its files download at `/mail/inbound/{id}/attachments/{attachmentId}`.
   */
  inbound: z
    .object({
      id: idSchema,
      direction: z.enum(["in", "out"]),
      messageId: z.string().nullable(),
      attachments: z.array(
        z.object({ id: idSchema, name: z.string(), mimeType: z.string(), size: z.number().int(), stored: z.boolean() }),
      ),
    })
    .nullable()
    .optional(),
  /** A task linked to the record (only for a caller who may read the task): set, or completed. */
  task: z
    .object({
      id: idSchema,
      event: z.enum(["created", "completed"]),
      status: z.enum(taskStatuses),
      assigneeId: idSchema,
      assigneeName: z.string(),
      deadline: z.string().nullable(),
    })
    .nullable()
    .optional(),
  /**
   * A calendar event linked to the record (only for a caller who may see it in full): when it
   * starts (a recurring one: its first occurrence), who organizes it, where.
   */
  event: z
    .object({
      id: idSchema,
      allDay: z.boolean(),
      /** Timed: instants; all-day: `YYYY-MM-DD` days, the end day included. */
      start: z.string(),
      end: z.string(),
      location: z.string().nullable(),
      recurring: z.boolean(),
      organizerId: idSchema,
      organizerName: z.string(),
    })
    .nullable()
    .optional(),
  /** «Клиент скачал файл … по ссылке»: a download through a drive link given for this record (its author gave the link). */
  download: z.object({ linkId: idSchema, fileId: idSchema.nullable(), fileName: z.string() }).nullable().optional(),
});
export type TimelineItem = z.infer<typeof timelineItemSchema>;
export const timelineQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: instantSchema.optional(),
});
export const historyEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: idSchema.nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  changes: z.array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() })),
  /** `1c`: the change came with an exchange with 1C, under the credentials of `actorName`. */
  via: z.enum(["1c"]).nullable(),
});
export const commentWriteSchema = z.strictObject({ body: text(10_000) });

// Bulk, trash, saved filters, duplicates ------------------------------------------------------------
export const bulkActionSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("reassign"), ids: z.array(idSchema).min(1).max(1000), ownerId: idSchema }),
  z.strictObject({ action: z.literal("delete"), ids: z.array(idSchema).min(1).max(1000) }),
]);
export const bulkResultSchema = z.object({ affected: z.number().int() });
/** Restoring a deleted company whose BIN/IIN a live one holds needs `allowDuplicateBin=true`. */
export const restoreQuerySchema = z.strictObject({ allowDuplicateBin: z.enum(["true", "false"]).optional() });

export const savedFilterWriteSchema = z.strictObject({
  entity: z.enum(["companies", "contacts", "leads", "deals", "activities"]),
  name: text(100),
  params: z.record(z.string().max(50), z.string().max(500)),
});
export const savedFilterSchema = z.object({
  id: idSchema,
  entity: z.string(),
  name: z.string(),
  params: z.record(z.string(), z.string()),
  createdAt: z.string(),
});

export const duplicateQuerySchema = z.object({
  bin: z.string().trim().max(12).optional(),
  phone: z.string().trim().max(32).optional(),
  email: z.string().trim().max(254).optional(),
  name: z.string().trim().max(300).optional(),
  excludeId: idSchema.optional(),
});
export const duplicateMatchSchema = z.object({
  id: idSchema,
  name: z.string(),
  ownerName: z.string(),
  matchedOn: z.array(z.enum(["bin", "phone", "email", "name"])),
});

/** The list query every CRM collection accepts; each resource adds its own filters. */
export const crmListQuerySchema = pagingQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  sort: z.string().max(200).optional(),
  ownerId: z.string().max(2000).optional(),
  unitId: idSchema.optional(),
  createdFrom: isoDateSchema.optional(),
  createdTo: isoDateSchema.optional(),
  deleted: z.enum(["true", "false"]).optional(),
});

const uuidListSchema = z
  .string()
  .max(20_000)
  .regex(/^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36})*$/, "Expected comma-separated ids");
const decimalSchema = z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, "Expected an amount like 150000.50");

export const companyListQuerySchema = crmListQuerySchema.extend({
  ownerId: uuidListSchema.optional(),
  city: z.string().max(100).optional(),
  industry: z.string().max(200).optional(),
});
export const contactListQuerySchema = crmListQuerySchema.extend({
  ownerId: uuidListSchema.optional(),
  companyId: idSchema.optional(),
});
export const leadListQuerySchema = crmListQuerySchema.extend({
  ownerId: uuidListSchema.optional(),
  status: leadStatusSchema.optional(),
  source: z.string().max(100).optional(),
});
export const dealListQuerySchema = crmListQuerySchema.extend({
  ownerId: uuidListSchema.optional(),
  pipelineId: idSchema.optional(),
  stageId: uuidListSchema.optional(),
  semantic: stageSemanticSchema.optional(),
  companyId: idSchema.optional(),
  contactId: idSchema.optional(),
  city: z.string().max(100).optional(),
  amountMin: decimalSchema.optional(),
  amountMax: decimalSchema.optional(),
  closedFrom: isoDateSchema.optional(),
  closedTo: isoDateSchema.optional(),
  expectedFrom: isoDateSchema.optional(),
  expectedTo: isoDateSchema.optional(),
  source: z.string().max(100).optional(),
});
export const activityListQuerySchema = crmListQuerySchema.extend({
  ownerId: uuidListSchema.optional(),
  typeId: uuidListSchema.optional(),
  dealId: idSchema.optional(),
  leadId: idSchema.optional(),
  companyId: idSchema.optional(),
  contactId: idSchema.optional(),
  dueFrom: instantSchema.optional(),
  dueTo: instantSchema.optional(),
  state: z.enum(["active", "completed", "overdue", "open"]).optional(),
});
