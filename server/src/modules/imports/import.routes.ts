import fastifyMultipart from "@fastify/multipart";
import { idParamsSchema, importEntitySchema, importJobSchema, importStartSchema, pageSchema } from "@planerka/common";
import { invalid } from "../../platform/errors/problem";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { findImportOrThrow, listImports, startImportOrThrow, uploadImportOrThrow } from "./import.service";

export const importFileLimitBytes = 20 * 1024 * 1024;

export async function importRoutes(app: ApiApp, { db }: ModuleDeps) {
  await app.register(fastifyMultipart, { limits: { fileSize: importFileLimitBytes, files: 1, fields: 5 } });
  const write = { config: { permission: "crm:write" as const } };

  app.post(
    "/api/v1/imports",
    { ...write, schema: { tags: ["imports"], consumes: ["multipart/form-data"], response: { 201: importJobSchema } } },
    async (request, reply) => {
      if (!request.isMultipart())
        throw invalid("body", "Send the file as multipart/form-data with the fields entity and file", {
          code: "fileRequired",
        });
      let entity: string | undefined;
      let file: { name: string; data: Buffer } | undefined;
      for await (const part of request.parts()) {
        if (part.type === "field" && part.fieldname === "entity") entity = String(part.value);
        if (part.type === "file" && part.fieldname === "file") {
          const data = await part.toBuffer();
          if (part.file.truncated) throw invalid("file", "The file is larger than 20 MB", { code: "fileTooLarge" });
          file = { name: part.filename, data };
        }
      }
      const parsedEntity = importEntitySchema.safeParse(entity);
      if (!parsedEntity.success) throw invalid("entity", "Choose companies, contacts or deals", { code: "entity" });
      if (!file) throw invalid("file", "Attach a .csv or .xlsx file", { code: "fileRequired" });
      const job = await uploadImportOrThrow(db, actorOf(request), parsedEntity.data, file.name, file.data);
      return reply.status(201).send(job);
    },
  );

  app.post(
    "/api/v1/imports/:id/start",
    {
      ...write,
      schema: {
        tags: ["imports"],
        params: idParamsSchema,
        body: importStartSchema,
        response: { 202: importJobSchema },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await startImportOrThrow(db, actorOf(request), request.params.id, request.body.mapping)),
  );

  app.get(
    "/api/v1/imports/:id",
    {
      config: { permission: "crm:read" },
      schema: { tags: ["imports"], params: idParamsSchema, response: { 200: importJobSchema } },
    },
    async (request) => findImportOrThrow(db, actorOf(request), request.params.id),
  );

  app.get(
    "/api/v1/imports",
    {
      config: { permission: "crm:read" },
      schema: { tags: ["imports"], response: { 200: pageSchema(importJobSchema) } },
    },
    async (request) => {
      const items = await listImports(db, actorOf(request));
      return { items, total: items.length };
    },
  );
}
