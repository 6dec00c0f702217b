import {
  type DriveLevel,
  driveFileSchema,
  driveFolderSchema,
  driveGrantsSchema,
  driveListingSchema,
  driveRootsSchema,
  driveSearchSchema,
  driveShareLinkSchema,
  driveTrashSchema,
  driveVersionSchema,
} from "@planerka/common";
import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { api, apiUrl, apiVoid } from "../../lib/api";

export type DriveSort = "name" | "updatedAt" | "size";
export type DriveDirection = "asc" | "desc";
export type DriveGrantInput = { subjectType: "user" | "unit" | "group"; subjectId: string; level: DriveLevel };

export const driveRootsQuery = queryOptions({
  queryKey: ["drive", "roots"],
  queryFn: ({ signal }) => api("/drive/roots", driveRootsSchema, { signal }),
  staleTime: 30_000,
});

/** One page of a folder; `cursor` is the previous page's `nextCursor`. */
export function fetchDriveListing(
  folderId: string,
  params: { sort: DriveSort; direction: DriveDirection; cursor?: string },
  signal?: AbortSignal,
) {
  return api(`/drive/folders/${folderId}`, driveListingSchema, {
    signal,
    query: { sort: params.sort, direction: params.direction, cursor: params.cursor, limit: 100 },
  });
}

/** A folder's sub-folders only (the first page carries all of them), for the folder picker. */
export function driveSubfoldersQuery(folderId: string) {
  return queryOptions({
    queryKey: ["drive", "subfolders", folderId],
    queryFn: async ({ signal }) => {
      const listing = await api(`/drive/folders/${folderId}`, driveListingSchema, { signal, query: { limit: 1 } });
      return listing.folders;
    },
  });
}

export const driveTrashQuery = queryOptions({
  queryKey: ["drive", "trash"],
  queryFn: ({ signal }) => api("/drive/trash", driveTrashSchema, { signal }),
});

export function driveSearchQuery(q: string) {
  return queryOptions({
    queryKey: ["drive", "search", q],
    queryFn: ({ signal }) => api("/drive/search", driveSearchSchema, { signal, query: { q } }),
    enabled: q.trim().length > 0,
  });
}

const versionsSchema = z.object({ items: z.array(driveVersionSchema) });
export function driveVersionsQuery(fileId: string) {
  return queryOptions({
    queryKey: ["drive", "versions", fileId],
    queryFn: ({ signal }) => api(`/drive/files/${fileId}/versions`, versionsSchema, { signal }),
  });
}

export function driveGrantsQuery(folderId: string) {
  return queryOptions({
    queryKey: ["drive", "grants", folderId],
    queryFn: ({ signal }) => api(`/drive/folders/${folderId}/grants`, driveGrantsSchema, { signal }),
    // The dialog edits a copy of the answer: each opening starts from the server's current grants.
    gcTime: 0,
  });
}

const linksSchema = z.object({ items: z.array(driveShareLinkSchema) });
export type DriveTarget = { type: "file" | "folder"; id: string; name: string };
export function driveLinksQuery(target: DriveTarget) {
  const query = target.type === "file" ? { fileId: target.id } : { folderId: target.id };
  return queryOptions({
    queryKey: ["drive", "links", target.type, target.id],
    queryFn: ({ signal }) => api("/drive/links", linksSchema, { signal, query }),
  });
}

const textSchema = z.object({ text: z.string() });
export function driveTextQuery(fileId: string, version: number) {
  return queryOptions({
    queryKey: ["drive", "text", fileId, version],
    queryFn: ({ signal }) => api(`/drive/files/${fileId}/text`, textSchema, { signal }),
  });
}

export const driveContentUrl = (fileId: string, inline = false) =>
  apiUrl(`/drive/files/${fileId}/content`, inline ? { disposition: "inline" } : undefined);
export const driveThumbnailUrl = (fileId: string, version: number) =>
  apiUrl(`/drive/files/${fileId}/thumbnail`, { v: version });

export const createFolder = (parentId: string, name: string) =>
  api("/drive/folders", driveFolderSchema, { method: "POST", json: { parentId, name } });
export const updateFolder = (id: string, patch: { name?: string; parentId?: string; version: number }) =>
  api(`/drive/folders/${id}`, driveFolderSchema, { method: "PATCH", json: patch });
export const deleteFolder = (id: string) => apiVoid(`/drive/folders/${id}`, { method: "DELETE" });
export const restoreFolder = (id: string) => apiVoid(`/drive/folders/${id}/restore`, { method: "POST" });

export const updateFile = (id: string, patch: { name?: string; folderId?: string; version: number }) =>
  api(`/drive/files/${id}`, driveFileSchema, { method: "PATCH", json: patch });
export const deleteFile = (id: string) => apiVoid(`/drive/files/${id}`, { method: "DELETE" });
export const restoreFile = (id: string) => apiVoid(`/drive/files/${id}/restore`, { method: "POST" });
export const lockFile = (id: string, locked: boolean) =>
  api(`/drive/files/${id}/lock`, driveFileSchema, { method: locked ? "POST" : "DELETE" });
export const restoreVersion = (id: string, number: number) =>
  api(`/drive/files/${id}/versions/${number}/restore`, driveFileSchema, { method: "POST" });

export const saveGrants = (folderId: string, grants: DriveGrantInput[]) =>
  api(`/drive/folders/${folderId}/grants`, driveGrantsSchema, { method: "PUT", json: { grants } });

export const createLink = (body: {
  fileId?: string;
  folderId?: string;
  expiresAt: string;
  password?: string;
  downloadLimit?: number;
}) => api("/drive/links", driveShareLinkSchema, { method: "POST", json: body });
export const revokeLink = (id: string) => apiVoid(`/drive/links/${id}`, { method: "DELETE" });

/** After any change in the drive: listings, roots (usage), trash and search answers. */
export function refreshDrive(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: ["drive"] });
}
