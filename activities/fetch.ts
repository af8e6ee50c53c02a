import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Context, CancelledFailure } from '@temporalio/activity';
import { and, eq, sql } from 'drizzle-orm';
import { pages, type StoredError } from '../db/schema';
import { FetchFailure, type FetchedResponse } from '../lib/http';
import { FETCH_MAX_ATTEMPTS, LEGACY_PAGES_PER_BATCH } from '../workflows/policies';
import { getScrapeOptions } from '../db/queries/scrapes';
import type { ActivityDeps } from './deps';
import { createPoliteFetch, type PageContent, type PoliteFetchContext } from './polite-fetch';
import { permanentFailure, transientFailure } from './failures';
import { withHeartbeat } from './heartbeat';

const gzipAsync = promisify(gzip);

export interface FetchBatchInput {
  scrapeId: string;
  batch: number;
  /** Pages to claim; absent in runs started before it was passed, which claimed LEGACY_PAGES_PER_BATCH. */
  size?: number;
}
export interface FetchBatchResult {
  fetched: number; failed: number; skipped: number;
  /** Uncompressed body bytes of the batch's pages downloaded from the network (not cache hits or 304s); for metrics. */
  bytes?: number;
}

type PageToFetch = { id: number; url: string; depth: number };
type Outcome = { page: PageToFetch; error?: FetchFailure };

/**
 * Claims up to `size` queued pages for `batch` and fetches them, politely per host. Stored pages are final;
 * a retry of the activity fetches only what is still queued. Transient failures fail the activity (so Temporal
 * retries it, after Retry-After when the site asked) until the last attempt, which records them as failed.
 */
export function createFetchActivity(deps: ActivityDeps) {
  const { db } = deps;
  const { previousFetches, politeFetch } = createPoliteFetch(deps);

  /** The first attempt claims pages for the batch; a retry works on the same pages, never on new ones. */
  async function claimBatch(scrapeId: string, batch: number, size: number): Promise<PageToFetch[]> {
    const [claimedBefore] = await db
      .select({ id: pages.id })
      .from(pages)
      .where(and(eq(pages.scrapeId, scrapeId), eq(pages.batch, batch)))
      .limit(1);
    if (!claimedBefore) await claimUnclaimed(scrapeId, batch, size);
    return db
      .select({ id: pages.id, url: pages.url, depth: pages.depth })
      .from(pages)
      .where(and(eq(pages.scrapeId, scrapeId), eq(pages.batch, batch), eq(pages.status, 'queued')))
      .orderBy(pages.id);
  }

  /**
   * Batches claim concurrently: a materialized CTE takes at most one batch of rows, skipping rows another claim holds
   * (inside `IN (…)` PostgreSQL may run a LIMIT subquery more than once and hand out far more than a batch).
   */
  async function claimUnclaimed(scrapeId: string, batch: number, size: number): Promise<void> {
    await db.execute(sql`
      with claimed as materialized (
        select ${pages.id} as id from ${pages}
        where ${pages.scrapeId} = ${scrapeId} and ${pages.status} = 'queued' and ${pages.batch} is null
        order by ${pages.depth}, ${pages.id}
        limit ${size}
        for update skip locked
      )
      update ${pages} set batch = ${batch} from claimed where ${pages.id} = claimed.id and ${pages.batch} is null`);
  }

  /** A fetch failure is the page's outcome; a database failure is the activity's, so Temporal retries it. */
  async function fetchAndStore(page: PageToFetch, context: PoliteFetchContext): Promise<Outcome> {
    let content: PageContent;
    try {
      content = await politeFetch(page.url, context);
    } catch (error) {
      if (context.signal.aborted) return { page };
      const failure = error instanceof FetchFailure
        ? error
        : new FetchFailure('NetworkError', error instanceof Error ? error.message : String(error), { url: page.url, retryable: true });
      return { page, error: failure };
    }
    const columns = content.kind === 'fetched' ? await fetchedColumns(content.response) : reusedOrSkippedColumns(content);
    const store = db.update(pages).set({ ...columns, attempts: sql`${pages.attempts} + 1` }).where(eq(pages.id, page.id));
    // A fresh page is stored by the same statement every time: prepared, it is parsed and planned once per connection
    // (drizzle sends an unprepared query with an extra round trip to describe it first).
    if (content.kind === 'fetched') await store.prepare('store_fetched_page').execute();
    else await store;
    return { page };
  }

  async function recordFailures(outcomes: Outcome[], final: boolean): Promise<void> {
    for (const { page, error } of outcomes) {
      if (!error) continue;
      const stored: StoredError = { type: error.type, message: storableMessage(error.message), details: error.status ? { status: error.status } : undefined };
      const giveUp = final || !error.retryable;
      await db
        .update(pages)
        .set({ status: giveUp ? 'failed' : 'queued', attempts: sql`${pages.attempts} + 1`, error: stored, httpStatus: error.status ?? null })
        .where(eq(pages.id, page.id));
    }
  }

  return {
    async fetchBatch({ scrapeId, batch, size = LEGACY_PAGES_PER_BATCH }: FetchBatchInput): Promise<FetchBatchResult> {
      const { attempt } = Context.current().info;
      const scrape = await getScrapeOptions(db, scrapeId);
      if (!scrape) throw permanentFailure('ScrapeNotFound', `no scrape ${scrapeId}`);
      const claimed = await claimBatch(scrapeId, batch, size);
      const previous = await previousFetches(scrape.tenantId, scrapeId, scrape.options, claimed.map((page) => page.url));
      const outcomes = await withHeartbeat((signal) => {
        const context = { options: scrape.options, signal, previousFetches: previous };
        return Promise.all(claimed.map((page) => fetchAndStore(page, context)));
      });
      if (Context.current().cancellationSignal.aborted) throw new CancelledFailure('fetch cancelled');

      const finalAttempt = attempt >= FETCH_MAX_ATTEMPTS;
      await recordFailures(outcomes, finalAttempt);
      const failed = outcomes.filter((outcome) => outcome.error);
      const startPageFailure = failed.find(({ page, error }) => page.depth === 0 && (!error!.retryable || finalAttempt));
      if (startPageFailure) {
        const { type, message } = startPageFailure.error!;
        throw permanentFailure(type, `start page ${startPageFailure.page.url}: ${message}`);
      }
      const transient = failed.filter(({ error }) => error!.retryable);
      if (transient.length > 0 && !finalAttempt) {
        const retryAfterMs = Math.max(0, ...transient.map(({ error }) => error!.retryAfterMs ?? 0)) || undefined;
        const first = transient[0].error!;
        throw transientFailure(first.type, `${transient.length} page(s) to retry, first ${first.url}: ${first.message}`, retryAfterMs);
      }
      return summarize(scrapeId, batch);
    },
  };

  async function summarize(scrapeId: string, batch: number): Promise<FetchBatchResult> {
    const rows = await db
      .select({
        status: pages.status,
        count: sql<number>`count(*)::int`,
        bytes: sql<number>`coalesce(sum(${pages.bodyBytes}) filter (where ${pages.cacheStatus} = 'miss'), 0)::bigint`,
      })
      .from(pages)
      .where(and(eq(pages.scrapeId, scrapeId), eq(pages.batch, batch)))
      .groupBy(pages.status);
    const count = (status: string) => Number(rows.find((row) => row.status === status)?.count ?? 0);
    const bytes = rows.reduce((total, row) => total + Number(row.bytes ?? 0), 0);
    return { fetched: count('fetched'), failed: count('failed'), skipped: count('skipped'), bytes };
  }
}

