import type { FastifySchema, FastifySerializerCompiler } from "fastify";
import { ResponseSerializationError } from "fastify-type-provider-zod";
import { $ZodType, safeEncode } from "zod/v4/core";

/**
 * How answers are written. Encoding every answer with its zod schema before `JSON.stringify` cost
 * 11–15 % of the server's CPU under load (issue 23), and it never changed an answer: presenters
 * build plain JSON of exactly the schema's shape. So production writes `JSON.stringify(data)`, and
 * the tests (`checkAnswers`) encode each answer with its schema as well and fail the request when
 * the schema would refuse it, drop one of its keys or change one of its values — a presenter that
 * leaks a column or returns the wrong type is caught by the suite, not hidden by a silent strip.
 */
export function answerSerializerCompiler(options: { checkAnswers: boolean }): FastifySerializerCompiler<FastifySchema> {
  if (!options.checkAnswers) return () => (data) => JSON.stringify(data);
  return ({ schema, method, url }) => {
    const zodSchema = zodSchemaOf(schema);
    return (data) => {
      const written = JSON.stringify(data);
      if (!zodSchema) return written;
      const encoded = safeEncode(zodSchema, data);
      if (encoded.error) {
        reportMismatch(method, url, encoded.error.message);
        throw new ResponseSerializationError(method, url, { cause: encoded.error });
      }
      const difference = firstDifference(JSON.parse(written), JSON.parse(JSON.stringify(encoded.data)), "");
      if (difference !== null) {
        reportMismatch(method, url, difference);
        throw new Error(`The answer of ${method} ${url} does not match its schema: ${difference}`);
      }
      return written;
    };
  };
}

function zodSchemaOf(schema: unknown): $ZodType | null {
  if (schema instanceof $ZodType) return schema;
  const properties = (schema as { properties?: unknown } | null)?.properties;
  return properties instanceof $ZodType ? properties : null;
}

/** The test's request sees a bare 500; the reason is printed where the failing test shows it. */
function reportMismatch(method: string, url: string, detail: string): void {
  console.error(`The answer of ${method} ${url} does not match its schema: ${detail}`);
}

/** Where two JSON values differ (a path like `.items[3].title`), or null; key order does not count. */
export function firstDifference(written: unknown, encoded: unknown, at: string): string | null {
  if (Array.isArray(written) || Array.isArray(encoded)) {
    if (!Array.isArray(written) || !Array.isArray(encoded) || written.length !== encoded.length) {
      return `${at || "the answer"} is ${JSON.stringify(written)?.slice(0, 80)}, the schema makes it ${JSON.stringify(encoded)?.slice(0, 80)}`;
    }
    for (let index = 0; index < written.length; index++) {
      const difference = firstDifference(written[index], encoded[index], `${at}[${index}]`);
      if (difference !== null) return difference;
    }
    return null;
  }
  if (isObject(written) && isObject(encoded)) {
    for (const key of Object.keys(written)) {
      if (!(key in encoded)) return `${at}.${key} is not in the schema (it would be dropped)`;
      const difference = firstDifference(written[key], encoded[key], `${at}.${key}`);
      if (difference !== null) return difference;
    }
    for (const key of Object.keys(encoded)) {
      if (!(key in written)) return `${at}.${key} is added by the schema (a default the answer lacks)`;
    }
    return null;
  }
  if (written === encoded) return null;
  return `${at || "the answer"} is ${JSON.stringify(written)}, the schema makes it ${JSON.stringify(encoded)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
