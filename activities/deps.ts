import type { Database } from '../db/client';
import type { CircuitBreaker, Fetcher, HostThrottle, RobotsCache } from '../lib/http';
import type { Summarizer } from '../lib/summarize';
import type { ExtractionPool } from './extraction-pool';

/** What the activities need from the outside world; the worker builds it, tests inject local servers. */
export interface ActivityDeps {
  db: Database;
  /** The guarded HTTP client: pages are fetched and webhooks delivered through it. */
  fetcher: Fetcher;
  /** Per-host concurrency and delay, shared by every fetch of this worker. */
  throttle: HostThrottle;
  robots: RobotsCache;
  /** Pauses a host after repeated 5xx/timeouts. */
  breaker: CircuitBreaker;
  /** A URL fetched (by the same tenant) within this many ms is reused without a request; 0 always revalidates. */
  cacheTtlMs: number;
  /** Hosts whose robots.txt a scrape may ignore (TRAWL_IGNORE_ROBOTS_HOSTS). */
  ignoreRobotsHosts: string[];
  /** Threads that parse and extract stored pages (the parse step's CPU work). */
  extractionPool: ExtractionPool;
  summarizer: Summarizer;
  /** The local extractive summarizer, used when the model is still unavailable on the last attempt. */
  extractiveSummarizer: Summarizer;
  webhookTimeoutMs: number;
}
