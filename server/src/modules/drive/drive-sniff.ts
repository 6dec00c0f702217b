import { fileTypeFromBuffer } from "file-type";

/** How many leading bytes decide a file's type (what file-type itself reads). */
export const sniffBytes = 4100;

export const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const pptxType = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

const officeByExtension: Record<string, string> = { docx: docxType, xlsx: xlsxType, pptx: pptxType };
const officeTypes = new Set(Object.values(officeByExtension));

/**
 * Markup a browser would render as a page (WHATWG MIME sniffing's HTML patterns): whatever the name
 * says, such a file is HTML and is never shown inline.
 */
const htmlStart =
  /^<(!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)(?=[\s>/]|$)/i;

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}

/** The head decoded as UTF-8 text, or null when it holds bytes no text file has. */
function textOf(head: Buffer): string | null {
  // A multi-byte character cut at the end of the head is still text.
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = head[end - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (back < needed) end -= back;
    }
    break;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, end));
  } catch {
    return null;
  }
  // NUL and other C0 controls (but tab, line breaks, form feed and escape) mean a binary file.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
  if (/[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]/.test(text)) return null;
  return text.replace(/^\uFEFF/, "");
}

function markupType(text: string): string | null {
  const start = text.trimStart();
  if (htmlStart.test(start)) return "text/html";
  if (/^<svg(?=[\s>/]|$)/i.test(start)) return "image/svg+xml";
  // A prolog, doctype or comment first: what follows decides.
  if (/^<(\?xml|!doctype|!--)/i.test(start)) {
    if (/<svg(?=[\s>/]|$)/i.test(start)) return "image/svg+xml";
    if (/<(html|script|body)(?=[\s>/]|$)/i.test(start)) return "text/html";
  }
  return null;
}

/**
 * The type of a file from its first bytes (`sniffBytes` of them). The name and declared type only
 * choose among the Office formats when the content is a zip and the head alone cannot tell; a
 * `.pdf` that holds HTML is HTML.
 */
export async function sniffMimeType(head: Buffer, declaredName: string, declaredType: string): Promise<string> {
  const bytes = head.subarray(0, sniffBytes);
  const text = textOf(bytes);
  if (text !== null) {
    const markup = markupType(text);
    if (markup) return markup;
  }
  const detected = await fileTypeFromBuffer(bytes).catch(() => undefined);
  if (detected && detected.mime !== "application/xml") {
    if (detected.mime !== "application/zip") return detected.mime;
    const byName = officeByExtension[extensionOf(declaredName)];
    if (byName) return byName;
    const declared = declaredType.trim().toLowerCase();
    return officeTypes.has(declared) ? declared : "application/zip";
  }
  if (text !== null) {
    const declared = declaredType.trim().toLowerCase();
    return extensionOf(declaredName) === "csv" || declared === "text/csv" ? "text/csv" : "text/plain";
  }
  return "application/octet-stream";
}

export type PreviewKind = "image" | "pdf" | "text" | "none";

const previewKinds: Record<string, PreviewKind> = {
  "image/png": "image",
  "image/jpeg": "image",
  "image/gif": "image",
  "image/webp": "image",
  "application/pdf": "pdf",
  [docxType]: "text",
  [xlsxType]: "text",
  "text/plain": "text",
  "text/csv": "text",
};

/** How a file may be previewed; SVG and HTML never are (they could run script on our origin). */
export function previewKindOf(mimeType: string): PreviewKind {
  return previewKinds[mimeType] ?? "none";
}
