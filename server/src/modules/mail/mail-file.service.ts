import { Readable } from "node:stream";
import { letterAttachmentLimitBytes, letterAttachmentMaxCount, type MailFile, type RecordFile } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { mailFiles, mailMessageAttachments } from "../../platform/db/schema";
import { AppError, invalid, notFound } from "../../platform/errors/problem";
import type { BlobStore } from "../../platform/files/blob-store";
import { cleanFileName, cleanMimeType } from "../../platform/files/file-names";
import {
  insertBlob,
  openStoredBytes,
  type StoredBytesRef,
  storedBytesColumns,
  storedBytesJoin,
  withStoredBytes,
} from "../../platform/files/stored-bytes";
import type { AccessScope } from "../../platform/scope/access-scope";
import { findResource } from "../crm/crm-resource";
import { type DealRow, dealSpec } from "../crm/deal.resource";
import { driveFilesToCarryOrThrow } from "../drive/drive-file.service";

export interface UploadedMailFile {
  name: string;
  mimeType: string;
  data: Buffer;
}

/** An upload no letter took is removed after this long (the letter form was closed, the tab died). */
const unusedUploadHours = 24;

/**
 * Stores a file for a letter being written. Until a letter carries it only its uploader may name
 * it; uploads nobody used for a day are removed here, so abandoned forms leave nothing behind.
 */
export async function uploadMailFile(
  db: Database,
  store: BlobStore,
  actor: Actor,
  file: UploadedMailFile,
): Promise<MailFile> {
  const mimeType = cleanMimeType(file.mimeType);
  return withStoredBytes(store, file.data, mimeType, (blob) =>
    db.transaction(async (tx) => {
      // Their blobs go with the drive's maintenance, once nothing points at them.
      await tx.execute(
        sql`delete from mail_files f where f.created_at < now() - make_interval(hours => ${unusedUploadHours})
            and not exists (select 1 from mail_message_attachments a where a.file_id = f.id)`,
      );
      const [created] = await tx
        .insert(mailFiles)
        .values({
          name: cleanFileName(file.name),
          mimeType,
          size: file.data.length,
          blobId: await insertBlob(tx, blob),
          uploadedBy: actor.user.id,
        })
        .returning({ id: mailFiles.id, name: mailFiles.name, mimeType: mailFiles.mimeType, size: mailFiles.size });
      return created!;
    }),
  );
}

/** Tasks linked to the deal whose files the caller may read (the task's own visibility rule). */
const dealTaskFiles = (scope: AccessScope, dealId: string) =>
  sql`task_files tf join tasks t on t.id = tf.task_id
      where t.entity_type = 'deal' and t.entity_id = ${dealId} and t.deleted_at is null
        and ${scope.taskCondition("read", sql`t.id`)}`;

/** Files carried by letters from the deal. */
const dealLetterFiles = (dealId: string) =>
  sql`mail_files f where exists (select 1 from mail_message_attachments a join mail_messages m on m.id = a.message_id
      where a.file_id = f.id and m.deal_id = ${dealId})`;

/** «Файлы сделки» for the letter form: what earlier letters carried and the deal's tasks' files. */
export async function recordFilesOrThrow(db: Database, actor: Actor, dealId: string): Promise<RecordFile[]> {
  const deal = await findResource<DealRow>(db, dealSpec, actor.scope, dealId);
  if (!deal) throw notFound();
  const letterFiles = await rows<RecordFile>(
    db,
    sql`select f.id, f.name, f.mime_type as "mimeType", f.size, 'letter' as source,
          (select m.subject from mail_message_attachments a join mail_messages m on m.id = a.message_id
           where a.file_id = f.id and m.deal_id = ${dealId} order by m.created_at desc limit 1) as "sourceTitle"
        from ${dealLetterFiles(dealId)} order by f.created_at desc, f.id limit 200`,
  );
  const taskFiles = await rows<RecordFile>(
    db,
    sql`select tf.id, tf.name, tf.mime_type as "mimeType", tf.size, 'task' as source, t.title as "sourceTitle"
        from ${dealTaskFiles(actor.scope, dealId)} order by tf.created_at desc, tf.id limit 200`,
  );
  return [...letterFiles, ...taskFiles];
}

const tooBig = (path: string) =>
  new AppError(413, "Payload Too Large", `${path}: the letter's files weigh more than 20 MB together`, [
    { path, message: "The letter's files may weigh at most 20 MB together" },
  ]);

/**
 * Gives a letter being written its files, in the request's transaction. `fileIds` are the caller's
 * own unused uploads or files an earlier letter from the same deal carried; `taskFileIds` files of
 * the deal's tasks the caller may read (copied, so the letter keeps them whatever happens to the
 * task). Anything else is refused as if it did not exist; together they weigh at most 20 MB.
 */
