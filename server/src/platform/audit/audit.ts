import type { Executor } from "../db/database";
import { auditLog } from "../db/schema";

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/** The fields whose values differ, in the order given: the "who changed what" of every card. */
export function diffFields<T extends object>(
  before: T,
  after: Partial<T>,
  fields: readonly (keyof T)[],
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (!(field in after)) continue;
    const oldValue = before[field] ?? null;
    const newValue = after[field] ?? null;
    if (JSON.stringify(oldValue) !== JSON.stringify(newValue)) {
      changes.push({ field: String(field), old: oldValue, new: newValue });
    }
  }
  return changes;
}

export async function recordAudit(
  executor: Executor,
  entry: {
    actorId: string | null;
    entity: string;
    entityId: string;
    action: string;
    changes?: FieldChange[];
    via?: "1c" | "telephony" | "mail";
  },
): Promise<void> {
  await executor.insert(auditLog).values({
    actorId: entry.actorId,
    entity: entry.entity,
    entityId: entry.entityId,
    action: entry.action,
    changes: entry.changes ?? [],
    via: entry.via ?? null,
  });
}
