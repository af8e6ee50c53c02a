import { and, desc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import { pages, scrapes } from '../db/schema';
import { FetchFailure, isHostFailure, type FetchedResponse } from '../lib/http';
import type { ScrapeOptions } from '../lib/scrape-options';
import type { ActivityDeps } from './deps';

/** What the fetch step stores for a page: a fresh response, or a previous fetch of the same URL reused. */
export type PageContent =
  | { kind: 'fetched'; response: FetchedResponse }
  | { kind: 'cached'; cacheStatus: 'hit' | 'revalidated'; previous: PreviousFetch }
  | { kind: 'skipped'; reason: string };

/** The stored page a later fetch of its URL may reuse; its body stays in the database (`id` points to it). */
export type PreviousFetch = Awaited<ReturnType<ReturnType<typeof previousFetchesLookup>['execute']>>[number];

/**
 * For each of the URLs, the tenant's latest stored fetch from another scrape, for the HTTP cache: one query per
 * batch of pages, prepared once (the URLs are one array parameter).
 */
function previousFetchesLookup(db: ActivityDeps['db']) {
  return db
    .selectDistinctOn([pages.url], {
      id: pages.id, url: pages.url, finalUrl: pages.finalUrl, httpStatus: pages.httpStatus, headers: pages.headers,
      contentType: pages.contentType, charset: pages.charset, contentHash: pages.contentHash, bodyBytes: pages.bodyBytes, fetchedAt: pages.fetchedAt,
    })
    .from(pages)
    .innerJoin(scrapes, eq(scrapes.id, pages.scrapeId))
    .where(and(
      sql`${pages.url} = any(${sql.placeholder('urls')})`, eq(scrapes.tenantId, sql.placeholder('tenantId')),
      ne(pages.scrapeId, sql.placeholder('scrapeId')), eq(pages.status, 'fetched'), isNotNull(pages.body),
    ))
    .orderBy(pages.url, desc(pages.fetchedAt))
    .prepare('previous_fetches');
}

export interface PoliteFetchContext {
  options: ScrapeOptions;
  signal: AbortSignal;
  /** From `previousFetches`, for the URLs being fetched. */
  previousFetches: ReadonlyMap<string, PreviousFetch>;
}

/**
 * One page, the way a well-behaved crawler fetches it: robots.txt first, a paused (circuit-open) host is not
 * touched, a previous fetch within the cache TTL is reused (`previousFetches` looks them up for a batch), otherwise
 * a conditional GET within the host's concurrency and delay (Crawl-delay included) — and the outcome feeds the
 * host's circuit breaker.
 */
export function createPoliteFetch({ db, fetcher, throttle, robots, breaker, cacheTtlMs }: Pick<ActivityDeps, 'db' | 'fetcher' | 'throttle' | 'robots' | 'breaker' | 'cacheTtlMs'>) {
  const lookup = previousFetchesLookup(db);

  /** What `politeFetch` may reuse for these URLs (nothing when the scrape forces a refresh). */
  async function previousFetches(tenantId: string, scrapeId: string, options: ScrapeOptions, urls: string[]): Promise<Map<string, PreviousFetch>> {
    if (options.forceRefresh || urls.length === 0) return new Map();
    const rows = await lookup.execute({ urls, tenantId, scrapeId });
    return new Map(rows.map((row) => [row.url, row]));
  }

  function pausedFailure(host: string, url: string): FetchFailure {
    const circuit = breaker.snapshot().find((entry) => entry.host === host);
    const retryAfterMs = circuit?.retryAt ? Math.max(0, circuit.retryAt - Date.now()) : undefined;
    return new FetchFailure('HttpServerError', `host ${host} is paused after repeated failures`, { url, retryable: true, retryAfterMs });
  }

  async function politeFetch(url: string, { options, signal, previousFetches }: PoliteFetchContext): Promise<PageContent> {
    const host = new URL(url).host;
    if (!options.ignoreRobots && !(await robots.isAllowed(url, signal))) {
      return { kind: 'skipped', reason: `robots.txt disallows ${new URL(url).pathname}` };
    }
    const previous = previousFetches.get(url);
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
  }

  return { previousFetches, politeFetch };
}
