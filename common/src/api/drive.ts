import { z } from "zod";
import { instantSchema } from "../calendar";
import { idSchema, intSchema, queryIntSchema, versionSchema } from "./shared";
import { linkableEntitySchema, personRefSchema } from "./tasks";

/** The drive (issue #20): «Мой диск», groups' drives and the company drive. */
export const driveKinds = ["personal", "group", "company"] as const;
export const driveKindSchema = z.enum(driveKinds);
export type DriveKind = z.infer<typeof driveKindSchema>;

export const driveLevels = ["read", "edit"] as const;
export const driveLevelSchema = z.enum(driveLevels);
export type DriveLevel = z.infer<typeof driveLevelSchema>;

/** Bytes sent in one chunk of a resumable upload (the last may be shorter). */
export const driveChunkBytes = 8 * 1024 * 1024;

/** A name of a file or folder: no slashes, no control characters, not «.» or «..». */
export const driveNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  .refine((name) => !/[\u0000-\u001f\u007f/\\]/.test(name), "A name may not contain / \\ or control characters")
  .refine((name) => name !== "." && name !== "..", "A name may not be . or ..");

export const drivePathItemSchema = z.object({ id: idSchema, name: z.string() });

export const driveFolderAbilitiesSchema = z.object({
  /** Add, rename, move and delete what is inside. */
  edit: z.boolean(),
  /** Grant rights on the folder and give links to it. */
  manage: z.boolean(),
});

export const driveFolderSchema = z.object({
  id: idSchema,
  kind: driveKindSchema,
  name: z.string(),
  parentId: idSchema.nullable(),
  /** From the root down to the folder's parent. */
  path: z.array(drivePathItemSchema),
  groupId: idSchema.nullable(),
  level: driveLevelSchema,
  abilities: driveFolderAbilitiesSchema,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type DriveFolder = z.infer<typeof driveFolderSchema>;

/** How the browser may show a file: a picture, pdf.js, its extracted text, or not at all. */
export const drivePreviewKinds = ["image", "pdf", "text", "none"] as const;
export type DrivePreviewKind = (typeof drivePreviewKinds)[number];

export const driveFileSchema = z.object({
  id: idSchema,
  folderId: idSchema,
  name: z.string(),
  size: z.number().int(),
  mimeType: z.string(),
  versionNumber: z.number().int(),
  preview: z.enum(drivePreviewKinds),
  /** Whether a thumbnail can be asked for (images). */
  hasThumbnail: z.boolean(),
  contentState: z.enum(["pending", "done", "none", "failed"]),
  lockedBy: personRefSchema.nullable(),
  lockedAt: z.string().nullable(),
  createdBy: personRefSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  version: z.number().int(),
  abilities: z.object({ edit: z.boolean() }),
});
export type DriveFile = z.infer<typeof driveFileSchema>;

export const driveRootsSchema = z.object({
  personal: driveFolderSchema,
  company: driveFolderSchema,
  groups: z.array(driveFolderSchema.extend({ groupName: z.string() })),
  /** Folders others granted the caller, outside the roots above. */
  shared: z.array(driveFolderSchema),
  usage: z.object({ userBytes: z.number(), userQuotaBytes: z.number(), maxFileBytes: z.number() }),
});
export type DriveRoots = z.infer<typeof driveRootsSchema>;

export const driveSortSchema = z.enum(["name", "updatedAt", "size"]);

export const driveListQuerySchema = z.object({
  sort: driveSortSchema.default("name"),
  direction: z.enum(["asc", "desc"]).default("asc"),
  limit: queryIntSchema(1, 500).default(200),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().max(500).optional(),
});

export const driveListingSchema = z.object({
  folder: driveFolderSchema,
  /** Sub-folders (all of them, on the first page only). */
  folders: z.array(driveFolderSchema),
  files: z.array(driveFileSchema),
  fileCount: z.number().int(),
  nextCursor: z.string().nullable(),
});
export type DriveListing = z.infer<typeof driveListingSchema>;

export const driveFolderCreateSchema = z.object({ parentId: idSchema, name: driveNameSchema });
export const driveFolderUpdateSchema = z.object({
  name: driveNameSchema.optional(),
  parentId: idSchema.optional(),
  version: versionSchema,
});
export const driveFileUpdateSchema = z.object({
  name: driveNameSchema.optional(),
  folderId: idSchema.optional(),
  version: versionSchema,
});

export const driveVersionSchema = z.object({
  id: idSchema,
  number: z.number().int(),
  size: z.number().int(),
  mimeType: z.string(),
  uploadedBy: personRefSchema.nullable(),
  createdAt: z.string(),
  restoredFrom: z.number().int().nullable(),
  current: z.boolean(),
});
export type DriveVersion = z.infer<typeof driveVersionSchema>;

export const driveUploadCreateSchema = z.object({
  folderId: idSchema,
  name: driveNameSchema,
  size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  mimeType: z.string().max(200).optional(),
});

export const driveUploadSchema = z.object({
  id: idSchema,
  folderId: idSchema,
  name: z.string(),
  size: z.number(),
  /** Bytes stored so far: the next chunk starts here. */
  received: z.number(),
  chunkBytes: z.number().int(),
  /** Set once the last chunk is in: the file (a new one, or a new version of the same name). */
  file: driveFileSchema.nullable(),
});
export type DriveUpload = z.infer<typeof driveUploadSchema>;

export const driveGrantSubjectTypes = ["user", "unit", "group"] as const;
export const driveGrantSchema = z.object({
  subjectType: z.enum(driveGrantSubjectTypes),
  subjectId: idSchema,
  level: driveLevelSchema,
});
export const driveGrantViewSchema = driveGrantSchema.extend({ subjectName: z.string() });
export const driveGrantsSchema = z.object({
  /** Grants on this folder itself. */
  grants: z.array(driveGrantViewSchema),
  /** Grants on folders above it, which apply here too. */
  inherited: z.array(driveGrantViewSchema.extend({ folderId: idSchema, folderName: z.string() })),
});
export const driveGrantsUpdateSchema = z.object({ grants: z.array(driveGrantSchema).max(200) });

export const driveTrashItemSchema = z.object({
  type: z.enum(["file", "folder"]),
  id: idSchema,
  name: z.string(),
  size: z.number().nullable(),
  deletedAt: z.string(),
  deletedBy: personRefSchema.nullable(),
  /** Where it comes back to. */
  path: z.array(drivePathItemSchema),
  purgeAt: z.string(),
});
export const driveTrashSchema = z.object({ items: z.array(driveTrashItemSchema) });

export const driveSearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(200),
  limit: queryIntSchema(1, 100).default(50),
});
export const driveSearchHitSchema = z.object({
  file: driveFileSchema,
  path: z.array(drivePathItemSchema),
  /** A piece of the text around the words found, plain text with «…» where cut. */
  snippet: z.string().nullable(),
});
export const driveSearchSchema = z.object({ items: z.array(driveSearchHitSchema) });

