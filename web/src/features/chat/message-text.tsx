import type { PersonRef } from "@planerka/common";
import type { ReactNode } from "react";
import { AnchorLink } from "../../lib/links";
import classes from "./chat.module.css";

/** `@[Name](user-id)`, how the contract writes a mention. */
const mentionPattern = /@\[([^\]\r\n]{1,200})\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi;
/** Only web addresses become links; `javascript:` and every other scheme stay text. */
const urlPattern = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const trailingPunctuation = /[.,;:!?»"')\]]+$/;

/** The body with each mention as `@Name`: for previews, quotes and notifications. */
export function plainText(body: string): string {
  return body.replace(mentionPattern, (_match, name: string) => `@${name}`);
}

/** A URL without the punctuation that ends the sentence around it (a closing parenthesis it opened stays). */
function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const match = trailingPunctuation.exec(url);
    if (!match) return url;
    const last = url.at(-1);
    if (last === ")" && (url.match(/\(/g)?.length ?? 0) >= (url.match(/\)/g)?.length ?? 0)) return url;
    url = url.slice(0, -1);
  }
}

function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function linkify(text: string, key: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    const index = match.index ?? 0;
    const url = trimUrl(match[0]);
    const href = safeHref(url);
    if (!href) continue;
    if (index > last) parts.push(text.slice(last, index));
    parts.push(
      <a key={`${key}-${index}`} href={href} target="_blank" rel="noopener noreferrer" className={classes.link}>
        {url}
      </a>,
    );
    last = index + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

interface MessageTextProps {
  body: string;
  /** The people the server recognised as mentioned; other markers stay plain `@Name`. */
  mentions: PersonRef[];
  meId: string;
}

/**
 * A message body as React text nodes: http(s) addresses become links that open in a new tab,
 * mentions of chat members become highlighted names. Nothing is ever handed to the page as markup.
 */
export function MessageText({ body, mentions, meId }: MessageTextProps) {
  const known = new Map(mentions.map((person) => [person.id.toLowerCase(), person.name]));
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of body.matchAll(mentionPattern)) {
    const [whole, name = "", rawId = ""] = match;
    const index = match.index ?? 0;
    if (index > last) parts.push(...linkify(body.slice(last, index), String(last)));
    const id = rawId.toLowerCase();
    const person = known.get(id);
    if (person === undefined) parts.push(`@${name}`);
    else
      parts.push(
        <AnchorLink
          key={`m-${index}`}
          to="/users"
          search={{ user: id }}
          className={classes.mention}
          data-mention-id={id}
          data-me={id === meId.toLowerCase() || undefined}
          underline="never"
        >
          @{person}
        </AnchorLink>,
      );
    last = index + whole.length;
  }
  if (last < body.length) parts.push(...linkify(body.slice(last), String(last)));
  return <span className={classes.text}>{parts}</span>;
}
