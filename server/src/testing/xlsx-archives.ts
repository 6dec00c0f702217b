import ExcelJS from "exceljs";
import JSZip from "jszip";

/** A small valid workbook, then `extra` entries added to its archive (deflated). */
export async function workbookWith(extra: Record<string, Buffer | string> = {}, rows: unknown[][] = []) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Клиенты");
  sheet.addRow(["Наименование", "Город"]);
  sheet.addRow(["ТОО «Альфа»", "Алматы"]);
  for (const row of rows) sheet.addRow(row);
  const archive = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
  for (const [name, content] of Object.entries(extra)) archive.file(name, content);
  return archive.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/**
 * Rewrites the uncompressed size an archive declares for one entry (central directory and local
 * header), as a crafted file would: no gigabytes need exist to prove they are refused unread.
 */
export function declareSize(zip: Buffer, name: string, size: number): Buffer {
  const patched = Buffer.from(zip);
  const target = Buffer.from(name);
  for (let at = 0; at < patched.length - 46; at++) {
    const signature = patched.readUInt32LE(at);
    if (signature === 0x02014b50 && patched.subarray(at + 46, at + 46 + target.length).equals(target))
      patched.writeUInt32LE(size, at + 24);
    if (signature === 0x04034b50 && patched.subarray(at + 30, at + 30 + target.length).equals(target))
      patched.writeUInt32LE(size, at + 22);
  }
  return patched;
}
