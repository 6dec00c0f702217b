import type { DriveFile } from "@planerka/common";
import { IconFile, IconFileText, IconFileTypePdf, IconPhoto } from "@tabler/icons-react";
import { useState } from "react";
import { driveThumbnailUrl } from "../drive/drive-api";

/**
 * A picture's thumbnail, else an icon by kind. The thumbnail route needs rights on the file's
 * folder, which a person who only reads the record may lack: its 404 falls back to the icon.
 */
export function DriveFileIcon({ file, size = 32 }: { file: DriveFile; size?: number }) {
  const [failed, setFailed] = useState(false);
  if (file.hasThumbnail && !failed) {
    return (
      <img
        src={driveThumbnailUrl(file.id, file.versionNumber)}
        alt=""
        width={size}
        height={size}
        loading="lazy"
        onError={() => setFailed(true)}
        style={{ objectFit: "cover", borderRadius: 4, flexShrink: 0 }}
      />
    );
  }
  const props = { size: size - 6, stroke: 1.4, style: { flexShrink: 0, margin: 3 } };
  if (file.preview === "pdf") return <IconFileTypePdf {...props} color="var(--mantine-color-red-7)" />;
  if (file.preview === "image") return <IconPhoto {...props} color="var(--mantine-color-teal-7)" />;
  if (file.preview === "text") return <IconFileText {...props} color="var(--mantine-color-blue-7)" />;
  return <IconFile {...props} color="var(--mantine-color-gray-6)" />;
}
