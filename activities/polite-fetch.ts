import { and, desc, eq, isNotNull, ne } from 'drizzle-orm';
import { pages, scrapes } from '../db/schema';
import { FetchFailure, isHostFailure, type FetchedResponse } from '../lib/http';
import type { ScrapeOptions } from '../lib/scrape-options';
import type { ActivityDeps } from './deps';

/** What the fetch step stores for a page: a fresh response, or a previous fetch of the same URL reused. */
export type PageContent =
  | { kind: 'fetched'; response: FetchedResponse }
  | { kind: 'cached'; cacheStatus: 'hit' | 'revalidated'; previous: PreviousFetch }
  | { kind: 'skipped'; reason: string };

export type PreviousFetch = NonNullable<Awaited<ReturnType<ReturnType<typeof previousFetchLookup>>>>;

function previousFetchLookup(db: ActivityDeps['db']) {
  /** The tenant's latest stored fetch of this URL from another scrape, for the HTTP cache. */
  return async (tenantId: string, scrapeId: string, url: string) => {
    const [row] = await db
      .select({
        finalUrl: pages.finalUrl, httpStatus: pages.httpStatus, headers: pages.headers, contentType: pages.contentType,
        charset: pages.charset, contentHash: pages.contentHash, body: pages.body, bodyBytes: pages.bodyBytes, fetchedAt: pages.fetchedAt,
      })
      .from(pages)
      .innerJoin(scrapes, eq(scrapes.id, pages.scrapeId))
      .where(and(eq(pages.url, url), eq(scrapes.tenantId, tenantId), ne(pages.scrapeId, scrapeId), eq(pages.status, 'fetched'), isNotNull(pages.body)))
      .orderBy(desc(pages.fetchedAt))
      .limit(1);
    return row;
  };
}

export interface PoliteFetchContext { tenantId: string; scrapeId: string; options: ScrapeOptions; signal: AbortSignal }

/**
 * One page, the way a well-behaved crawler fetches it: robots.txt first, a paused (circuit-open) host is not
 * touched, a fetch within the cache TTL is reused, otherwise a conditional GET within the host's concurrency and
 * delay (Crawl-delay included) — and the outcome feeds the host's circuit breaker.
 */
export function createPoliteFetch({ db, fetcher, throttle, robots, breaker, cacheTtlMs }: Pick<ActivityDeps, 'db' | 'fetcher' | 'throttle' | 'robots' | 'breaker' | 'cacheTtlMs'>) {
  const previousFetch = previousFetchLookup(db);

  function pausedFailure(host: string, url: string): FetchFailure {
    const circuit = breaker.snapshot().find((entry) => entry.host === host);
    const retryAfterMs = circuit?.retryAt ? Math.max(0, circuit.retryAt - Date.now()) : undefined;
    return new FetchFailure('HttpServerError', `host ${host} is paused after repeated failures`, { url, retryable: true, retryAfterMs });
  }

  return async function politeFetch(url: string, { tenantId, scrapeId, options, signal }: PoliteFetchContext): Promise<PageContent> {
    const host = new URL(url).host;
    if (!options.ignoreRobots && !(await robots.isAllowed(url, signal))) {
      return { kind: 'skipped', reason: `robots.txt disallows ${new URL(url).pathname}` };
    }
    const previous = options.forceRefresh ? undefined : await previousFetch(tenantId, scrapeId, url);
    if (previous?.fetchedAt && cacheTtlMs > 0 && Date.now() - previous.fetchedAt.getTime() < cacheTtlMs) {
      return { kind: 'cached', cacheStatus: 'hit', previous };
    }
    const crawlDelayMs = options.ignoreRobots ? undefined : await robots.crawlDelayMs(url, signal);
    const minDelayMs = Math.max(options.politeness.minDelayMs ?? 0, crawlDelayMs ?? 0) || undefined;
    let paused: FetchFailure | undefined;
    try {
      const response = await throttle.schedule(
        host,
        () => {
          // Checked when a slot is free, not before queueing: the host may be paused while a request waits in line.
          if (breaker.isOpen(host)) throw (paused = pausedFailure(host, url));
          return fetcher.fetch(url, { signal, etag: previous?.headers?.etag, lastModified: previous?.headers?.['last-modified'] });
        },
        { signal, maxConcurrency: options.politeness.maxConcurrency, minDelayMs },
      );
      breaker.record(host, true);
      if (response.notModified && previous) return { kind: 'cached', cacheStatus: 'revalidated', previous };
      return { kind: 'fetched', response };
    } catch (error) {
      if (error !== paused && isHostFailure(error)) breaker.record(host, false);
      throw error;
    }
  };
}
