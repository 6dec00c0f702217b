import { bonusSchemeWriteSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, rows } from "../../platform/db/database";
import { computeScope } from "../../platform/scope/access-scope";
import { createSchemeOrThrow } from "../bonuses/bonus-scheme.service";

/**
 * The demo company's bonus schemes, as a distributor would set them: managers monthly by steps of
 * completion scaled by activity, department heads quarterly on their unit's revenue, linear with a
 * cap. Made by the administrator through the service, so each has its audit entry.
 */
export async function seedDemoBonusSchemes(db: Database): Promise<number> {
  const [admin] = await rows<{ id: string; login: string; name: string; unitId: string }>(
    db,
    sql`select id, login, name, unit_id as "unitId" from users where role = 'admin' order by created_at limit 1`,
  );
  if (!admin) return 0;
  const actor: Actor = {
    user: { ...admin, role: "admin" },
    scope: await computeScope(db, { id: admin.id, role: "admin", unitId: admin.unitId }),
    via: "session",
  };
  const schemes = [
    {
      name: "Менеджеры по продажам — месяц",
      period: "month",
      appliesTo: { role: "manager" },
      base: "own",
      mode: "step",
      bands: [
        { fromCompletion: 80, rate: 1 },
        { fromCompletion: 100, rate: 2 },
        { fromCompletion: 120, rate: 3 },
      ],
      coefficient: { floor: 70 },
    },
    {
      name: "Руководители отделов — квартал",
      period: "quarter",
      appliesTo: { role: "head" },
      base: "unit",
      mode: "linear",
      bands: [
        { fromCompletion: 80, rate: 0.3 },
        { fromCompletion: 100, rate: 0.5 },
        { fromCompletion: 120, rate: 0.7 },
      ],
      fixed: 100_000,
      cap: 1_500_000,
    },
    {
      name: "Менеджеры по продажам — квартал",
      period: "quarter",
      appliesTo: { role: "manager" },
      base: "own",
      mode: "step",
      bands: [{ fromCompletion: 95, rate: 0.5 }],
    },
  ];
  for (const scheme of schemes) await createSchemeOrThrow(db, actor, bonusSchemeWriteSchema.parse(scheme));
  return schemes.length;
}
