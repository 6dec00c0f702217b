import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { escapeHtml, looksLikeHtml, plainTextToHtml, sanitizeRichText } from "../../platform/text/rich-text";

/** `@[Name](user-id)`, the contract's way of writing a mention. */
const markerPattern = /@\[([^\]\r\n]{1,200})\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi;
const spanPattern = /data-mention-id\s*=\s*["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;
/** Private-use characters hold each marker's place while the text is escaped or sanitised. */
const placeholderPattern = /\uE000(\d+)\uE001/g;

export interface MentionedBody {
  /** Sanitised HTML, each resolved mention a `<span data-mention-id>` with the person's current name. */
  html: string;
  /** Active users mentioned, each once. */
  mentionIds: string[];
}

/**
 * Turns a comment as written (HTML from the editor or plain text) into sanitised HTML, resolving
 * its mentions — markers and mention spans alike — to active employees. A mention of anyone else
 * stays plain text.
 */
export async function mentionedBodyOf(executor: Executor, input: string): Promise<MentionedBody> {
  const markers: { name: string; id: string }[] = [];
  const marked = input.replace(/[\uE000\uE001]/g, "").replace(markerPattern, (_match, name: string, id: string) => {
    markers.push({ name, id: id.toLowerCase() });
    return `\uE000${markers.length - 1}\uE001`;
  });
  const candidates = [
    ...new Set([
      ...markers.map((marker) => marker.id),
      ...[...marked.matchAll(spanPattern)].map((m) => m[1]!.toLowerCase()),
    ]),
  ];
  const people =
    candidates.length === 0
      ? []
      : await rows<{ id: string; name: string }>(
          executor,
          sql`select id, name from users where active and id in (${sql.join(
            candidates.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
        );
  const names = new Map(people.map((person) => [person.id, person.name]));
  const html = looksLikeHtml(marked);
  const withMarkers = (html ? marked : plainTextToHtml(marked)).replace(placeholderPattern, (_match, index: string) => {
    const marker = markers[Number(index)]!;
    const name = names.get(marker.id);
    if (name === undefined) return html ? `@${marker.name}` : escapeHtml(`@${marker.name}`);
    return `<span data-mention-id="${marker.id}">@${escapeHtml(name)}</span>`;
  });
  const sanitised = sanitizeRichText(withMarkers);
  const mentioned = [...sanitised.matchAll(spanPattern)].map((m) => m[1]!.toLowerCase()).filter((id) => names.has(id));
  return { html: sanitised, mentionIds: [...new Set(mentioned)] };
}

/**
 * Mentioned people who take no part in the task become observers, so the link they get opens.
 * Returns who was added.
 */
export async function addMentionedObservers(
  executor: Executor,
  taskId: string,
  userIds: readonly string[],
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const added = await rows<{ userId: string }>(
    executor,
    sql`insert into task_members (task_id, user_id, role)
        select ${taskId}, u.id, 'observer' from users u
        where u.id in (${sql.join(
          userIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) and not exists (select 1 from task_members m where m.task_id = ${taskId} and m.user_id = u.id)
        on conflict do nothing
        returning user_id as "userId"`,
  );
  return added.map((row) => row.userId);
}

export const uuidArray = (ids: readonly string[]) =>
  ids.length === 0
    ? sql`'{}'::uuid[]`
    : sql`array[${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}]`;
