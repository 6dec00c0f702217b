import type { DriveAttachment, DriveAttachmentEntity } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { AppError, forbidden, notFound } from "../../platform/errors/problem";
import { mayWorkOn, taskAccessOrThrow } from "../tasks/task-access";
import { linkOrThrow } from "../tasks/task-members";
import { presentFile } from "./drive.presenter";
import { type FileRow, fileRowsWhere } from "./drive.queries";
import { fileStandingOrThrow, type StoredContent, storedContentOrThrow } from "./drive-file.service";
import { callerOf } from "./drive-root.service";

const crmTables = { deal: "deals", lead: "leads", company: "companies", contact: "contacts" } as const;

/**
 * A drive file on a record (one stored file, many links). Whoever may read the record sees and
 * downloads its files, even without a right on the drive folder the file lives in: attaching it
 * was the decision to show it there. Records the caller may not read are 404, naming the record.
 */
async function recordOrThrow(
  executor: Executor,
  actor: Actor,
  entityType: DriveAttachmentEntity,
  entityId: string,
): Promise<{ mayChange: boolean }> {
  if (entityType === "task") {
    const task = await taskAccessOrThrow(executor, actor, entityId).catch((error) => {
      if (error instanceof AppError && error.status === 404)
        throw new AppError(404, "Not Found", "entityId: No such record", [
          { path: "entityId", message: "No such record" },
        ]);
      throw error;
    });
    return { mayChange: mayWorkOn(task) };
  }
  await linkOrThrow(executor, actor.scope, { entityType, entityId });
  const table = crmTables[entityType];
  const [writable] = await rows(
    executor,
    sql`select 1 from ${sql.identifier(table)} where id = ${entityId} and ${actor.scope.ownerCondition(table, "write", sql`owner_id`)}`,
  );
  return { mayChange: writable !== undefined };
}

interface AttachmentRow extends FileRow {
  attachedById: string | null;
  attachedByName: string | null;
  attachedAt: string;
}

export async function attachmentsOrThrow(
  db: Database,
  actor: Actor,
  entityType: DriveAttachmentEntity,
  entityId: string,
): Promise<DriveAttachment[]> {
  return db.transaction(async (tx) => {
    const record = await recordOrThrow(tx, actor, entityType, entityId);
    return presentAttachments(await attachmentRows(tx, entityType, entityId), actor, record.mayChange);
  });
}

function presentAttachments(list: AttachmentRow[], actor: Actor, mayChange: boolean): DriveAttachment[] {
  return list.map((row) => ({
    file: presentFile(row, "read", actor.user.id),
    attachedBy: row.attachedById ? { id: row.attachedById, name: row.attachedByName ?? "" } : null,
    attachedAt: new Date(row.attachedAt).toISOString(),
    canDetach: mayChange || row.attachedById === actor.user.id,
  }));
}

async function attachmentRows(executor: Executor, entityType: string, entityId: string): Promise<AttachmentRow[]> {
  const files = await fileRowsWhere(
    executor,
    sql`f.deleted_at is null and f.id in (select file_id from drive_attachments where entity_type = ${entityType} and entity_id = ${entityId})`,
    sql`order by lower(f.name), f.id`,
  );
  const links = await rows<{
    fileId: string;
    attachedById: string | null;
    attachedByName: string | null;
    attachedAt: string;
  }>(
    executor,
    sql`select a.file_id as "fileId", a.created_by as "attachedById", u.name as "attachedByName", a.created_at as "attachedAt"
        from drive_attachments a left join users u on u.id = a.created_by
        where a.entity_type = ${entityType} and a.entity_id = ${entityId}`,
  );
  const byFile = new Map(links.map((link) => [link.fileId, link]));
  return files.map((file) => ({ ...file, ...byFile.get(file.id)! }));
}

export async function attachFileOrThrow(
  db: Database,
  actor: Actor,
  input: { entityType: DriveAttachmentEntity; entityId: string; fileId: string },
): Promise<DriveAttachment> {
  return db.transaction(async (tx) => {
    const record = await recordOrThrow(tx, actor, input.entityType, input.entityId);
    await fileStandingOrThrow(tx, callerOf(actor), input.fileId).catch((error) => {
      if (error instanceof AppError && error.status === 404)
        throw new AppError(404, "Not Found", "fileId: No such file", [{ path: "fileId", message: "No such file" }]);
      throw error;
    });
    await tx.execute(
      sql`insert into drive_attachments (file_id, entity_type, entity_id, created_by)
          values (${input.fileId}, ${input.entityType}, ${input.entityId}, ${actor.user.id}) on conflict do nothing`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: input.entityType,
      entityId: input.entityId,
      action: "file_attach",
      changes: [{ field: "files", old: null, new: { fileId: input.fileId } }],
    });
    const list = presentAttachments(
      await attachmentRows(tx, input.entityType, input.entityId),
      actor,
      record.mayChange,
    );
    const attached = list.find((item) => item.file.id === input.fileId);
    if (!attached) throw notFound();
    return attached;
  });
}

export async function detachFileOrThrow(
  db: Database,
  actor: Actor,
  input: { entityType: DriveAttachmentEntity; entityId: string; fileId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const record = await recordOrThrow(tx, actor, input.entityType, input.entityId);
    const [link] = await rows<{ createdBy: string | null }>(
      tx,
      sql`select created_by as "createdBy" from drive_attachments
          where entity_type = ${input.entityType} and entity_id = ${input.entityId} and file_id = ${input.fileId}`,
    );
    if (!link) throw notFound();
    if (!record.mayChange && link.createdBy !== actor.user.id)
      throw forbidden("Only who attached the file, or who may change the record, takes it off");
    await tx.execute(
      sql`delete from drive_attachments
          where entity_type = ${input.entityType} and entity_id = ${input.entityId} and file_id = ${input.fileId}`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: input.entityType,
      entityId: input.entityId,
      action: "file_detach",
      changes: [{ field: "files", old: { fileId: input.fileId }, new: null }],
    });
  });
}

/** The bytes of a file attached to a record the caller may read. */
export async function attachedContentOrThrow(
  db: Database,
  actor: Actor,
  input: { entityType: DriveAttachmentEntity; entityId: string; fileId: string },
): Promise<StoredContent> {
  await recordOrThrow(db, actor, input.entityType, input.entityId);
  const [file] = await fileRowsWhere(
    db,
    sql`f.id = ${input.fileId} and f.deleted_at is null and exists (select 1 from drive_attachments a
          where a.file_id = f.id and a.entity_type = ${input.entityType} and a.entity_id = ${input.entityId})`,
  );
  if (!file) throw notFound();
  return storedContentOrThrow(db, file);
}
