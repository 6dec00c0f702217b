import { Combobox, Text, Textarea, type TextareaProps, Typography, useCombobox } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import type { PersonRef } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { createElement, Fragment, type ReactNode, useEffect, useRef, useState } from "react";
import { AnchorLink } from "../../lib/links";
import { usersQuery } from "../org/users-api";

/** `@[Name](user-id)`: how a mention is written in a comment (common/src/api/tasks.ts). */
const mentionPattern = /@\[([^\]\n]{1,200})\]\(([0-9a-fA-F-]{36})\)/g;
const uuidPattern = /^[0-9a-fA-F-]{36}$/;
const safeHref = /^(https?:\/\/|mailto:)/i;

function parse(body: string): Node {
  // The browser's parser builds an inert document: nothing in it runs or loads.
  return new DOMParser().parseFromString(body, "text/html").body;
}

/**
 * A stored comment back as the text it was written as, for editing: paragraphs and line breaks
 * become new lines, mention spans become `@[Name](id)` again so that they stay mentions.
 */
export function commentToEditable(body: string): string {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) return void out.push(node.textContent ?? "");
    if (!(node instanceof Element)) return;
    const tag = node.tagName.toLowerCase();
    if (tag === "br") return void out.push("\n");
    const mention = tag === "span" ? node.getAttribute("data-mention-id") : null;
    if (mention && uuidPattern.test(mention)) {
      return void out.push(`@[${(node.textContent ?? "").replace(/^@/, "").replace(/[[\]()]/g, "")}](${mention})`);
    }
    for (const child of node.childNodes) walk(child);
    if (["p", "li", "h2", "h3", "blockquote", "pre", "div"].includes(tag)) out.push("\n\n");
  };
  walk(parse(body));
  return out
    .join("")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const escapeHtml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/**
 * A comment typed in the plain text box, sent as HTML: escaped, so that what was typed (`<b>`
 * included) is what everyone reads; blank lines make paragraphs, line breaks stay. The
 * `@[Name](id)` markers pass through for the server to resolve.
 */
export function commentToHtml(text: string): string {
  return text
    .replaceAll("\r\n", "\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replaceAll("\n", "<br>")}</p>`)
    .join("");
}

/** Plain text with `@[Name](id)` markers (a comment the server has not rewritten) as text and links. */
function textWithMarkers(text: string, key: string, names: Map<string, string>): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(mentionPattern)) {
    const [whole, name = "", id = ""] = match;
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    parts.push(<MentionLink key={`${key}-${index}`} id={id} name={names.get(id.toLowerCase()) ?? name} />);
    last = index + whole.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function MentionLink({ id, name }: { id: string; name: string }) {
  return (
    <AnchorLink to="/users" search={{ user: id }} fw={600} size="sm" data-mention={id}>
      @{name.replace(/^@/, "")}
    </AnchorLink>
  );
}

/** The tags the server's sanitiser keeps, drawn as React elements; anything else keeps only its text. */
const blockTags = new Set(["p", "ul", "ol", "li", "blockquote", "pre", "h2", "h3"]);
const inlineTags = new Set(["strong", "b", "em", "i", "u", "s", "code"]);

function renderNode(node: Node, key: string, names: Map<string, string>): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return textWithMarkers(node.textContent ?? "", key, names);
  if (!(node instanceof Element)) return null;
  const tag = node.tagName.toLowerCase();
  const children = [...node.childNodes].map((child, index) => renderNode(child, `${key}.${index}`, names));
  if (tag === "br") return <br key={key} />;
  if (tag === "span") {
    const id = node.getAttribute("data-mention-id");
    if (id && uuidPattern.test(id))
      return <MentionLink key={key} id={id} name={names.get(id) ?? node.textContent ?? ""} />;
    return <Fragment key={key}>{children}</Fragment>;
  }
  if (tag === "a") {
    const href = node.getAttribute("href") ?? "";
    if (!safeHref.test(href)) return <Fragment key={key}>{children}</Fragment>;
    return (
      <a key={key} href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    );
  }
  if (blockTags.has(tag) || inlineTags.has(tag)) return createElement(tag, { key }, children);
  return <Fragment key={key}>{children}</Fragment>;
}

