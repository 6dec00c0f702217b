import { z } from "zod";

export const idSchema = z.uuid();
export const idParamsSchema = z.object({ id: idSchema });
export const versionSchema = z.number().int().min(1);

export const pagingQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z
    .array(
      z.object({
        path: z.string(),
        message: z.string(),
        /** A stable name of the problem for clients that translate it (imports), with its values. */
        code: z.string().optional(),
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      }),
    )
    .optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** Trimmed human text; script is stored inert and escaped on output, never stripped silently. */
export function text(max: number) {
  return z.string().trim().min(1).max(max);
}
export function optionalText(max: number) {
  return z.string().trim().max(max).nullable().optional();
}

export const timestampsSchema = z.object({
  id: idSchema,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
