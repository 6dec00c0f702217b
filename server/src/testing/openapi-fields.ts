/**
 * The fields of every operation in the OpenAPI document, for the fuzz tests: each query and path
 * parameter and each leaf of a JSON body (through nested objects and the first item of arrays),
 * with its JSON schema and the path an error names (`query.q`, `params.month`, `body.items.0.name`).
 * Unions (discriminated bodies) are not entered: their branches are checked by their own tests.
 */

export interface FieldSchema {
  type?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, FieldSchema>;
  items?: FieldSchema;
}

export interface Field {
  /** Where it goes: query, params (the path) or body. */
  location: "query" | "params" | "body";
  /** The name in the query or path, or the dotted path inside the body. */
  name: string;
  schema: FieldSchema;
}

export interface Operation {
  method: string;
  /** The OpenAPI path, with `{name}` placeholders. */
  path: string;
  hasBody: boolean;
  fields: Field[];
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; schema: FieldSchema }[];
  requestBody?: { content?: Record<string, { schema?: FieldSchema }> };
}

function bodyLeaves(schema: FieldSchema | undefined, prefix: string, out: Field[]) {
  if (!schema) return;
  if (schema.type === "object" && schema.properties) {
    for (const [name, property] of Object.entries(schema.properties))
      bodyLeaves(property, prefix ? `${prefix}.${name}` : name, out);
  } else if (schema.type === "array" && schema.items) {
    bodyLeaves(schema.items, `${prefix}.0`, out);
  } else if (schema.type && prefix) {
    out.push({ location: "body", name: prefix, schema });
  }
}

export function operationsOf(document: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const fields: Field[] = [];
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === "query" || parameter.in === "path")
          fields.push({
            location: parameter.in === "path" ? "params" : "query",
            name: parameter.name,
            schema: parameter.schema,
          });
      }
      bodyLeaves(operation.requestBody?.content?.["application/json"]?.schema, "", fields);
      return { method: method.toUpperCase(), path, hasBody: operation.requestBody !== undefined, fields };
    }),
  );
}

/** Sets `value` at a dotted path (`items.0.name`), creating the objects and arrays on the way. */
export function setAt(target: Record<string, unknown>, dottedPath: string, value: unknown) {
  const keys = dottedPath.split(".");
  let node: Record<string, unknown> = target;
  keys.forEach((key, index) => {
    if (index === keys.length - 1) {
      node[key] = value;
      return;
    }
    node[key] ??= /^\d+$/.test(keys[index + 1]!) ? [] : {};
    node = node[key] as Record<string, unknown>;
  });
}

/** A day, month, ISO week or instant of `year` in the shape the field's schema expects; undefined if it is no date. */
export function dateOfYear(schema: FieldSchema, year: number): string | undefined {
  const isDate = schema.format === "date" || schema.format === "date-time" || schema.pattern?.includes("\\d{4}-");
  if (schema.type !== "string" || !isDate) return undefined;
  const shapes = schema.format === "date-time" ? ["YYYY-06-15T10:00:00Z"] : ["YYYY-06-15", "YYYY-06", "YYYY-W25"];
  const pattern = schema.pattern ? new RegExp(schema.pattern) : undefined;
  const shape = shapes.find((candidate) => !pattern || pattern.test(candidate.replace("YYYY", "2026")));
  if (!shape) throw new Error(`a date-like field of an unknown shape: ${schema.pattern}`);
  return shape.replace("YYYY", String(year));
}

/**
 * A request of `operation` with the given values: path parameters filled in (where no value is
 * given, a day, month or week of 2026 if the parameter is one, else a random id), query parameters in the query string, body fields in a JSON body.
 */
export function requestWith(operation: Operation, values: Map<Field, unknown>, randomId: () => string) {
  const query = new URLSearchParams();
  const body: Record<string, unknown> = {};
  const pathValues = new Map<string, string>();
  for (const [field, value] of values) {
    if (field.location === "query") query.set(field.name, String(value));
    else if (field.location === "params") pathValues.set(field.name, String(value));
    else setAt(body, field.name, value);
  }
  const parameterSchema = (name: string) =>
    operation.fields.find((field) => field.location === "params" && field.name === name)?.schema;
  const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const schema = parameterSchema(name);
    return encodeURIComponent(pathValues.get(name) ?? (schema && dateOfYear(schema, 2026)) ?? randomId());
  });
  const search = query.toString();
  return {
    url: search ? `${path}?${search}` : path,
    body: Object.keys(body).length > 0 || operation.hasBody ? body : undefined,
  };
}

export const pathOf = (field: Field) => `${field.location}.${field.name}`;
