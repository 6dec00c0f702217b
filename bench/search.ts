/**
 * Issue 23's search figures (part `lists`): substring search in the CRM lists through the trigram
 * indexes, and queries of several words, where every word must match (words and digits too). Each
 * row notes how many records the query finds, as the list's total is counted too.
 */

import { formatPhone } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type DatabaseHandle, rows } from "../server/src/platform/db/database";
import { type ApiClient, type Figure, timeIt } from "./measure";

export async function measureSearch(
  handle: DatabaseHandle,
  clients: { admin: ApiClient; seller: ApiClient },
): Promise<Figure[]> {
  // A client's phone as people type it: «+7 708 280 62 21».
  const [client] = await rows<{ phone: string }>(
    handle.db,
    sql`select phones[1] as phone from companies where deleted_at is null and cardinality(phones) > 0
        order by name, id limit 1`,
  );
  const queries: [string, ApiClient, string, string][] = [
    ["deals: manager's search by title", clients.seller, "deals", "проволока"],
    ["deals: title and company («проволока ТехноСнаб»)", clients.admin, "deals", "проволока ТехноСнаб"],
    ["companies: a piece of a name («ехноСна»)", clients.admin, "companies", "ехноСна"],
    ["companies: a word and digits («Снаб 1234»)", clients.admin, "companies", "Снаб 1234"],
    ["companies: a phone as written", clients.admin, "companies", formatPhone(client!.phone)],
    ["contacts: a piece of a surname («спанов»)", clients.admin, "contacts", "спанов"],
    ["deals: kanban with a search («ТехноСнаб»)", clients.admin, "deals/kanban", "ТехноСнаб"],
  ];
  const figures: Figure[] = [];
  for (const [name, caller, collection, q] of queries) {
    const url = `/api/v1/${collection}?${collection.endsWith("kanban") ? "" : "limit=50&"}q=${encodeURIComponent(q)}`;
    const answer = JSON.parse(Buffer.from(await caller.get(url)).toString()) as {
      total?: number;
      totalCapped?: boolean;
      columns?: { count: number }[];
    };
    const total = answer.total ?? answer.columns!.reduce((sum, column) => sum + column.count, 0);
    const found = `${total.toLocaleString("en")}${answer.totalCapped ? "+" : ""}`;
    figures.push({
      name,
      ...(await timeIt(() => caller.get(url))),
      note: `q=«${q}»: ${found} found`,
    });
    process.stdout.write(".");
  }
  return figures;
}
