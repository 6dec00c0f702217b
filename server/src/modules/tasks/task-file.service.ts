import type { TaskFile } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { taskFiles } from "../../platform/db/task-schema";
import { notFound } from "../../platform/errors/problem";
import type { BlobStore } from "../../platform/files/blob-store";
import { cleanFileName, cleanMimeType } from "../../platform/files/file-names";
import {
  insertBlob,
  type StoredBytesRef,
  storedBytesColumns,
  storedBytesJoin,
  withStoredBytes,
} from "../../platform/files/stored-bytes";
import { presentTaskFile } from "./task.presenter";
import { type FileRow, fileColumns } from "./task.queries";
import { abilitiesOf, assertMayOrThrow, mayWorkOn, taskAccessOrThrow } from "./task-access";

export const taskFileLimitBytes = 10 * 1024 * 1024;

export interface UploadedFile {
  name: string;
  mimeType: string;
  data: Buffer;
}

async function fileRowOrThrow(executor: Executor, taskId: string, fileId: string): Promise<FileRow> {
  const [row] = await rows<FileRow>(
    executor,
    sql`select ${fileColumns} from task_files f join users u on u.id = f.uploaded_by
        where f.id = ${fileId} and f.task_id = ${taskId}`,
  );
  if (!row) throw notFound();
  return row;
}

/** Files are attached by the task's editors and the people doing it. */
export async function attachFileOrThrow(
  db: Database,
  store: BlobStore,
  actor: Actor,
  taskId: string,
  file: UploadedFile,
): Promise<TaskFile> {
  // Refused before any byte is written when the caller may not attach here.
  await db.transaction(async (tx) => {
    const task = await taskAccessOrThrow(tx, actor, taskId);
    assertMayOrThrow(mayWorkOn(task), "Only the task's editors and the people doing it attach files");
  });
  const mimeType = cleanMimeType(file.mimeType);
  return withStoredBytes(store, file.data, mimeType, (blob) =>
    db.transaction(async (tx) => {
      const task = await taskAccessOrThrow(tx, actor, taskId);
      assertMayOrThrow(mayWorkOn(task), "Only the task's editors and the people doing it attach files");
      const name = cleanFileName(file.name);
      const [created] = await tx
        .insert(taskFiles)
        .values({
          taskId,
          name,
          mimeType,
          size: file.data.length,
          blobId: await insertBlob(tx, blob),
          uploadedBy: actor.user.id,
        })
        .returning({ id: taskFiles.id });
      await tx.execute(sql`update tasks set updated_at = now() where id = ${taskId}`);
      await recordAudit(tx, {
        actorId: actor.user.id,
        entity: "task",
        entityId: taskId,
        action: "file_add",
        changes: [{ field: "files", old: null, new: { id: created!.id, name, size: file.data.length } }],
      });
      return presentTaskFile(await fileRowOrThrow(tx, taskId, created!.id));
    }),
  );
}

/** A file of a task the caller may read, with where its bytes are. */
export async function fileContentOrThrow(executor: Executor, actor: Actor, taskId: string, fileId: string) {
  await taskAccessOrThrow(executor, actor, taskId);
  const [file] = await rows<{ name: string; mimeType: string; size: number } & StoredBytesRef>(
    executor,
    sql`select f.name, f.mime_type as "mimeType", f.size, ${storedBytesColumns}
        from task_files f ${storedBytesJoin} where f.id = ${fileId} and f.task_id = ${taskId}`,
  );
  if (!file) throw notFound();
  return file;
}

/** The uploader removes their own file; the task's editors remove any. */
export async function deleteFileOrThrow(db: Database, actor: Actor, taskId: string, fileId: string) {
  await db.transaction(async (tx) => {
    const task = await taskAccessOrThrow(tx, actor, taskId);
    const file = await fileRowOrThrow(tx, taskId, fileId);
    assertMayOrThrow(
      file.uploadedById === actor.user.id || abilitiesOf(task).edit,
      "Only the uploader or the task's editors delete a file",
    );
    await tx.execute(sql`delete from task_files where id = ${fileId}`);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "task",
      entityId: taskId,
      action: "file_delete",
      changes: [{ field: "files", old: { id: fileId, name: file.name }, new: null }],
    });
  });
}
