import { SaxesParser } from "saxes";
import { AppError } from "../../platform/errors/problem";

/** The XML of WebDAV (RFC 4918), CalDAV (RFC 4791) and sync-collection (RFC 6578): read small request bodies, write multistatus answers. */

export const ns = {
  dav: "DAV:",
  caldav: "urn:ietf:params:xml:ns:caldav",
  calendarServer: "http://calendarserver.org/ns/",
  apple: "http://apple.com/ns/ical/",
} as const;

export interface XmlNode {
  /** `{namespace}local`, the way the answers key properties too. */
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

export const qualified = (namespace: string, local: string) => `{${namespace}}${local}`;

/** Parses a request body; an empty body is null (PROPFIND without one means «all properties»). */
export function parseXmlOrThrow(body: string): XmlNode | null {
  if (body.trim() === "") return null;
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  parser.on("opentag", (tag) => {
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) {
      if (typeof attribute === "object") attributes[attribute.local] = attribute.value;
    }
    const node: XmlNode = { name: qualified(tag.uri ?? "", tag.local ?? tag.name), attributes, children: [], text: "" };
    if (stack.length > 0) stack[stack.length - 1]!.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on("text", (text) => {
    if (stack.length > 0) stack[stack.length - 1]!.text += text;
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  try {
    parser.write(body).close();
  } catch (error) {
    throw new AppError(
      400,
      "Bad Request",
      `XML: ${error instanceof Error ? error.message.slice(0, 200) : "unreadable"}`,
    );
  }
  return root;
}

export function child(node: XmlNode | null | undefined, name: string): XmlNode | undefined {
  return node?.children.find((candidate) => candidate.name === name);
}

export function descendants(node: XmlNode | null | undefined, name: string): XmlNode[] {
  if (!node) return [];
  return node.children.flatMap((candidate) => [
    ...(candidate.name === name ? [candidate] : []),
    ...descendants(candidate, name),
  ]);
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/[\s\S]/g, (character) => {
      // XML 1.0 has no place for control characters other than tab and line breaks.
      const code = character.charCodeAt(0);
      return code < 32 && code !== 9 && code !== 10 && code !== 13 ? "" : character;
    });
}

const prefixes: Record<string, string> = {
  [ns.dav]: "d",
  [ns.caldav]: "c",
  [ns.calendarServer]: "cs",
  [ns.apple]: "a",
};

/** `{DAV:}href` → `d:href` (every namespace a property may come from is declared on the root). */
function tagOf(name: string): string {
  const match = /^\{(.*)\}(.*)$/.exec(name);
  if (!match) return name;
  const prefix = prefixes[match[1]!];
  return prefix ? `${prefix}:${match[2]}` : match[2]!;
}

/** A property's value as inner XML (already escaped), or null when the resource has no such property. */
export type PropertyValues = Record<string, string>;

export interface ResourceAnswer {
  href: string;
  /** Null: the resource is gone (sync-collection) or was not found (multiget). */
  properties: PropertyValues | null;
  /** The names asked for; null answers every property the resource has. */
  requested?: readonly string[] | null;
}

function propstat(names: readonly string[], values: PropertyValues, status: string) {
  if (names.length === 0) return "";
  const body = names
    .map((name) => {
      const tag = tagOf(name);
      const foreign = tag === name ? ` xmlns="${escapeXml(/^\{(.*)\}/.exec(name)?.[1] ?? "")}"` : "";
      const local = tag === name ? (/\}(.*)$/.exec(name)?.[1] ?? name) : tag;
      const value = values[name];
      return value === undefined || value === "" ? `<${local}${foreign}/>` : `<${local}${foreign}>${value}</${local}>`;
    })
    .join("");
  return `<d:propstat><d:prop>${body}</d:prop><d:status>HTTP/1.1 ${status}</d:status></d:propstat>`;
}

export function multistatus(answers: readonly ResourceAnswer[], syncToken?: string): string {
  const responses = answers
    .map(({ href, properties, requested }) => {
      if (properties === null)
        return `<d:response><d:href>${escapeXml(href)}</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>`;
      const names = requested ?? Object.keys(properties);
      const found = names.filter((name) => properties[name] !== undefined);
      const missing = names.filter((name) => properties[name] === undefined);
      return `<d:response><d:href>${escapeXml(href)}</d:href>${propstat(found, properties, "200 OK")}${propstat(missing, {}, "404 Not Found")}</d:response>`;
    })
    .join("");
  const token = syncToken === undefined ? "" : `<d:sync-token>${escapeXml(syncToken)}</d:sync-token>`;
  return `<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus xmlns:d="DAV:" xmlns:c="${ns.caldav}" xmlns:cs="${ns.calendarServer}" xmlns:a="${ns.apple}">${responses}${token}</d:multistatus>`;
}

/** The property names a PROPFIND or REPORT asks for; null for allprop or no body. */
export function requestedProperties(root: XmlNode | null): string[] | null {
  const prop = child(root, qualified(ns.dav, "prop"));
  if (!prop) return null;
  return prop.children.map((node) => node.name);
}
