import type { Me } from "@planerka/common";

/** Settings → «Обмен с 1С»: as the server's permission catalogue says (administrators). */
export function canManageOneC(me: Me): boolean {
  return me.abilities.exchangeWith1C;
}

/** «Не распределено»: as the server says (heads, tops and administrators). */
export function canAssignOneCOrders(me: Me): boolean {
  return me.abilities.assignOneCOrders;
}
