import {
  type DriveAttachmentEntity,
  type DriveFolder,
  driveAttachmentSchema,
  driveFolderSchema,
  driveListingSchema,
  driveRootsSchema,
} from "@planerka/common";
import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { api, apiUrl, apiVoid, isProblem } from "../../lib/api";

/** A record files can be attached to: a deal, lead, company, contact or task. */
export interface AttachmentTarget {
  entityType: DriveAttachmentEntity;
  entityId: string;
}

const attachmentsSchema = z.object({ items: z.array(driveAttachmentSchema) });

export function attachmentsQuery({ entityType, entityId }: AttachmentTarget) {
  return queryOptions({
    queryKey: ["drive-files", entityType, entityId],
    queryFn: ({ signal }) => api("/drive/attachments", attachmentsSchema, { signal, query: { entityType, entityId } }),
    // A fresh picture's thumbnail is made in the background: ask again until it is there.
    refetchInterval: (query) =>
      query.state.data?.items.some(({ file }) => file.contentState === "pending" && file.preview === "image")
        ? 3000
        : false,
  });
}

export const attachFile = (target: AttachmentTarget, fileId: string) =>
  api("/drive/attachments", driveAttachmentSchema, { method: "POST", json: { ...target, fileId } });

export const detachFile = ({ entityType, entityId }: AttachmentTarget, fileId: string) =>
  apiVoid(`/drive/attachments/${entityType}/${entityId}/${fileId}`, { method: "DELETE" });

/** Download through the record: works for whoever reads the record, even without rights on the file's folder. */
export const attachmentContentUrl = ({ entityType, entityId }: AttachmentTarget, fileId: string) =>
  apiUrl(`/drive/attachments/${entityType}/${entityId}/${fileId}/content`);

/** The record's files, and the timeline (a CRM card shows attachments there). */
export function refreshAttachments(queryClient: QueryClient, target: AttachmentTarget) {
  void queryClient.invalidateQueries({ queryKey: ["drive-files", target.entityType, target.entityId] });
  // Uploads land in «Мой диск»: the drive's own screens show them on their next look.
  void queryClient.invalidateQueries({ queryKey: ["drive"] });
}

const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;

async function subfolderNamed(parentId: string, name: string): Promise<DriveFolder | undefined> {
  // The first page of a listing carries all sub-folders; one file is enough to ask for.
  const listing = await api(`/drive/folders/${parentId}`, driveListingSchema, { query: { limit: 1 } });
  return listing.folders.find((folder) => sameName(folder.name, name));
}

/**
 * The caller's «Мой диск» / `name` folder, where files uploaded from cards go: found, or created.
 * Two tabs may create it at once; the loser's 409 means it exists now, so it is looked up again.
 */
/** Where files uploaded onto records land in the uploader's «Мой диск». */
export const attachmentsFolderName = "Вложения";

export async function attachmentsFolderIdOrThrow(name: string): Promise<string> {
  const roots = await api("/drive/roots", driveRootsSchema);
  const personalId = roots.personal.id;
  const existing = await subfolderNamed(personalId, name);
  if (existing) return existing.id;
  try {
    const created = await api("/drive/folders", driveFolderSchema, {
      method: "POST",
      json: { parentId: personalId, name },
    });
    return created.id;
  } catch (error) {
    if (!isProblem(error, 409)) throw error;
    const found = await subfolderNamed(personalId, name);
    if (!found) throw error;
    return found.id;
  }
}
