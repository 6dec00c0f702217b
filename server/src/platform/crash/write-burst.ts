/**
 * A burst of concurrent CRM writes against a server process that is killed in the middle of it, and
 * the ledger of what the server acknowledged — so that after a restart the test (or the benchmark)
 * can ask whether everything acknowledged is there, in the acknowledged state.
 */
import { randomUUID } from "node:crypto";
import type { HttpClient } from "../../testing/server-process";

interface DealState {
  id: string;
  title: string;
  version: number;
  amount: number;
  stageId: string;
}

interface ActivityState {
  id: string;
  subject: string;
  completedAt: string | null;
}

export interface WriteLedger {
  /** The state of each deal as the last acknowledged write left it, and who owns it. */
  deals: Map<string, DealState & { login: string }>;
  /** A PATCH in flight at the kill: it may or may not have committed, but wholly if at all. */
  pendingPatches: Map<string, DealState>;
  activities: Map<string, ActivityState & { login: string }>;
  /** Creates in flight at the kill, with their Idempotency-Key, to be retried after the restart. */
  unacknowledgedCreates: { login: string; key: string; url: string; body: Record<string, unknown> }[];
  acknowledged: number;
  /** Answers other than 2xx before the kill: there should be none. */
  refused: string[];
}

export interface BurstOptions {
  /** Logged-in callers by login; each worker writes as one of them, on deals of its own. */
  clients: Map<string, HttpClient>;
  workers: number;
  stages: { id: string; semantic: string }[];
  activityTypeId: string;
  /** Called once at the chosen moment: it must kill the server (SIGKILL). */
  kill: () => void;
  /**
   * Counted from the `warmUp`-th acknowledged write: a fresh process answers its first requests
   * slowly (routes compile their schemas), and the kill should land in the full stream.
   */
  killAfterMs: number;
  warmUp: number;
  /**
   * And not before this many writes after the warm-up were acknowledged: on a busy machine the
   * stream may be thin when the time is up, and the kill must still land in a real burst.
   */
  inStream?: number;
  random: () => number;
}

