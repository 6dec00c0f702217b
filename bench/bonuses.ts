import { sql } from "drizzle-orm";
import { type DatabaseHandle, rows } from "../server/src/platform/db/database";
import type { ApiClient, Figure } from "./measure";
import { timeIt } from "./measure";

/**
 * The bonus sheet (issue #17): a half-year for the whole company and for one head's unit, read
 * through the API as the «Премии» screen reads it (lines first, one person's deals when opened)
 * and whole, with every deal. Half-year schemes for managers and heads are added when missing.
 */
export async function measureBonusSheets(
  handle: DatabaseHandle,
  clients: { admin: ApiClient; head: ApiClient },
  headUnitId: string,
): Promise<Figure[]> {
  const [existing] = await rows<{ count: number }>(
    handle.db,
    sql`select count(*)::int as count from bonus_schemes where period = 'half'`,
  );
  if (!existing?.count) {
    await handle.db.execute(
      sql`insert into bonus_schemes (name, period, applies_role, base, bands, mode, fixed, cap, coefficient_floor)
          values ('Бенчмарк: менеджеры, полугодие', 'half', 'manager', 'own',
                  '[{"fromCompletion":"80.00","rate":"1.0000"},{"fromCompletion":"100.00","rate":"2.0000"}]', 'linear', 0, null, 70),
                 ('Бенчмарк: руководители, полугодие', 'half', 'head', 'unit',
                  '[{"fromCompletion":"90.00","rate":"0.5000"}]', 'step', 100000, 2000000, null)`,
    );
  }
  // The last whole half-year: the large company's data covers the 24 months before today.
  const today = new Date();
  const half = today.getUTCMonth() >= 6 ? `${today.getUTCFullYear()}-H1` : `${today.getUTCFullYear() - 1}-H2`;
  const sizeOf = async (client: ApiClient, url: string) => {
    const body = JSON.parse(Buffer.from(await client.get(url)).toString()) as {
      items: { dealCount: number }[];
    };
    const deals = body.items.reduce((sum, item) => sum + item.dealCount, 0);
    return `${body.items.length.toLocaleString("en")} lines, ${deals.toLocaleString("en")} counted deals`;
  };
  const figures: Figure[] = [];
  const measure = async (name: string, client: ApiClient, url: string) => {
    const note = await sizeOf(client, url);
    figures.push({ name, ...(await timeIt(() => client.get(url))), note });
    process.stdout.write(".");
  };
  await measure(
    `bonuses: company half-year ${half}, lines (as the screen loads it)`,
    clients.admin,
    `/api/v1/bonuses?period=${half}&deals=none`,
  );
  await measure(`bonuses: company half-year ${half}, with every deal`, clients.admin, `/api/v1/bonuses?period=${half}`);
  await measure(
    `bonuses: a head's unit, half-year, with every deal`,
    clients.head,
    `/api/v1/bonuses?period=${half}&unitId=${headUnitId}`,
  );
  return figures;
}