export async function attachLetterFilesOrThrow(
  tx: Executor,
  actor: Actor,
  deal: DealRow,
  letterId: string,
  input: { fileIds?: string[]; taskFileIds?: string[]; driveFileIds?: string[] },
) {
  const fileIds = [...new Set(input.fileIds ?? [])];
  const taskFileIds = [...new Set(input.taskFileIds ?? [])];
  const driveFileIds = [...new Set(input.driveFileIds ?? [])];
  if (fileIds.length === 0 && taskFileIds.length === 0 && driveFileIds.length === 0) return;
  if (fileIds.length + taskFileIds.length + driveFileIds.length > letterAttachmentMaxCount) {
    throw invalid("fileIds", `At most ${letterAttachmentMaxCount} files on one letter`);
  }
  const ids = sql.join(
    fileIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const usable =
    fileIds.length === 0
      ? []
      : await rows<{ id: string; size: number }>(
          tx,
          sql`select f.id, f.size from mail_files f where f.id in (${ids}) and (
                (f.uploaded_by = ${actor.user.id}
                  and not exists (select 1 from mail_message_attachments a where a.file_id = f.id))
                or exists (select 1 from mail_message_attachments a join mail_messages m on m.id = a.message_id
                  where a.file_id = f.id and m.deal_id = ${deal.id}))
              for update of f`,
        );
  if (usable.length !== fileIds.length) throw invalid("fileIds", "No such file among yours or the deal's letters'");
  const taskIds = sql.join(
    taskFileIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const taskFiles =
    taskFileIds.length === 0
      ? []
      : await rows<{ id: string; size: number }>(
          tx,
          sql`select tf.id, tf.size from ${dealTaskFiles(actor.scope, deal.id)} and tf.id in (${taskIds})`,
        );
  if (taskFiles.length !== taskFileIds.length) throw invalid("taskFileIds", "No such file on the deal's tasks");
  const driveFiles = await driveFilesToCarryOrThrow(tx, actor, driveFileIds, "driveFileIds");
  const total = [...usable, ...taskFiles, ...driveFiles].reduce((sum, file) => sum + Number(file.size), 0);
  if (total > letterAttachmentLimitBytes)
    throw tooBig(driveFileIds.length > 0 ? "driveFileIds" : taskFileIds.length > 0 ? "taskFileIds" : "fileIds");

  // The letter keeps the file whatever happens to the task or the drive file later; the bytes are
  // shared (the same blob), not copied. A task file from before the blob store copies its bytes.
  const copied: string[] = [];
  for (const taskFileId of taskFileIds) {
    const [copy] = await rows<{ id: string }>(
      tx,
      sql`insert into mail_files (name, mime_type, size, data, blob_id, uploaded_by)
          select name, mime_type, size, data, blob_id, ${actor.user.id} from task_files where id = ${taskFileId}
          returning id`,
    );
    copied.push(copy!.id);
  }
  for (const driveFile of driveFiles) {
    const [copy] = await rows<{ id: string }>(
      tx,
      sql`insert into mail_files (name, mime_type, size, blob_id, uploaded_by)
          values (${driveFile.name}, ${driveFile.mimeType}, ${driveFile.size}, ${driveFile.blobId}, ${actor.user.id})
          returning id`,
    );
    copied.push(copy!.id);
  }
  const order = [...fileIds, ...copied];
  await tx
    .insert(mailMessageAttachments)
    .values(order.map((fileId, position) => ({ messageId: letterId, fileId, position })));
}

/**
 * Whether the caller sees the letter: as on the timeline, through its deal when it has one, else
 * through its company or contact.
 */
function letterVisible(scope: AccessScope) {
  return sql`(case when m.deal_id is not null
      then exists (select 1 from deals d where d.id = m.deal_id and d.deleted_at is null
        and ${scope.ownerCondition("deals", "read", sql`d.owner_id`)})
      else exists (select 1 from companies c where c.id = m.company_id and c.deleted_at is null
          and ${scope.ownerCondition("companies", "read", sql`c.owner_id`)})
        or exists (select 1 from contacts p where p.id = m.contact_id and p.deleted_at is null
          and ${scope.ownerCondition("contacts", "read", sql`p.owner_id`)})
      end)`;
}

/** The bytes of a letter's file, for a caller who sees the letter; 404 otherwise. */
export async function letterFileOrThrow(db: Database, actor: Actor, letterId: string, fileId: string) {
  const [found] = await rows<{ id: string }>(
    db,
    sql`select f.id from mail_messages m
        join mail_message_attachments a on a.message_id = m.id join mail_files f on f.id = a.file_id
        where m.id = ${letterId} and f.id = ${fileId} and ${letterVisible(actor.scope)}`,
  );
  if (!found) throw notFound();
  const [file] = await rows<{ name: string; mimeType: string; size: number } & StoredBytesRef>(
    db,
    sql`select f.name, f.mime_type as "mimeType", f.size, ${storedBytesColumns}
        from mail_files f ${storedBytesJoin} where f.id = ${fileId}`,
  );
  return file!;
}

/**
 * The letter's files for nodemailer: names and types now, each file's bytes read (from the store,
 * or the database for a file from before it) only when the message is written out, one at a time.
 */
export async function attachmentsForSending(db: Database, store: BlobStore, letterId: string) {
  const files = await rows<{ id: string; name: string; mimeType: string }>(
    db,
    sql`select f.id, f.name, f.mime_type as "mimeType" from mail_message_attachments a
        join mail_files f on f.id = a.file_id where a.message_id = ${letterId} order by a.position`,
  );
  return files.map((file) => ({
    filename: file.name,
    contentType: file.mimeType,
    content: Readable.from(
      (async function* () {
        const [stored] = await rows<StoredBytesRef>(
          db,
          sql`select ${storedBytesColumns} from mail_files f ${storedBytesJoin} where f.id = ${file.id}`,
        );
        if (!stored) throw new Error(`The attachment ${file.name} is gone`);
        yield* await openStoredBytes(store, stored);
      })(),
    ),
  }));
}
