import type { AccessLevel, Me } from "@planerka/common";
import type { CrmEntity } from "./crm-api";

type Action = "read" | "write" | "delete" | "export";

export function accessLevel(me: Me, entity: CrmEntity, action: Action): AccessLevel {
  return me.abilities.access[entity]?.[action] ?? "none";
}

/** Whether the user may do `action` on some records of the entity; the server checks each record anyway. */
export function canDo(me: Me, entity: CrmEntity, action: Action): boolean {
  return accessLevel(me, entity, action) !== "none";
}

/** Whether the user sees more than their own records, so owner and unit filters make sense. */
export function seesOthers(me: Me, entity: CrmEntity): boolean {
  const level = accessLevel(me, entity, "read");
  return level === "subtree" || level === "all";
}
