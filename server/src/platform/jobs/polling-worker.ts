/**
 * A background loop over work kept in rows (workflow jobs, letters in the outbox). Each pass claims
 * what is due with `FOR UPDATE SKIP LOCKED`, so every process may run one and none does a thing
 * twice; this loop only decides when the next pass runs: at once after a pass that did work or
 * after `wake()`, else after `pollMs`.
 */
export interface PollingWorker {
  /** Units of work done by this worker's passes so far. */
  readonly processed: number;
  /** Runs a pass now (or right after the running one): something became due in this process. */
  wake(): void;
  /** Stops polling and waits for the running pass. */
  stop(): Promise<void>;
}

export interface PollingOptions {
  pollMs: number;
  onError?: (error: unknown) => void;
}

/** `pass` returns how much it did; it should stop early when `shouldStop()` turns true. */
export function startPollingWorker(
  pass: (shouldStop: () => boolean) => Promise<number>,
  options: PollingOptions,
): PollingWorker {
  let stopped = false;
  let processed = 0;
  let busy = false;
  let wokenWhileBusy = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const shouldStop = () => stopped;
  const poll = async () => {
    busy = true;
    wokenWhileBusy = false;
    let done = 0;
    try {
      done = await pass(shouldStop);
      processed += done;
    } catch (error) {
      options.onError?.(error);
    }
    busy = false;
    if (!stopped) schedule(done > 0 || wokenWhileBusy ? 0 : options.pollMs);
  };
  const schedule = (delay: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = poll();
    }, delay);
  };
  schedule(0);
  return {
    get processed() {
      return processed;
    },
    wake() {
      if (stopped) return;
      if (busy) wokenWhileBusy = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
