import type { Coverage } from "./coverage-kit";

/** The unit's figures are read by its heads above, tops and admins: the head cabinet's readers. */
const unitReaders = ["headA", "regionHead", "top", "admin"] as const;

/**
 * The start pages: one's own day (A1's activity due today is on A1's page and nobody else's), and a
 * unit's summaries, which outsiders of department A — its other manager, the sibling department's
 * head and manager — are refused as the head cabinet's roll-up is.
 */
export const startCoverage: Record<string, Coverage | readonly Coverage[]> = {
  "GET /api/v1/start/me": { kind: "listing", readers: ["managerA1"] },
  "GET /api/v1/start/units/{id}/people": { kind: "record", readers: unitReaders },
  "GET /api/v1/start/units/{id}/regions": { kind: "record", readers: unitReaders },
};
