import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiClient } from './api-client';
import { ApiRequestError } from './api-client';
import { FINAL_STATUSES, type Scrape } from './api-types';

export interface WatchOptions {
  intervalMs: number;
  /** Stop waiting after this long (the scrape itself goes on). */
  timeoutMs: number;
  /** Aborting stops the watch at once with the signal's reason. */
  signal?: AbortSignal;
  onUpdate?: (scrape: Scrape) => void;
  /** Consecutive transient API failures (no answer, 5xx) tolerated before giving up. */
  maxTransientFailures?: number;
}

/** Thrown when the scrape is still running after `timeoutMs`. */
export class WatchTimeout extends Error {
  constructor(readonly lastSeen: Scrape | undefined, timeoutMs: number) {
    super(`still ${lastSeen?.status ?? 'unknown'} after ${timeoutMs / 1000} s`);
    this.name = 'WatchTimeout';
  }
}

/** Polls `GET /v1/scrapes/:id` until the scrape reaches a final status, and returns it. */
export async function watchScrape(client: ApiClient, id: string, options: WatchOptions): Promise<Scrape> {
  const deadline = Date.now() + options.timeoutMs;
  const maxTransientFailures = options.maxTransientFailures ?? 10;
  let transientFailures = 0;
  let lastSeen: Scrape | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      lastSeen = await client.getScrape(id);
      transientFailures = 0;
      options.onUpdate?.(lastSeen);
      if (FINAL_STATUSES.has(lastSeen.status)) return lastSeen;
    } catch (error) {
      const tolerable = error instanceof ApiRequestError && error.transient && ++transientFailures < maxTransientFailures;
      if (!tolerable) throw error;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new WatchTimeout(lastSeen, options.timeoutMs);
    await sleep(Math.min(options.intervalMs, remaining), undefined, { signal: options.signal });
  }
}
