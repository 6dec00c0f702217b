import { z } from "zod";

export const idSchema = z.uuid();
export const idParamsSchema = z.object({ id: idSchema });

/**
 * PostgreSQL's integer (int4) holds at most this: a larger number in a body or query would fail in
 * the database (a 500), so every integer the API accepts is bounded by it or tighter.
 */
export const maxInt4 = 2_147_483_647;
/** An integer from `min` to `max` in a JSON body. */
export function intSchema(min: number, max = maxInt4) {
  return z.number().int().min(min).max(Math.min(max, maxInt4));
}
/** An integer from `min` to `max` in a query string, where it arrives as text. */
export function queryIntSchema(min: number, max = maxInt4) {
  return z.coerce.number().int().min(min).max(Math.min(max, maxInt4));
}
/** A cursor into a bigint sequence (chat messages, real-time events): any safe integer from 0. */
export const sequenceSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const sequenceQuerySchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const versionSchema = intSchema(1);

export const pagingQuerySchema = z.object({
  limit: queryIntSchema(1, 500).default(50),
  offset: queryIntSchema(0).default(0),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    /** A search matched more rows than `total` and stopped counting there: shown as «1 000+». */
    totalCapped: z.boolean().optional(),
  });
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
