import { type ImportRowError, monthSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, rows } from "../../platform/db/database";
import { invalid } from "../../platform/errors/problem";
import { parseImportFileOrThrow } from "../imports/import-file";
import { parseAmount, parseDay, rowError } from "../imports/import-records";
import { canSetPlan, setPlanOrThrow } from "./plan.service";

const headers = {
  login: ["login", "логин", "сотрудник (логин)"],
  month: ["month", "месяц", "период"],
  amount: ["amount", "plan", "план", "сумма"],
};

function columnOf(columns: string[], names: string[]) {
  return columns.findIndex((column) => names.includes(column.trim().toLowerCase()));
}

/** "2026-11", "11.2026" or a date in that month. */
function parseMonth(value: string): string | null {
  const trimmed = value.trim();
  if (monthSchema.safeParse(trimmed).success) return trimmed;
  const dotted = /^(\d{1,2})\.(\d{4})$/.exec(trimmed);
  if (dotted) return `${dotted[2]}-${dotted[1]!.padStart(2, "0")}`;
  return parseDay(trimmed)?.slice(0, 7) ?? null;
}

/**
 * Plans from a workbook or CSV with the columns «Логин», «Месяц», «Сумма»: each row sets one plan
 * the importer may set, and is recorded in the plan history like a change made by hand.
 */
export async function importPlansOrThrow(db: Database, actor: Actor, fileName: string, data: Buffer) {
  const table = await parseImportFileOrThrow(fileName, data);
  const login = columnOf(table.columns, headers.login);
  const month = columnOf(table.columns, headers.month);
  const amount = columnOf(table.columns, headers.amount);
  if (login < 0 || month < 0 || amount < 0)
    throw invalid("file", "The file needs the columns «Логин», «Месяц» and «Сумма»", { code: "planColumns" });
  const users = new Map(
    (
      await rows<{ id: string; login: string; unitId: string }>(
        db,
        sql`select id, login, unit_id as "unitId" from users`,
      )
    ).map((user) => [user.login, user]),
  );
  let saved = 0;
  const errors: ImportRowError[] = [];
  for (const [index, values] of table.rows.entries()) {
    const row = index + 2;
    const user = users.get((values[login] ?? "").trim().toLowerCase());
    const period = parseMonth(values[month] ?? "");
    const sum = parseAmount(values[amount] ?? "");
    const value = (index: number) => ({ value: (values[index] ?? "").slice(0, 100) });
    if (!user || !canSetPlan(actor, user))
      errors.push(
        rowError(row, "login", "unknownEmployee", `no employee "${values[login]}" whose plan you set`, value(login)),
      );
    else if (!period)
      errors.push(rowError(row, "month", "notAMonth", `"${values[month]}" is not a month`, value(month)));
    else if (sum === null)
      errors.push(rowError(row, "amount", "notAnAmount", `"${values[amount]}" is not an amount`, value(amount)));
    else {
      await setPlanOrThrow(db, actor, user.id, period, sum);
      saved++;
    }
  }
  return { saved, errors };
}