/** The page row's columns for a fresh response. */
async function fetchedColumns(response: FetchedResponse) {
  return {
    status: 'fetched' as const, cacheStatus: 'miss' as const, error: null, finalUrl: response.finalUrl, httpStatus: response.status,
    headers: response.headers, contentType: response.contentType, charset: response.charset,
    contentHash: createHash('sha256').update(response.body).digest('hex'),
    body: response.gzip ?? await gzipAsync(response.body, { level: 1 }), bodyBytes: response.body.length, fetchedAt: new Date(),
  };
}

/** The page row's columns for a previous fetch reused from the cache, or a page robots.txt kept us from. */
function reusedOrSkippedColumns(content: Exclude<PageContent, { kind: 'fetched' }>) {
  if (content.kind === 'skipped') {
    return { status: 'skipped' as const, error: { type: 'RobotsDisallowed', message: content.reason }, fetchedAt: new Date() };
  }
  const { previous } = content;
  return {
    status: 'fetched' as const, cacheStatus: content.cacheStatus, finalUrl: previous.finalUrl, httpStatus: previous.httpStatus,
    headers: previous.headers, contentType: previous.contentType, charset: previous.charset, contentHash: previous.contentHash,
    // Copied inside the database: the body never travels to the worker and back.
    body: sql<Uint8Array>`(select earlier.body from ${pages} as earlier where earlier.id = ${previous.id})`,
    bodyBytes: previous.bodyBytes, error: null, fetchedAt: new Date(),
  };
}

/** PostgreSQL cannot store NUL in text or JSON, and an error message is for people: keep it short. */
function storableMessage(message: string): string {
  const clean = message.replaceAll('\u0000', '');
  return clean.length > 500 ? `${clean.slice(0, 499)}…` : clean;
}
