import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";

/** DESIGN.md section 3: the default pipeline. */
export const defaultStages = [
  { name: "Новая", color: "#74c0fc", semantic: "open" },
  { name: "Квалификация", color: "#4dabf7", semantic: "open" },
  { name: "Коммерческое предложение", color: "#339af0", semantic: "open" },
  { name: "Переговоры", color: "#228be6", semantic: "open" },
  { name: "Счёт выставлен", color: "#1c7ed6", semantic: "open" },
  { name: "Успешно", color: "#40c057", semantic: "won" },
  { name: "Провалена", color: "#fa5252", semantic: "lost" },
] as const;

/** The nine types of the seed's weekly table, in its order, plus the two e-mail types; norms of section 4. */
export const defaultActivityTypes = [
  {
    code: "call_out_cold",
    name: "Исходящий холодный звонок",
    category: "call",
    direction: "out",
    inWeeklyTable: true,
    dailyNorm: 10,
    weight: 1,
  },
  {
    code: "call_out_potential",
    name: "Исходящий звонок потенциально активному",
    category: "call",
    direction: "out",
    inWeeklyTable: true,
    dailyNorm: 5,
    weight: 1,
  },
  {
    code: "call_out_deal",
    name: "Исходящий звонок по текущей сделке",
    category: "call",
    direction: "out",
    inWeeklyTable: true,
    dailyNorm: 5,
    weight: 1,
  },
  {
    code: "call_in_new",
    name: "Входящий звонок нового клиента",
    category: "call",
    direction: "in",
    inWeeklyTable: true,
    dailyNorm: null,
    weight: 1,
  },
  {
    code: "call_in_known",
    name: "Входящий звонок знакомого клиента",
    category: "call",
    direction: "in",
    inWeeklyTable: true,
    dailyNorm: null,
    weight: 1,
  },
  {
    code: "meeting_cold",
    name: "Встреча холодная",
    category: "meeting",
    direction: null,
    inWeeklyTable: true,
    dailyNorm: 1,
    weight: 3,
  },
  {
    code: "meeting_potential",
    name: "Встреча с потенциально активным",
    category: "meeting",
    direction: null,
    inWeeklyTable: true,
    dailyNorm: 1,
    weight: 3,
  },
  {
    code: "meeting_active",
    name: "Встреча с активным клиентом",
    category: "meeting",
    direction: null,
    inWeeklyTable: true,
    dailyNorm: 1,
    weight: 3,
  },
  {
    code: "demo",
    name: "Демонстрация",
    category: "demo",
    direction: null,
    inWeeklyTable: true,
    dailyNorm: 0.5,
    weight: 2,
  },
  {
    code: "email_in",
    name: "Письмо входящее",
    category: "email",
    direction: "in",
    inWeeklyTable: false,
    dailyNorm: null,
    weight: 1,
  },
  {
    code: "email_out",
    name: "Письмо исходящее",
    category: "email",
    direction: "out",
    inWeeklyTable: false,
    dailyNorm: null,
    weight: 1,
  },
] as const;

export async function createCrmDefaults(executor: Executor) {
  const found = await rows<{ id: string }>(executor, sql`select id from pipelines limit 1`);
  if (found.length === 0) {
    const created = await rows<{ id: string }>(
      executor,
      sql`insert into pipelines (name, sort, is_default) values ('Продажи', 0, true) returning id`,
    );
    for (const [index, stage] of defaultStages.entries()) {
      await executor.execute(
        sql`insert into stages (pipeline_id, name, sort, color, semantic)
            values (${created[0]!.id}, ${stage.name}, ${index}, ${stage.color}, ${stage.semantic})`,
      );
    }
  }
  for (const [index, type] of defaultActivityTypes.entries()) {
    await executor.execute(
      sql`insert into activity_types (code, name, category, direction, in_weekly_table, sort, daily_norm, weight)
          values (${type.code}, ${type.name}, ${type.category}, ${type.direction}, ${type.inWeeklyTable}, ${(index + 1) * 10},
                  ${type.dailyNorm}, ${type.weight})
          on conflict (code) do nothing`,
    );
  }
}
