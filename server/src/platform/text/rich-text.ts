import sanitizeHtml from "sanitize-html";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const safeHref = /^(https?:\/\/|mailto:)/i;

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "a",
    "span",
  ],
  allowedAttributes: { a: ["href", "rel", "target"], span: ["data-mention-id"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    // Only absolute web and mail links survive, and they never reach back into the opener.
    a: (_tagName, attribs): sanitizeHtml.Tag => {
      const href = (attribs.href ?? "").trim();
      if (!safeHref.test(href)) return { tagName: "a", attribs: {} };
      return { tagName: "a", attribs: { href, rel: "noopener noreferrer", target: "_blank" } };
    },
    // A span is kept only as a mention of a user id.
    span: (_tagName, attribs): sanitizeHtml.Tag => {
      const id = attribs["data-mention-id"] ?? "";
      return uuidPattern.test(id)
        ? { tagName: "span", attribs: { "data-mention-id": id.toLowerCase() } }
        : { tagName: "span", attribs: {} };
    },
  },
  // A link without a safe address or a span without a mention loses its tag and keeps its text.
  exclusiveFilter: (frame) =>
    (frame.tag === "a" && !frame.attribs.href) || (frame.tag === "span" && !frame.attribs["data-mention-id"])
      ? "excludeTag"
      : false,
};

/**
 * Rich text from the editor reduced to an allowlist of tags: paragraphs, emphasis, lists, headings,
 * code, quotes, http(s)/mailto links (opened in a new tab without an opener) and mention spans.
 * Script, styles, event handlers and other schemes are removed, so the web app may render it as HTML.
 */
export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, options);
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Plain text as rich text: escaped, blank lines become paragraphs and single line breaks `<br />`. */
export function plainTextToHtml(text: string): string {
  const paragraphs = text
    .replaceAll("\r\n", "\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  return paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replaceAll("\n", "<br />")}</p>`).join("");
}

/** Whether the input holds any tag; text without one is taken as plain text, not HTML. */
export function looksLikeHtml(input: string): boolean {
  return /<\/?[a-z][^>]*>/i.test(input);
}

/**
 * What to store from a rich-text field: HTML is sanitised, plain text (a textarea, an API client,
 * the workflow engine) is escaped with its line breaks kept.
 */
export function richTextOf(input: string): string {
  return looksLikeHtml(input) ? sanitizeRichText(input) : plainTextToHtml(input);
}

/** The text of stored rich text, for notifications and previews. */
export function richTextToPlain(html: string): string {
  const text = sanitizeHtml(html.replace(/<\/(p|li|h2|h3|blockquote|pre)>|<br\s*\/?>/gi, "$& "), {
    allowedTags: [],
    allowedAttributes: {},
  });
  return text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ")
    .trim();
}
