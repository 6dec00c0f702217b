import type { DriveFile, DriveFolder } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../lib/confirm-modal";
import { notifyError, notifySuccess } from "../../lib/notify";
import {
  type DriveTarget,
  deleteFile,
  deleteFolder,
  lockFile,
  refreshDrive,
  updateFile,
  updateFolder,
} from "./drive-api";
import { DriveGrantsDialog } from "./drive-grants-dialog";
import type { FileAction, FolderAction } from "./drive-listing";
import { DriveMoveDialog } from "./drive-move-dialog";
import { DriveNameDialog } from "./drive-name-dialog";
import { DrivePreviewDialog } from "./drive-preview";
import { DriveShareDialog } from "./drive-share-dialog";
import { DriveVersionsDialog } from "./drive-versions-dialog";

type Item = { type: "file"; file: DriveFile } | { type: "folder"; folder: DriveFolder };

const nameOf = (item: Item) => (item.type === "file" ? item.file.name : item.folder.name);

/**
 * What the rows' menus open: one dialog at a time (rename, move, versions, link, access, delete,
 * preview), with the calls behind them. `dialogs` is rendered once by the page.
 */
export function useDriveActions(options: { openFolder: (folder: DriveFolder) => void }): {
  onFolder: (folder: DriveFolder, action: FolderAction) => void;
  onFile: (file: DriveFile, action: FileAction) => void;
  openAccess: (folder: DriveFolder) => void;
  dialogs: ReactNode;
} {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState<Item | null>(null);
  const [moving, setMoving] = useState<Item | null>(null);
  const [removing, setRemoving] = useState<Item | null>(null);
  const [versions, setVersions] = useState<DriveFile | null>(null);
  const [preview, setPreview] = useState<DriveFile | null>(null);
  const [sharing, setSharing] = useState<DriveTarget | null>(null);
  const [access, setAccess] = useState<DriveFolder | null>(null);

  const done = (message: string) => {
    notifySuccess(message);
    refreshDrive(queryClient);
  };

  const onFolder = (folder: DriveFolder, action: FolderAction) => {
    const item: Item = { type: "folder", folder };
    if (action === "open") options.openFolder(folder);
    else if (action === "rename") setRenaming(item);
    else if (action === "move") setMoving(item);
    else if (action === "delete") setRemoving(item);
    else if (action === "access") setAccess(folder);
    else if (action === "share") setSharing({ type: "folder", id: folder.id, name: folder.name });
  };

  const onFile = (file: DriveFile, action: FileAction) => {
    const item: Item = { type: "file", file };
    if (action === "preview") setPreview(file);
    else if (action === "rename") setRenaming(item);
    else if (action === "move") setMoving(item);
    else if (action === "delete") setRemoving(item);
    else if (action === "versions") setVersions(file);
    else if (action === "share") setSharing({ type: "file", id: file.id, name: file.name });
    else if (action === "lock" || action === "unlock") {
      lockFile(file.id, action === "lock").then(
        () => done(t(action === "lock" ? "drive.locked" : "drive.unlocked")),
        notifyError,
      );
    }
  };

  const rename = async (name: string) => {
    if (!renaming) return;
    if (renaming.type === "file") await updateFile(renaming.file.id, { name, version: renaming.file.version });
    else await updateFolder(renaming.folder.id, { name, version: renaming.folder.version });
    setRenaming(null);
    done(t("drive.rename.done"));
  };

  const move = async (folderId: string) => {
    if (!moving) return;
    if (moving.type === "file") await updateFile(moving.file.id, { folderId, version: moving.file.version });
    else await updateFolder(moving.folder.id, { parentId: folderId, version: moving.folder.version });
    setMoving(null);
    done(t("drive.move.done"));
  };

  const remove = async () => {
    if (!removing) return;
    if (removing.type === "file") await deleteFile(removing.file.id);
    else await deleteFolder(removing.folder.id);
    done(t("drive.remove.done"));
  };

  const dialogs = (
    <>
      <DriveNameDialog
        opened={renaming !== null}
        title={t("drive.rename.title")}
        initial={renaming ? nameOf(renaming) : ""}
        onClose={() => setRenaming(null)}
        onSubmit={rename}
      />
      <DriveMoveDialog
        target={
          moving
            ? moving.type === "file"
              ? { folderId: null, name: moving.file.name, parentId: moving.file.folderId }
              : { folderId: moving.folder.id, name: moving.folder.name, parentId: moving.folder.parentId }
            : null
        }
        onClose={() => setMoving(null)}
        onMove={move}
      />
      <ConfirmModal
        opened={removing !== null}
        title={t(removing?.type === "folder" ? "drive.remove.folderTitle" : "drive.remove.fileTitle")}
        message={t("drive.remove.message", { name: removing ? nameOf(removing) : "" })}
        confirmLabel={t("drive.actions.delete")}
        onConfirm={remove}
        onClose={() => setRemoving(null)}
      />
      <DriveVersionsDialog file={versions} onClose={() => setVersions(null)} />
      <DrivePreviewDialog file={preview} onClose={() => setPreview(null)} />
      <DriveShareDialog target={sharing} onClose={() => setSharing(null)} />
      <DriveGrantsDialog folder={access} onClose={() => setAccess(null)} />
    </>
  );

  return { onFolder, onFile, openAccess: setAccess, dialogs };
}
