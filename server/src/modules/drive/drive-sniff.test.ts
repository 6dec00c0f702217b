import ExcelJS from "exceljs";
import JSZip from "jszip";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { docxType, previewKindOf, sniffMimeType, xlsxType } from "./drive-sniff";

const png = () =>
  sharp({ create: { width: 4, height: 4, channels: 3, background: "#c00" } })
    .png()
    .toBuffer();

async function zipOf(entries: Record<string, string | Buffer>) {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(entries)) zip.file(name, content);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

describe("sniffMimeType", () => {
  it("takes the type from the content, not from the name or the declared type", async () => {
    expect(await sniffMimeType(await png(), "photo.txt", "text/plain")).toBe("image/png");
    const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#0c0" } })
      .jpeg()
      .toBuffer();
    expect(await sniffMimeType(jpeg, "report.pdf", "application/pdf")).toBe("image/jpeg");
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");
    expect(await sniffMimeType(pdf, "scan.bin", "application/octet-stream")).toBe("application/pdf");
  });

  it("calls markup HTML or SVG whatever the name, after a BOM and white space", async () => {
    const html = (text: string) => sniffMimeType(Buffer.from(text), "price.pdf", "application/pdf");
    expect(await html("<!DOCTYPE html><html><body>hi</body></html>")).toBe("text/html");
    expect(await html("\uFEFF  \n<HTML><script>alert(1)</script>")).toBe("text/html");
    expect(await html("<script>alert(document.cookie)</script>")).toBe("text/html");
    expect(await html("<!-- note -->\n<html>")).toBe("text/html");
    expect(await sniffMimeType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), "a.png", "image/png")).toBe(
      "image/svg+xml",
    );
    const prolog = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n<SVG onload="alert(1)"></SVG>';
    expect(await sniffMimeType(Buffer.from(prolog), "logo.jpg", "image/jpeg")).toBe("image/svg+xml");
  });

  it("calls UTF-8 text plain text (CSV for .csv) and anything else bytes", async () => {
    const russian = Buffer.from("Сварочный аппарат; 120 000 ₸\n".repeat(400));
    expect(await sniffMimeType(russian, "notes.md", "text/markdown")).toBe("text/plain");
    // The head cuts a two-byte letter in half: still text.
    expect(await sniffMimeType(russian.subarray(0, 4099), "notes", "")).toBe("text/plain");
    expect(await sniffMimeType(Buffer.from("name;city\nАльфа;Алматы\n"), "clients.CSV", "text/plain")).toBe("text/csv");
    expect(await sniffMimeType(Buffer.from([0x00, 0x01, 0x02, 0xff, 0x10]), "a.txt", "text/plain")).toBe(
      "application/octet-stream",
    );
    expect(await sniffMimeType(Buffer.from("caf\xe9 na\xefve", "latin1"), "a.txt", "text/plain")).toBe(
      "application/octet-stream",
    );
    expect(await sniffMimeType(Buffer.from('<?xml version="1.0"?><note/>'), "a.xml", "application/xml")).toBe(
      "text/plain",
    );
  });

  it("tells Office files apart, from their content when the head has it, else from the name", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Прайс").addRow(["Сварочный аппарат", 120000]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await sniffMimeType(xlsx.subarray(0, 4100), "price.xlsx", xlsxType)).toBe(xlsxType);

    const docx = await zipOf({
      "[Content_Types].xml":
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      "word/document.xml": "<w:document/>",
    });
    expect(await sniffMimeType(docx, "letter.bin", "application/octet-stream")).toBe(docxType);

    // A zip whose head says nothing of Office: the name decides among the Office types only.
    const plainZip = await zipOf({ "data/a.bin": Buffer.alloc(10_000, 7) });
    expect(await sniffMimeType(plainZip.subarray(0, 4100), "letter.docx", "")).toBe(docxType);
    expect(await sniffMimeType(plainZip.subarray(0, 4100), "archive", xlsxType)).toBe(xlsxType);
    expect(await sniffMimeType(plainZip.subarray(0, 4100), "archive.zip", "application/zip")).toBe("application/zip");
    // A name ending in .docx does not make a PNG a document.
    expect(await sniffMimeType(await png(), "letter.docx", docxType)).toBe("image/png");
  });
});

describe("previewKindOf", () => {
  it("previews pictures, PDFs and text, never SVG or HTML", () => {
    expect(["image/png", "image/jpeg", "image/gif", "image/webp"].map(previewKindOf)).toEqual(Array(4).fill("image"));
    expect(previewKindOf("application/pdf")).toBe("pdf");
    expect([docxType, xlsxType, "text/plain", "text/csv"].map(previewKindOf)).toEqual(Array(4).fill("text"));
    for (const type of ["image/svg+xml", "text/html", "application/zip", "image/tiff", "application/octet-stream"])
      expect(previewKindOf(type)).toBe("none");
  });
});
