import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError, notifySuccess } from "../../lib/notify";
import { isAbort, uploadDriveFileOrThrow } from "../drive/drive-upload";
import {
  type AttachmentTarget,
  attachFile,
  attachmentsFolderIdOrThrow,
  attachmentsFolderName,
  refreshAttachments,
} from "./record-files-api";

export interface RecordUpload {
  name: string;
  sent: number;
  total: number;
}

/**
 * Files from the computer onto a record: each goes into «Мой диск» / «Вложения» by the drive's
 * resumable upload and is then attached. One file at a time; a cancel stops the rest.
 */
export function useRecordUpload(target: AttachmentTarget) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [upload, setUpload] = useState<RecordUpload | null>(null);
  const abort = useRef<AbortController | null>(null);

  const send = async (files: File[]) => {
    if (files.length === 0 || abort.current) return;
    const controller = new AbortController();
    abort.current = controller;
    try {
      // One folder whatever the interface language: switching it must not make a second one.
      const folderId = await attachmentsFolderIdOrThrow(attachmentsFolderName);
      for (const file of files) {
        setUpload({ name: file.name, sent: 0, total: file.size });
        const stored = await uploadDriveFileOrThrow({
          file,
          name: file.name,
          folderId,
          signal: controller.signal,
          onProgress: ({ sent, total }) => setUpload({ name: file.name, sent, total }),
        });
        await attachFile(target, stored.id);
        notifySuccess(t("driveFiles.attached", { name: stored.name }));
        refreshAttachments(queryClient, target);
      }
    } catch (error) {
      if (!isAbort(error)) notifyError(error);
    } finally {
      abort.current = null;
      setUpload(null);
      refreshAttachments(queryClient, target);
    }
  };

  return { upload, send, cancel: () => abort.current?.abort() };
}
