import robotsParser from 'robots-parser';
import { raceWithSignal } from './deadline';
import { isFetchFailure, type FetchFailureType } from './fetch-failure';
import type { Fetcher } from './fetcher';
import { parseUrl } from './url';

export interface RobotsCacheOptions {
  /** The guarded fetcher: robots.txt goes through the same SSRF checks and limits as pages. */
  fetcher: Pick<Fetcher, 'fetch'>;
  ttlMs: number;
  userAgent: string;
  /** How long an unreachable or failing (5xx) robots.txt disallows the whole origin; default min(ttlMs, 5 min). */
  errorTtlMs?: number;
  /** Cap on honoured Crawl-delay; default 60 s. */
  maxCrawlDelayMs?: number;
  /** Origins kept; the oldest is forgotten first. Default 10,000. */
  maxOrigins?: number;
  now?: () => number;
}

export interface RobotsCache {
  isAllowed(url: string, signal?: AbortSignal): Promise<boolean>;
  /** Crawl-delay for our user agent in ms, capped; undefined when robots.txt sets none. */
  crawlDelayMs(url: string, signal?: AbortSignal): Promise<number | undefined>;
  /** Number of robots.txt fetches started, for tests and metrics. */
  readonly fetchCount: number;
}

type RobotsParser = ReturnType<typeof robotsParser>;
type RobotsRules = { kind: 'allow-all' } | { kind: 'disallow-all'; reason: string } | { kind: 'parsed'; robot: RobotsParser };

interface CacheEntry {
  expiresAt: number;
  rules: Promise<RobotsRules>;
}

/** No usable robots.txt (4xx, unusable content): crawl everything, as Google does. */
const ALLOW_ALL_ON: ReadonlySet<FetchFailureType> = new Set([
  'HttpClientError',
  'UnsupportedContentType',
  'TooLarge',
  'TooManyRedirects',
  'InvalidUrl',
]);

export function createRobotsCache(options: RobotsCacheOptions): RobotsCache {
  const { fetcher, ttlMs, userAgent, now = Date.now } = options;
  const errorTtlMs = options.errorTtlMs ?? Math.min(ttlMs, 5 * 60_000);
  const maxCrawlDelayMs = options.maxCrawlDelayMs ?? 60_000;
  const maxOrigins = options.maxOrigins ?? 10_000;
  const entries = new Map<string, CacheEntry>();
  let fetchCount = 0;

  async function download(origin: string): Promise<{ rules: RobotsRules; ttl: number }> {
    const robotsUrl = `${origin}/robots.txt`;
    fetchCount += 1;
    try {
      const response = await fetcher.fetch(robotsUrl);
      return { rules: { kind: 'parsed', robot: robotsParser(robotsUrl, response.text) }, ttl: ttlMs };
    } catch (error) {
      if (isFetchFailure(error, 'Aborted')) throw error;
      if (isFetchFailure(error) && ALLOW_ALL_ON.has(error.type) && error.status !== 429) return { rules: { kind: 'allow-all' }, ttl: ttlMs };
      // 5xx, 429, timeouts, unreachable, blocked: assume the site wants no crawling for now.
      const reason = error instanceof Error ? error.message : String(error);
      return { rules: { kind: 'disallow-all', reason }, ttl: errorTtlMs };
    }
  }

  function rulesFor(url: string): Promise<RobotsRules> {
    const { origin } = parseUrl(url);
    const cached = entries.get(origin);
    if (cached && cached.expiresAt > now()) return cached.rules;

    const entry: CacheEntry = { expiresAt: Number.POSITIVE_INFINITY, rules: Promise.resolve({ kind: 'allow-all' }) };
    entry.rules = download(origin).then(
      ({ rules, ttl }) => {
        entry.expiresAt = now() + ttl;
        return rules;
      },
      (error: unknown) => {
        if (entries.get(origin) === entry) entries.delete(origin);
        throw error;
      },
    );
    entries.delete(origin);
    entries.set(origin, entry);
    if (entries.size > maxOrigins) entries.delete(entries.keys().next().value as string);
    return entry.rules;
  }

  const withSignal = <T>(promise: Promise<T>, signal?: AbortSignal) => (signal ? raceWithSignal(promise, signal) : promise);

  return {
    async isAllowed(url, signal) {
      if (parseUrl(url).pathname === '/robots.txt') return true;
      const rules = await withSignal(rulesFor(url), signal);
      if (rules.kind === 'parsed') return rules.robot.isAllowed(url, userAgent) ?? true;
      return rules.kind === 'allow-all';
    },
    async crawlDelayMs(url, signal) {
      const rules = await withSignal(rulesFor(url), signal);
      if (rules.kind !== 'parsed') return undefined;
      const seconds = rules.robot.getCrawlDelay(userAgent);
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return undefined;
      return Math.min(seconds * 1000, maxCrawlDelayMs);
    },
    get fetchCount() {
      return fetchCount;
    },
  };
}