/**
 * A comment as the server stored it (sanitised HTML with mention spans), drawn node by node as
 * React elements: the allowed formatting, links that open in a new tab, and mentions as links to
 * the people. Nothing is passed to the page as markup.
 */
export function MentionText({ body, mentions }: { body: string; mentions: PersonRef[] }) {
  const names = new Map(mentions.map((person) => [person.id.toLowerCase(), person.name]));
  const root = parse(body);
  return (
    <Typography fz="sm" style={{ overflowWrap: "anywhere" }}>
      <div>{[...root.childNodes].map((child, index) => renderNode(child, String(index), names))}</div>
    </Typography>
  );
}

/** The `@query` being typed just before the caret, if any. */
function mentionQueryAt(value: string, caret: number): { start: number; query: string } | null {
  const before = value.slice(0, caret);
  const match = /(^|\s)@([^\s@[\]()]{0,40})$/.exec(before);
  if (!match) return null;
  return { start: caret - (match[2]?.length ?? 0) - 1, query: match[2] ?? "" };
}

interface MentionTextareaProps extends Omit<TextareaProps, "value" | "onChange"> {
  value: string;
  onChange: (value: string) => void;
  /** Ctrl+Enter sends. */
  onSubmit?: () => void;
  hint: string;
}

/** A comment box: typing @ offers employees by name and inserts `@[Name](id)`. */
export function MentionTextarea({ value, onChange, onSubmit, hint, ...props }: MentionTextareaProps) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const ref = useRef<HTMLTextAreaElement>(null);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [debounced] = useDebouncedValue(mention?.query ?? "", 200);
  const { data } = useQuery({
    ...usersQuery({ limit: 8, q: debounced || undefined, active: "true", sort: "name" }),
    enabled: mention !== null,
  });
  const people = mention ? (data?.items ?? []) : [];
  const firstId = people[0]?.id;

  // Enter picks the first match, as in Bitrix24's mention box.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the store is a new object on every render; a new first match is what counts.
  useEffect(() => {
    if (firstId) combobox.selectFirstOption();
  }, [firstId]);

  const track = (next: string, caret: number) => {
    const found = mentionQueryAt(next, caret);
    setMention(found);
    if (found) combobox.openDropdown();
    else combobox.closeDropdown();
  };

  const insert = (id: string) => {
    const person = people.find((user) => user.id === id);
    if (!person || !mention) return;
    const caret = ref.current?.selectionStart ?? value.length;
    const token = `@[${person.name.replace(/[[\]()]/g, "")}](${person.id}) `;
    const next = value.slice(0, mention.start) + token + value.slice(caret);
    onChange(next);
    setMention(null);
    combobox.closeDropdown();
    const position = mention.start + token.length;
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(position, position);
    });
  };

  return (
    <Combobox store={combobox} onOptionSubmit={insert} position="bottom-start" withinPortal={false}>
      <Combobox.Target>
        <Textarea
          ref={ref}
          value={value}
          autosize
          minRows={2}
          maxRows={10}
          onChange={(event) => {
            onChange(event.currentTarget.value);
            track(event.currentTarget.value, event.currentTarget.selectionStart);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && onSubmit) {
              event.preventDefault();
              onSubmit();
            }
          }}
          onBlur={() => combobox.closeDropdown()}
          {...props}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!mention || people.length === 0}>
        <Combobox.Header>
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        </Combobox.Header>
        <Combobox.Options>
          {people.map((person) => (
            <Combobox.Option key={person.id} value={person.id}>
              <Text size="sm">{person.name}</Text>
              {person.position && (
                <Text size="xs" opacity={0.75}>
                  {person.position}
                </Text>
              )}
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
