import { expect } from "vitest";
import type { ApiApp } from "../../platform/http/api-app";
import { multipart } from "../../testing/multipart";
import type { Client } from "../../testing/test-app";

/** Shared by the task tests: creating tasks through the API and sending files. */

export async function createTaskAs(client: Client, body: Record<string, unknown>) {
  const response = await client.request("POST", "/api/v1/tasks", body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number; status: string } & Record<string, unknown>;
}

export function multipartFile(file: { name: string; type: string; data: Buffer }, field = "file") {
  const { payload, headers } = multipart({}, file, field);
  return { payload, contentType: headers["content-type"] };
}

export function uploadFile(
  app: ApiApp,
  client: Client,
  taskId: string,
  file: { name: string; type: string; data: Buffer },
  field = "file",
) {
  const { payload, contentType } = multipartFile(file, field);
  return app.inject({
    method: "POST",
    url: `/api/v1/tasks/${taskId}/files`,
    payload,
    headers: { cookie: client.cookie, "content-type": contentType },
  });
}

export const errorPaths = (response: { json(): unknown }) =>
  ((response.json() as { errors?: { path: string }[] }).errors ?? []).map((error) => error.path);
