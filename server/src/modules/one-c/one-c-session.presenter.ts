import type { OneCSession } from "@planerka/common";
import { sql } from "drizzle-orm";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";

export interface SessionRow {
  id: string;
  kind: OneCSession["kind"];
  status: OneCSession["status"];
  directions: ("in" | "out")[];
  user_id: string | null;
  user_name: string | null;
  started_at: string | Date;
  finished_at: string | Date | null;
  files: { name: string; size: number; applied: boolean }[];
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  orders_sent: number;
  error: string | null;
}

export const oneCSessionColumns = sql`s.id, s.kind, s.status, s.directions, s.user_id, u.name as user_name, s.started_at,
  s.finished_at, s.files, s.created, s.updated, s.unchanged, s.rejected, s.orders_sent, s.error`;

export function presentSession(row: SessionRow): OneCSession {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    directions: row.directions,
    userId: row.user_id,
    userName: row.user_name,
    startedAt: toIso(row.started_at),
    finishedAt: toIsoOrNull(row.finished_at),
    files: row.files.map((file) => ({ name: file.name, size: file.size, applied: file.applied })),
    counts: { created: row.created, updated: row.updated, unchanged: row.unchanged, rejected: row.rejected },
    ordersSent: row.orders_sent,
    error: row.error,
  };
}