/** Records a drive file can be attached to: the CRM's four and tasks. */
export const driveAttachmentEntitySchema = z.enum(["deal", "lead", "company", "contact", "task"]);
export type DriveAttachmentEntity = z.infer<typeof driveAttachmentEntitySchema>;
export const driveAttachSchema = z.object({
  entityType: driveAttachmentEntitySchema,
  entityId: idSchema,
  fileId: idSchema,
});
export const driveAttachmentsQuerySchema = z.object({ entityType: driveAttachmentEntitySchema, entityId: idSchema });
export const driveAttachmentSchema = z.object({
  file: driveFileSchema,
  attachedBy: personRefSchema.nullable(),
  attachedAt: z.string(),
  /** The caller may take the file off the record (who attached it, or who may change the record). */
  canDetach: z.boolean(),
});
export type DriveAttachment = z.infer<typeof driveAttachmentSchema>;

export const driveShareCreateSchema = z
  .object({
    fileId: idSchema.optional(),
    folderId: idSchema.optional(),
    expiresAt: instantSchema,
    password: z.string().min(4).max(200).optional(),
    downloadLimit: intSchema(1, 100_000).optional(),
    entityType: linkableEntitySchema.optional(),
    entityId: idSchema.optional(),
  })
  .refine((body) => (body.fileId === undefined) !== (body.folderId === undefined), {
    message: "Give either fileId or folderId",
    path: ["fileId"],
  })
  .refine((body) => (body.entityType === undefined) === (body.entityId === undefined), {
    message: "Give entityType and entityId together",
    path: ["entityId"],
  });

export const driveShareLinkSchema = z.object({
  id: idSchema,
  fileId: idSchema.nullable(),
  folderId: idSchema.nullable(),
  targetName: z.string(),
  expiresAt: z.string(),
  hasPassword: z.boolean(),
  downloadLimit: z.number().int().nullable(),
  downloads: z.number().int(),
  entityType: linkableEntitySchema.nullable(),
  entityId: idSchema.nullable(),
  createdBy: personRefSchema,
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  /** The public address; only in the answer that created the link. */
  url: z.string().nullable(),
});
export type DriveShareLink = z.infer<typeof driveShareLinkSchema>;

export const driveSettingsSchema = z.object({
  maxFileBytes: z.number().int().min(1),
  userQuotaBytes: z.number().int().min(1),
  companyQuotaBytes: z.number().int().min(1),
  companyUsedBytes: z.number().int(),
  version: z.number().int(),
});
export const driveSettingsUpdateSchema = z.object({
  maxFileBytes: z.number().int().min(1024).max(Number.MAX_SAFE_INTEGER),
  userQuotaBytes: z.number().int().min(1024).max(Number.MAX_SAFE_INTEGER),
  companyQuotaBytes: z.number().int().min(1024).max(Number.MAX_SAFE_INTEGER),
  version: versionSchema,
});