/** A small seeded generator, so a failing run can be repeated with its seed. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function runWriteBurst(options: BurstOptions): Promise<WriteLedger> {
  const ledger: WriteLedger = {
    deals: new Map(),
    pendingPatches: new Map(),
    activities: new Map(),
    unacknowledgedCreates: [],
    acknowledged: 0,
    refused: [],
  };
  const { random, stages } = options;
  const logins = [...options.clients.keys()];
  let killed = false;
  let sequence = 0;
  // Titles and Idempotency-Keys name the burst too: a second burst on the same data must not
  // replay the first one's answers.
  const burst = randomUUID().slice(0, 8);
  let timer: NodeJS.Timeout | undefined;
  let timeIsUp = false;
  const killIfDue = () => {
    if (killed || !timeIsUp || ledger.acknowledged < options.warmUp + (options.inStream ?? 0)) return;
    killed = true;
    options.kill();
  };
  const acknowledge = () => {
    ledger.acknowledged++;
    if (ledger.acknowledged < options.warmUp) return;
    timer ??= setTimeout(() => {
      timeIsUp = true;
      killIfDue();
    }, options.killAfterMs);
    killIfDue();
  };
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  // Amounts with tiyn, so a half-applied sum could not hide behind round numbers.
  const amount = () => Math.round(random() * 100_000_000) / 100;

  const worker = async (index: number) => {
    const login = logins[index % logins.length]!;
    const client = options.clients.get(login)!;
    const own: string[] = [];
    while (!killed) {
      const choice = random();
      const serial = `${burst}-${index}-${++sequence}`;
      if (own.length < 2 || choice < 0.4) {
        const key = `deal-${serial}`;
        const body = { title: `Сделка ${serial}`, amount: amount() };
        const answer = await send(client, "POST", "/api/v1/deals", body, { "idempotency-key": key });
        if (answer === "lost") ledger.unacknowledgedCreates.push({ login, key, url: "/api/v1/deals", body });
        else if (answer.status === 201) {
          const deal = answer.body as unknown as DealState;
          ledger.deals.set(deal.id, { ...pickDeal(deal), login });
          own.push(deal.id);
          acknowledge();
        } else if (!killed) ledger.refused.push(`POST deal ${answer.status} ${JSON.stringify(answer.body)}`);
      } else if (choice < 0.75) {
        const current = ledger.deals.get(pick(own))!;
        const stage = pick(stages);
        const wanted = pickDeal({ ...current, stageId: stage.id, amount: amount(), version: current.version + 1 });
        ledger.pendingPatches.set(current.id, wanted);
        const answer = await send(client, "PATCH", `/api/v1/deals/${current.id}`, {
          stageId: stage.id,
          amount: wanted.amount,
          version: current.version,
        });
        if (answer === "lost") continue;
        ledger.pendingPatches.delete(current.id);
        if (answer.status === 200) {
          ledger.deals.set(current.id, { ...pickDeal(answer.body as unknown as DealState), login });
          acknowledge();
        } else if (!killed) ledger.refused.push(`PATCH deal ${answer.status} ${JSON.stringify(answer.body)}`);
      } else {
        const key = `activity-${serial}`;
        const body = {
          typeId: options.activityTypeId,
          subject: `Звонок ${serial}`,
          dueAt: new Date().toISOString(),
          completedAt: random() < 0.5 ? new Date().toISOString() : null,
          dealId: pick(own),
        };
        const answer = await send(client, "POST", "/api/v1/activities", body, { "idempotency-key": key });
        if (answer === "lost") ledger.unacknowledgedCreates.push({ login, key, url: "/api/v1/activities", body });
        else if (answer.status === 201) {
          const activity = answer.body as unknown as ActivityState;
          ledger.activities.set(activity.id, {
            id: activity.id,
            subject: activity.subject,
            completedAt: activity.completedAt,
            login,
          });
          acknowledge();
        } else if (!killed) ledger.refused.push(`POST activity ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: options.workers }, (_, index) => worker(index)));
  } finally {
    clearTimeout(timer);
  }
  return ledger;
}

const pickDeal = (deal: DealState): DealState => ({
  id: deal.id,
  title: deal.title,
  version: deal.version,
  amount: deal.amount,
  stageId: deal.stageId,
});

/** A request whose answer never arrived (the server died under it) is "lost": it may have committed. */
async function send(
  client: HttpClient,
  method: string,
  url: string,
  body: unknown,
  headers?: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> } | "lost"> {
  try {
    return await client.request(method, url, body, headers);
  } catch {
    return "lost";
  }
}

/**
 * Compares the ledger with what the restarted server answers; returns one line per difference.
 * A deal with a PATCH in flight at the kill may show either its acknowledged or its patched state.
 */
export async function findLedgerMismatches(clients: Map<string, HttpClient>, ledger: WriteLedger) {
  const mismatches: string[] = [];
  const checks: (() => Promise<void>)[] = [];
  for (const deal of ledger.deals.values()) {
    checks.push(async () => {
      const answer = await clients.get(deal.login)!.request("GET", `/api/v1/deals/${deal.id}`);
      const found = answer.status === 200 ? pickDeal(answer.body as unknown as DealState) : null;
      const pending = ledger.pendingPatches.get(deal.id);
      const acknowledged = pickDeal(deal);
      const same = (expected: DealState | undefined) =>
        expected !== undefined && JSON.stringify(found) === JSON.stringify(pickDeal(expected));
      if (!same(acknowledged) && !same(pending))
        mismatches.push(
          `deal ${deal.title}: acknowledged ${JSON.stringify(acknowledged)}, found ${JSON.stringify(found)}`,
        );
    });
  }
  for (const activity of ledger.activities.values()) {
    checks.push(async () => {
      const answer = await clients.get(activity.login)!.request("GET", `/api/v1/activities/${activity.id}`);
      const found = answer.body as unknown as ActivityState;
      if (answer.status !== 200 || found.subject !== activity.subject || found.completedAt !== activity.completedAt)
        mismatches.push(`activity ${activity.subject}: ${answer.status} ${JSON.stringify(found)}`);
    });
  }
  // Eight at a time: the restarted server is checked under a little load too.
  for (let start = 0; start < checks.length; start += 8) {
    await Promise.all(checks.slice(start, start + 8).map((check) => check()));
  }
  return mismatches;
}
