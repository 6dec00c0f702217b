import type { ApiClient } from "./measure";

export interface ExportMeasurement {
  seconds: number;
  rows: number;
  megabytes: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
}

const mebibytes = (bytes: number) => bytes / 2 ** 20;

/**
 * Downloads one export through the running server (in this process) and samples the process's
 * resident memory while the bytes stream in: a streamed export keeps the peak flat however many
 * rows it writes.
 */
export async function measureExportMemory(address: string, client: ApiClient, url: string): Promise<ExportMeasurement> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  try {
    const response = await fetch(`${address}${url}`, { headers: { cookie: client.cookie } });
    if (!response.ok || !response.body) throw new Error(`${url}: ${response.status}`);
    let bytes = 0;
    let newlines = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      for (const byte of chunk) if (byte === 10) newlines++;
    }
    return {
      seconds: (performance.now() - started) / 1000,
      rows: Math.max(0, newlines - 1),
      megabytes: mebibytes(bytes),
      rssBeforeMiB: mebibytes(rssBefore),
      rssPeakMiB: mebibytes(rssPeak),
    };
  } finally {
    clearInterval(sampler);
  }
}
