/** Timing helpers shared by the benchmark's parts: percentiles over repeated calls. */
export interface Figure {
  name: string;
  p50: number;
  p95: number;
  max: number;
  note?: string;
}

export const iterations = Number(process.env.BENCH_ITERATIONS ?? 40);

export function percentile(values: number[], fraction: number) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Runs `run` 3 times to warm caches, then `count` (`iterations`) times measured. */
export async function timeIt(run: () => Promise<unknown>, count = iterations): Promise<Omit<Figure, "name">> {
  const times: number[] = [];
  for (let index = 0; index < count + 3; index++) {
    const begin = performance.now();
    await run();
    if (index >= 3) times.push(performance.now() - begin);
  }
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: Math.max(...times) };
}

/** Like `timeIt`, for figures `run` reports itself (a server's time from its header). */
export async function collect(run: () => Promise<number>, count = iterations): Promise<Omit<Figure, "name">> {
  const values: number[] = [];
  for (let index = 0; index < count + 3; index++) {
    const value = await run();
    if (index >= 3) values.push(value);
  }
  return { p50: percentile(values, 0.5), p95: percentile(values, 0.95), max: Math.max(...values) };
}

/** An HTTP client for the running server, logged in as one user. */
export async function apiClient(address: string, login: string, password: string) {
  const response = await fetch(`${address}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, password }),
  });
  if (!response.ok) throw new Error(`login ${login}: ${response.status}`);
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  const get = async (url: string) => {
    const answer = await fetch(`${address}${url}`, { headers: { cookie } });
    const body = await answer.arrayBuffer();
    if (!answer.ok) throw new Error(`${url}: ${answer.status} ${Buffer.from(body).toString().slice(0, 200)}`);
    return body;
  };
  /** The server's own time for a read, from its `Server-Timing` header (no network, no client). */
  const serverTime = async (url: string) => {
    const answer = await fetch(`${address}${url}`, { headers: { cookie } });
    await answer.arrayBuffer();
    if (!answer.ok) throw new Error(`${url}: ${answer.status}`);
    return Number(/app;dur=([\d.]+)/.exec(answer.headers.get("server-timing") ?? "")?.[1] ?? Number.NaN);
  };
  /** A write as the browser sends it (JSON, with its origin); the answer's JSON. */
  const send = async (method: string, url: string, body: unknown) => {
    const answer = await fetch(`${address}${url}`, {
      method,
      headers: { cookie, "content-type": "application/json", origin: address },
      body: JSON.stringify(body),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${method} ${url}: ${answer.status} ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as unknown) : null;
  };
  return { cookie, get, serverTime, send };
}

export type ApiClient = Awaited<ReturnType<typeof apiClient>>;

export function printTable(results: Figure[]) {
  const header = "| measurement | p50 ms | p95 ms | max ms | note |\n|---|---:|---:|---:|---|";
  const lines = results.map(
    (row) =>
      `| ${row.name} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.max.toFixed(1)} | ${row.note ?? ""} |`,
  );
  console.log([header, ...lines].join("\n"));
}
