import { z } from "zod";
import { idSchema, pageSchema, pagingQuerySchema, text, versionSchema } from "./shared";
import { personRefSchema } from "./tasks";

/** A group (a team, a department's circle) or a project (work with an end); the same otherwise. */
export const groupKinds = ["group", "project"] as const;
export const groupKindSchema = z.enum(groupKinds);
export type GroupKind = z.infer<typeof groupKindSchema>;

/** open: every employee sees it and may join; closed: only its members (and admins) see it. */
export const groupVisibilities = ["open", "closed"] as const;
export const groupVisibilitySchema = z.enum(groupVisibilities);
export type GroupVisibility = z.infer<typeof groupVisibilitySchema>;

/** owner: everything; moderator: edits and manages members (not owners); member: takes part. */
export const groupRoles = ["owner", "moderator", "member"] as const;
export const groupRoleSchema = z.enum(groupRoles);
export type GroupRole = z.infer<typeof groupRoleSchema>;

export const groupSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  kind: groupKindSchema,
  visibility: groupVisibilitySchema,
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  memberCount: z.number().int(),
  /** The caller's role; null when they are not a member. */
  myRole: groupRoleSchema.nullable(),
  /** Open tasks (not done, not deleted) of the group. */
  openTaskCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type GroupSummary = z.infer<typeof groupSummarySchema>;

export const groupMemberSchema = personRefSchema.extend({
  position: z.string().nullable(),
  active: z.boolean(),
  role: groupRoleSchema,
  joinedAt: z.string(),
});
export type GroupMember = z.infer<typeof groupMemberSchema>;

/** What the caller may do with the group (the page hides what they may not). */
export const groupAbilitiesSchema = z.object({
  edit: z.boolean(),
  manageMembers: z.boolean(),
  /** Make someone an owner, or change or remove an owner. */
  manageOwners: z.boolean(),
  archive: z.boolean(),
  join: z.boolean(),
  leave: z.boolean(),
  /** Put tasks into the group (members of a group that is not archived). */
  addTasks: z.boolean(),
});
export type GroupAbilities = z.infer<typeof groupAbilitiesSchema>;

export const groupDetailSchema = groupSummarySchema.extend({
  createdBy: personRefSchema.nullable(),
  members: z.array(groupMemberSchema),
  /** The group's chat, for its members only. */
  chatId: idSchema.nullable(),
  abilities: groupAbilitiesSchema,
});
export type GroupDetail = z.infer<typeof groupDetailSchema>;

export const groupWriteSchema = z.strictObject({
  name: text(200),
  description: z.string().trim().max(5000).optional(),
  kind: groupKindSchema.optional(),
  visibility: groupVisibilitySchema.optional(),
  /** Colleagues who join as members at once; the creator is the owner. */
  memberIds: z.array(idSchema).max(500).optional(),
});
export type GroupInput = z.infer<typeof groupWriteSchema>;

export const groupPatchSchema = z.strictObject({
  version: versionSchema,
  name: text(200).optional(),
  description: z.string().trim().max(5000).optional(),
  kind: groupKindSchema.optional(),
  visibility: groupVisibilitySchema.optional(),
});
export type GroupPatch = z.infer<typeof groupPatchSchema>;

export const groupMemberWriteSchema = z.strictObject({
  userId: idSchema,
  role: groupRoleSchema.default("member"),
});
export const groupMemberPatchSchema = z.strictObject({ role: groupRoleSchema });
export const groupMemberParamsSchema = z.object({ id: idSchema, userId: idSchema });

/** mine: groups the caller is a member of; all: every group the caller may see. */
export const groupListQuerySchema = pagingQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  membership: z.enum(["mine", "all"]).default("all"),
  kind: groupKindSchema.optional(),
  visibility: groupVisibilitySchema.optional(),
  /** false (default): active groups; true: the archive; all: both. */
  archived: z.enum(["true", "false", "all"]).default("false"),
});
export type GroupListQuery = z.infer<typeof groupListQuerySchema>;
export const groupPageSchema = pageSchema(groupSummarySchema);
export type GroupPage = z.infer<typeof groupPageSchema>;
